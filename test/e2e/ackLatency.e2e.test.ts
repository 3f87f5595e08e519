import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../src/slack/ids.js';
import { type Harness, IDS, personalDataSentToSlack, startHarness } from './harness.js';

/** Slack gives up on an ack after 3 s and shows the user operation_timeout. */
const SLACK_ACK_LIMIT_MS = 3000;
const JUHE_DELAY_MS = 5000;

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ slowMs: JUHE_DELAY_MS, timeoutMs: 8000 });
});
afterAll(async () => {
  expect(personalDataSentToSlack(h)).toEqual([]);
  await h.close();
}, 20_000);

describe('every listener acks in time while Juhe takes 5 s', () => {
  it('slash commands, modal submissions, buttons and the shortcut all ack well under 3 s', async () => {
    const started = Date.now();
    const acks: Array<[string, number]> = [];
    const slow = await h.slash('/risk', 'FAULT:slow 张德洲 1');
    acks.push(['/risk private', slow.ackMs]);
    const compliance = await h.slash('/risk', 'FAULT:slow 张德洲 1', { channel: IDS.complianceChannel });
    acks.push(['/risk compliance', compliance.ackMs]);
    const overview = await h.slash('/risk', 'FAULT:slow 张德洲');
    acks.push(['/risk overview', overview.ackMs]);

    const source = h.fake.store.addMessage({
      channel: IDS.generalChannel,
      user: IDS.analyst,
      text: 'FAULT:slow 张德洲',
      via: 'test',
    });
    const shortcut = await h.messageShortcut(source);
    acks.push(['message shortcut', shortcut.ack.ackMs]);

    const finance = await h.slash('/finance', '');
    acks.push(['/finance open', finance.ackMs]);
    const modal = await h.waitForView(IDS.analyst, 'finance_query');
    const submit = await h.submitView(modal, {
      realname: { realname_input: { value: '张三' } },
      idcard: { idcard_input: { value: '11010519491231002X' } },
      mobile: { mobile_input: { value: '19900000001' } },
      purpose: { purpose_input: { value: 'Latency check' } },
      consent: { consent_checkbox: { selected_options: [{ value: 'attested' }] } },
    });
    acks.push(['/finance submit', submit.ackMs]);
    expect(JSON.parse(submit.body).response_action).toBe('update');

    // All of the above are still waiting on Juhe: nothing has answered yet.
    expect(Date.now() - started).toBeLessThan(JUHE_DELAY_MS);

    // Once the private answer is there, a page click acks at once while page 2 takes 5 s.
    const reply = await h.waitForMessage(
      () =>
        h.fake
          .ephemeralsFor(IDS.analyst, IDS.generalChannel)
          .find((m) => JSON.stringify(m.blocks).includes(ACTION_IDS.nextPage)),
      12_000,
    );
    const click = await h.clickButton(reply, ACTION_IDS.nextPage);
    acks.push(['next page', click.ackMs]);

    for (const [what, ms] of acks) expect(ms, what).toBeLessThan(SLACK_ACK_LIMIT_MS);
    // Far under the limit, not just under it: these are loopback round trips.
    expect(Math.max(...acks.map(([, ms]) => ms))).toBeLessThan(1000);
  }, 30_000);
});
