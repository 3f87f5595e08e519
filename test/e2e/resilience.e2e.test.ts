import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../src/slack/ids.js';
import { type Harness, IDS, personalDataSentToSlack, startHarness, textOf, waitUntil } from './harness.js';

/** What can go wrong around a query that Slack and people do: closing modals, double clicks, old URLs. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    slowMs: 400,
    allowedUserIds: [IDS.analyst],
    financeAllowedUserIds: [IDS.analyst],
  });
});
afterAll(async () => {
  expect(personalDataSentToSlack(h)).toEqual([]);
  await h.close();
});
beforeEach(() => h.sandbox.resetRequests());

const SLOW_FINANCE_MOBILE = '19900000001';
const financeForm = (mobile: string) => ({
  realname: { realname_input: { value: '张三' } },
  idcard: { idcard_input: { value: '11010519491231002X' } },
  mobile: { mobile_input: { value: mobile } },
  purpose: { purpose_input: { value: 'Resilience check' } },
  consent: { consent_checkbox: { selected_options: [{ value: 'attested' }] } },
});

async function submitFinance(channel: string, mobile: string) {
  await h.slash('/finance', '', { channel });
  const modal = await h.waitForView(IDS.analyst, 'finance_query', (v) =>
    JSON.stringify(v.view).includes('consent'),
  );
  await h.submitView(modal, financeForm(mobile));
  return modal;
}

const auditEvents = () =>
  h.logLines
    .map((line) => JSON.parse(line))
    .filter((line) => line.audit)
    .map((line) => line.audit);

describe('a /finance modal closed before Juhe answers', () => {
  it('still delivers the billed rating, privately, and logs no failure', async () => {
    const before = h.fake.ephemeralsFor(IDS.analyst, IDS.generalChannel).length;
    const modal = await submitFinance(IDS.generalChannel, SLOW_FINANCE_MOBILE);
    h.fake.closeViewStack(IDS.analyst);
    const reply = await h.privateAnswer(before);
    expect(textOf(reply.blocks)).toContain('110105********002X');
    expect(textOf(reply.blocks)).toContain('1,500');
    expect(h.fake.viewById(modal.id)?.state).toBe('closed');
    expect(h.logLines.some((line) => line.includes('unexpected failure'))).toBe(false);
  });

  it('in a compliance channel the masked copy still goes to the thread', async () => {
    await submitFinance(IDS.complianceChannel, SLOW_FINANCE_MOBILE);
    h.fake.closeViewStack(IDS.analyst);
    const parent = await h.waitForMessage(() =>
      h.fake
        .messagesIn(IDS.complianceChannel)
        .find((m) => m.replies.some((r) => JSON.stringify(r.blocks).includes('110105********002X'))),
    );
    expect(parent.replies).toHaveLength(1);
  });
});

describe('/finance from a compliance channel the app is not in', () => {
  it('shows the rating in the modal and says there is no need to look the person up again', async () => {
    h.fake.setBotMember(IDS.complianceChannel, false);
    try {
      const modal = await submitFinance(IDS.complianceChannel, '13812345678');
      await h.waitForViewContent(modal.id, (v) => JSON.stringify(v.view).includes('JH815'));
      const notice = await h.waitForMessage(() =>
        h.fake.ephemeralsFor(IDS.analyst, IDS.complianceChannel).find((m) => m.text.includes('/invite')),
      );
      expect(notice.text).toContain('no need to look the person up again');
      expect(h.sandbox.requestCount('/financeInfo/query')).toBe(1);
    } finally {
      h.fake.setBotMember(IDS.complianceChannel, true);
    }
  });
});

describe('paging', () => {
  it('a double click on Next asks Juhe once', async () => {
    const before = h.fake.ephemeralsFor(IDS.analyst, IDS.generalChannel).length;
    await h.slash('/risk', 'FAULT:slow-300 张德洲 1');
    const reply = await h.privateAnswer(before);
    h.sandbox.resetRequests();
    const linesBefore = h.logLines.length;
    await Promise.all([h.clickButton(reply, ACTION_IDS.nextPage), h.clickButton(reply, ACTION_IDS.nextPage)]);
    await waitUntil(() => {
      const events = h.logLines.slice(linesBefore).filter((line) => line.includes('"audit"'));
      return events.length >= 2 ? events : undefined;
    });
    expect(h.sandbox.requestCount('/personRisk/query')).toBe(1);
    const billed = auditEvents()
      .slice(-2)
      .map((event) => event.billed);
    expect(billed.sort()).toEqual([false, true]);
  });
});

describe('a private answer whose response_url can no longer be used', () => {
  it('arrives by chat.postEphemeral instead of being lost', async () => {
    const ack = await h.slash('/risk', '');
    expect(ack.status).toBe(200);
    const modal = await h.waitForView(IDS.analyst, 'risk_query', (v) =>
      JSON.stringify(v.view).includes('keyword'),
    );
    // Slack allows five uses of a response_url; someone has spent them all.
    for (let use = 0; use < 5; use += 1) {
      await fetch(ack.responseUrl, { method: 'POST', body: JSON.stringify({ text: `use ${use}` }) });
    }
    await h.submitView(modal, {
      keyword: { keyword_input: { value: '江苏' } },
      realname: { realname_input: { value: '赵敏' } },
      type: { type_select: { selected_option: { value: '3' } } },
    });
    const call = await h.fake.waitFor(
      (c) => c.method === 'chat.postEphemeral' && JSON.stringify(c.args).includes('赵敏'),
    );
    expect(call.ok).toBe(true);
  });
});

describe('refusals come before any form', () => {
  it('bare /risk from a refused user is refused in the ack and opens no modal', async () => {
    const ack = await h.slash('/risk', '', { user: IDS.refused });
    expect(ack.ackMessage?.response_type).toBe('ephemeral');
    expect(textOf(ack.ackMessage?.blocks)).toContain('not on the list');
    expect(h.fake.openViews(IDS.refused)).toEqual([]);
    expect(auditEvents().at(-1)).toMatchObject({ requester: IDS.refused, outcome: 'refused', api: 'risk' });
  });
});
