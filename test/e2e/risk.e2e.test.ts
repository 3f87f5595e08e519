import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { t } from '../../src/i18n/catalog.js';
import type { FakeMessage } from '../../src/local/fake-slack/store.js';
import { PERSONAL_DATA_IN_RECORDS } from '../../src/local/sandbox/fixtures/risk.js';
import { ACTION_IDS } from '../../src/slack/ids.js';
import { actionIdsOf, type Harness, IDS, personalDataSentToSlack, startHarness, textOf } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ allowedUserIds: [IDS.analyst] });
});
afterAll(async () => {
  expect(personalDataSentToSlack(h)).toEqual([]);
  // names are masked in logs (the audit line carries 张*洲), even at debug level
  for (const name of ['张德洲', '王建国', '李娜', '赵敏']) expect(h.logLines.join('\n')).not.toContain(name);
  await h.close();
});
beforeEach(() => {
  h.sandbox.resetRequests();
});

const ephemeralReply = (responseUrlCount: number) => h.privateAnswer(responseUrlCount);

describe('/risk in an ordinary channel (private answers)', () => {
  it('a type shows page 1 of that source with Next only, and paging moves forward and back in place', async () => {
    const before = h.fake.ephemeralsFor(IDS.analyst, IDS.generalChannel).length;
    const ack = await h.slash('/risk', '江苏 张德洲 失信');
    expect(ack.status).toBe(200);
    // The ack is empty: the "Screening…" notice goes through the response_url, and the answer replaces it.
    expect(ack.ackMessage).toBeUndefined();
    const reply = await ephemeralReply(before);
    expect(reply.ephemeralFor).toBe(IDS.analyst);
    expect(reply.editedAt).toBeDefined();
    expect(h.fake.ephemeralsFor(IDS.analyst, IDS.generalChannel)).toHaveLength(before + 1);
    const page1 = textOf(reply.blocks);
    expect(page1).toContain('(2018)苏0581执5877号');
    expect(page1).toContain('2019-02-27');
    expect(page1).toContain('常熟市人民法院');
    expect(page1).toMatch(/1\D+4/); // page 1 of 4
    expect(page1).toContain('31');
    expect(actionIdsOf(reply)).toEqual([ACTION_IDS.nextPage, ACTION_IDS.watch, ACTION_IDS.export]);
    expect(reply.text.length).toBeGreaterThan(10);
    expect(h.sandbox.requestCount('/personRisk/query')).toBe(1);

    // Next → page 2, same message
    const responseUrl = h.fake.createResponseUrl({
      channel: reply.channel,
      user: IDS.analyst,
      messageTs: reply.ts,
    });
    await h.clickButton(reply, ACTION_IDS.nextPage, { responseUrl });
    const page2 = await h.waitForMessage(() => {
      const same = h.fake.ephemeralsFor(IDS.analyst, IDS.generalChannel).find((m) => m.ts === reply.ts);
      return same && textOf(same.blocks) !== page1 ? same : undefined;
    });
    expect(h.fake.ephemeralsFor(IDS.analyst, IDS.generalChannel)).toHaveLength(before + 1);
    expect(textOf(page2.blocks)).not.toContain('(2018)苏0581执5877号');
    expect(actionIdsOf(page2)).toEqual([
      ACTION_IDS.prevPage,
      ACTION_IDS.nextPage,
      ACTION_IDS.watch,
      ACTION_IDS.export,
    ]);

    // Prev → page 1 again, from the cache: not billed twice
    const prevUrl = h.fake.createResponseUrl({
      channel: reply.channel,
      user: IDS.analyst,
      messageTs: reply.ts,
    });
    await h.clickButton(page2, ACTION_IDS.prevPage, { responseUrl: prevUrl });
    await h.waitForMessage(() => {
      const same = h.fake.ephemeralsFor(IDS.analyst, IDS.generalChannel).find((m) => m.ts === reply.ts);
      return same && textOf(same.blocks).includes('(2018)苏0581执5877号') ? same : undefined;
    });
    expect(h.sandbox.requestCount('/personRisk/query')).toBe(2);
  });

  it.each([
    ['被执行', 2, '被执行'],
    ['3', 3, '限制'],
  ])('type word %s queries type %s', async (word, type, expected) => {
    const before = h.fake.ephemeralsFor(IDS.analyst, IDS.generalChannel).length;
    await h.slash('/risk', `江苏 张德洲 ${word}`);
    const reply = await ephemeralReply(before);
    expect(textOf(reply.blocks)).toContain(expected);
    expect(h.sandbox.requests.at(-1)?.params.type).toBe(String(type));
  });

  it('without a type shows an overview of all three sources with a button into each list', async () => {
    const before = h.fake.ephemeralsFor(IDS.analyst, IDS.generalChannel).length;
    await h.slash('/risk', '江苏德洲实业 张德洲');
    const reply = await ephemeralReply(before);
    expect(h.sandbox.requestCount('/personRisk/query')).toBe(3);
    expect(actionIdsOf(reply)).toEqual([
      `${ACTION_IDS.showType}_1`,
      `${ACTION_IDS.showType}_2`,
      `${ACTION_IDS.showType}_3`,
      ACTION_IDS.watch,
      ACTION_IDS.export,
    ]);
    const text = textOf(reply.blocks);
    expect(text).toContain('31');
    expect(text).toContain('7');

    const responseUrl = h.fake.createResponseUrl({
      channel: reply.channel,
      user: IDS.analyst,
      messageTs: reply.ts,
    });
    const overviewBlocks = JSON.stringify(reply.blocks);
    const count = h.fake.ephemeralsFor(IDS.analyst, IDS.generalChannel).length;
    await h.clickButton(reply, `${ACTION_IDS.showType}_2`, { responseUrl });
    // The list opens as its own message; the overview stays as it was, with its way into each source.
    const list = await h.privateAnswer(count);
    expect(textOf(list.blocks)).toContain('被执行');
    expect(list.ts).not.toBe(reply.ts);
    expect(JSON.stringify(reply.blocks)).toBe(overviewBlocks);
    // page 1 of type 2 was fetched for the overview: served from the cache
    expect(h.sandbox.requestCount('/personRisk/query')).toBe(3);

    // A second source from the same overview, without retyping the command.
    await h.clickButton(reply, `${ACTION_IDS.showType}_1`, {
      responseUrl: h.fake.createResponseUrl({
        channel: reply.channel,
        user: IDS.analyst,
        messageTs: reply.ts,
      }),
    });
    const second = await h.privateAnswer(count + 1);
    expect(textOf(second.blocks)).toContain('Dishonest debtor');
    expect(actionIdsOf(second)).toEqual([ACTION_IDS.nextPage, ACTION_IDS.watch, ACTION_IDS.export]);
    // Next on that list pages the list in place, never the overview.
    await h.clickButton(second, ACTION_IDS.nextPage, {
      responseUrl: h.fake.createResponseUrl({
        channel: second.channel,
        user: IDS.analyst,
        messageTs: second.ts,
      }),
    });
    await h.waitForMessage(() => {
      const same = h.fake.ephemeralsFor(IDS.analyst, IDS.generalChannel).find((m) => m.ts === second.ts);
      return same && actionIdsOf(same).includes(ACTION_IDS.prevPage) ? same : undefined;
    });
    expect(h.fake.ephemeralsFor(IDS.analyst, IDS.generalChannel)).toHaveLength(count + 2);
    expect(JSON.stringify(reply.blocks)).toBe(overviewBlocks);
  });

  it('a subject without records says so, never "clean"', async () => {
    const before = h.fake.ephemeralsFor(IDS.analyst, IDS.generalChannel).length;
    await h.slash('/risk', '江苏 李无名 1');
    const reply = await ephemeralReply(before);
    const text = textOf(reply.blocks).toLowerCase();
    expect(text).toContain('no records in this source');
    expect(text).not.toContain('clean');
  });

  it('help and bad text are answered in the ack, with no Juhe call', async () => {
    const help = await h.slash('/risk', 'help');
    expect(textOf(help.ackMessage?.blocks)).toContain('/risk');
    // Help carries no Juhe data, so even on the sandbox it has no sandbox marker.
    expect(textOf(help.ackMessage?.blocks)).not.toContain('Sandbox data');
    expect(textOf(help.ackMessage?.blocks)).toContain('限消');
    const bad = await h.slash('/risk', '"江苏 张德洲');
    expect(bad.ackMessage?.response_type).toBe('ephemeral');
    expect(textOf(bad.ackMessage?.blocks).toLowerCase()).toContain('quote');
    // A 统一社会信用代码 whose last two characters were swapped: named before any Juhe call.
    const swapped = await h.slash('/risk', '9111000010000648K5 张德洲');
    expect(swapped.ackMessage?.response_type).toBe('ephemeral');
    expect(textOf(swapped.ackMessage?.blocks)).toMatch(/17 and 18/);
    const personal = await h.slash('/risk', '11010519491231002X 张德洲');
    expect(JSON.stringify(personal.ackMessage)).not.toContain('11010519491231002X');
    expect(h.sandbox.requestCount()).toBe(0);
  });

  it('bare /risk opens the risk modal; submitting it answers privately', async () => {
    const ack = await h.slash('/risk', '');
    expect(ack.status).toBe(200);
    const modal = await h.waitForView(IDS.analyst, 'risk_query');
    const before = h.fake.ephemeralsFor(IDS.analyst, IDS.generalChannel).length;
    await h.submitView(modal, {
      keyword: { keyword_input: { type: 'plain_text_input', value: '江苏' } },
      realname: { realname_input: { type: 'plain_text_input', value: '李娜' } },
      type: { type_select: { type: 'static_select', selected_option: { value: '1' } } },
    });
    const reply = await ephemeralReply(before);
    expect(textOf(reply.blocks)).toContain('李娜');
    // one message: the "Screening…" notice became the answer
    expect(reply.editedAt).toBeDefined();
    expect(h.fake.ephemeralsFor(IDS.analyst, IDS.generalChannel)).toHaveLength(before + 1);
  });

  it('the modal refuses a bad name and a 身份证 keyword inline', async () => {
    await h.slash('/risk', '');
    const modal = await h.waitForView(IDS.analyst, 'risk_query', (v) => !v.errors);
    const result = await h.submitView(modal, {
      keyword: { keyword_input: { type: 'plain_text_input', value: '11010519491231002X' } },
      realname: { realname_input: { type: 'plain_text_input', value: '张' } },
    });
    const ack = JSON.parse(result.body);
    expect(ack.response_action).toBe('errors');
    expect(Object.keys(ack.errors).sort()).toEqual(['keyword', 'realname']);
    expect(result.body).not.toContain('11010519491231002X');
    expect(h.sandbox.requestCount()).toBe(0);
  });
});

describe('personal data inside Juhe’s records', () => {
  const { idCard, mobile, groupedMobile, uscc } = PERSONAL_DATA_IN_RECORDS;

  it.each([
    // a list shows every field; an overview's compact lines leave out the person field
    [
      'a list',
      '南京鼓楼咨询有限公司 孙丽华 失信',
      ['320106********1231', '139****5678', '+86 138-****-8000'],
    ],
    ['an overview', '南京鼓楼咨询有限公司 孙丽华', ['139****5678', '+86 138-****-8000']],
  ])('arrives masked in %s, like what the analyst types', async (_surface, text, masks) => {
    const before = h.fake.ephemeralsFor(IDS.analyst, IDS.generalChannel).length;
    await h.slash('/risk', text);
    const reply = await ephemeralReply(before);
    const shown = textOf(reply.blocks);
    for (const masked of masks) expect(shown).toContain(masked);
    for (const raw of [idCard, mobile, groupedMobile]) expect(JSON.stringify(reply)).not.toContain(raw);
    // a 统一社会信用代码 and an office number are not personal: they stay whole
    if (masks.length === 3) expect(shown).toContain(uscc);
    expect(shown).toContain('025-83570000');
  });
});

/** A copy of `message` whose buttons all carry `value`: what a forged or tampered click would send. */
function withButtonValues(message: FakeMessage, value: string): FakeMessage {
  const blocks = structuredClone(message.blocks ?? []) as Array<{ elements?: Array<{ value?: string }> }>;
  for (const element of blocks.flatMap((block) => block.elements ?? [])) {
    if (element.value !== undefined) element.value = value;
  }
  return { ...message, blocks };
}

describe('a 统一社会信用代码 whose check character does not match', () => {
  it('the modal refuses it inline, naming the likely typo, with no Juhe call', async () => {
    await h.slash('/risk', '');
    const modal = await h.waitForView(IDS.analyst, 'risk_query', (v) => !v.errors);
    const result = await h.submitView(modal, {
      keyword: { keyword_input: { type: 'plain_text_input', value: '91350100M000100X43' } },
      realname: { realname_input: { type: 'plain_text_input', value: '张德洲' } },
    });
    expect(JSON.parse(result.body)).toEqual({
      response_action: 'errors',
      errors: {
        keyword:
          'This 统一社会信用代码 does not add up: character 16 should probably be “Y”, not “X”. Compare it with the business licence (营业执照).',
      },
    });
    expect(h.sandbox.requestCount()).toBe(0);
  });

  it('a page button carrying one is a stale button: no Juhe call', async () => {
    const before = h.fake.ephemeralsFor(IDS.analyst, IDS.generalChannel).length;
    await h.slash('/risk', '江苏 张德洲 1');
    const reply = await ephemeralReply(before);
    h.sandbox.resetRequests();
    const forgedValue = JSON.stringify({ v: 1, k: '91350100M000100X43', n: '张德洲', t: 1, p: 2, s: 10 });
    const forged = withButtonValues(reply, forgedValue);
    const staleBefore = h.fake.ephemeralsFor(IDS.analyst).length;
    await h.clickButton(forged, ACTION_IDS.nextPage);
    const stale = await h.waitForMessage(() => h.fake.ephemeralsFor(IDS.analyst)[staleBefore]);
    expect(stale.text).toBe(t('en', 'stale.text'));
    expect(h.sandbox.requestCount()).toBe(0);
  });
});

describe('/risk in a compliance channel (visible parent, details in thread)', () => {
  it('posts a short masked parent with counts and the details in its thread; pages update the reply', async () => {
    const ack = await h.slash('/risk', '江苏 张德洲 1', { channel: IDS.complianceChannel });
    expect(ack.status).toBe(200);
    const parent = await h.waitForMessage(() =>
      h.fake
        .messagesIn(IDS.complianceChannel)
        .find((m) => m.replies.length > 0 && textOf(m.blocks).includes('31')),
    );
    expect(textOf(parent.blocks)).toContain('张*洲');
    expect(textOf(parent.blocks)).not.toContain('张德洲');
    expect(textOf(parent.blocks)).toContain(`<@${IDS.analyst}>`);
    const reply = parent.replies[0];
    if (!reply) throw new Error('no reply');
    expect(reply.ephemeralFor).toBeUndefined();
    expect(textOf(reply.blocks)).toContain('(2018)苏0581执5877号');

    await h.clickButton(reply, ACTION_IDS.nextPage);
    await h.fake.waitFor((c) => c.method === 'chat.update' && c.args.ts === reply.ts);
    const updated = h.fake.threadReplies(IDS.complianceChannel, parent.ts)[0];
    expect(textOf(updated?.blocks)).not.toContain('(2018)苏0581执5877号');
    expect(actionIdsOf(updated as never)).toContain(ACTION_IDS.prevPage);
  });

  it('an overview in the thread stays on record: "Show all" opens the list as a new reply in that thread', async () => {
    await h.slash('/risk', '江苏德洲实业 张德洲', { channel: IDS.complianceChannel });
    const parent = await h.waitForMessage(() =>
      h.fake
        .messagesIn(IDS.complianceChannel)
        .find((m) => m.replies.length > 0 && textOf(m.blocks).includes('江苏德洲实业')),
    );
    const overview = parent.replies[0];
    if (!overview) throw new Error('no overview');
    const overviewBlocks = JSON.stringify(overview.blocks);
    await h.clickButton(overview, `${ACTION_IDS.showType}_2`);
    const list = await h.waitForMessage(() => h.fake.threadReplies(IDS.complianceChannel, parent.ts)[1]);
    expect(list.threadTs).toBe(parent.ts);
    expect(list.ephemeralFor).toBeUndefined();
    expect(textOf(list.blocks)).toContain('被执行');
    const thread = h.fake.threadReplies(IDS.complianceChannel, parent.ts);
    expect(JSON.stringify(thread[0]?.blocks)).toBe(overviewBlocks);
    expect(h.fake.calls.some((c) => c.method === 'chat.update' && c.args.ts === overview.ts)).toBe(false);
  });

  it('tells the requester how to invite the app when it is not in the channel, without calling Juhe', async () => {
    h.fake.setBotMember(IDS.complianceChannel, false);
    try {
      const ack = await h.slash('/risk', '江苏 张德洲 1', { channel: IDS.complianceChannel });
      expect(ack.status).toBe(200);
      const notice = await h.waitForMessage(() =>
        h.fake
          .ephemeralsFor(IDS.analyst, IDS.complianceChannel)
          .find((m) => textOf(m.blocks).includes('/invite')),
      );
      expect(notice.ephemeralFor).toBe(IDS.analyst);
      expect(h.sandbox.requestCount()).toBe(0);
    } finally {
      h.fake.setBotMember(IDS.complianceChannel, true);
    }
  });
});

describe('message shortcut "Risk check"', () => {
  it('prefills the company and the person from an ordinary message, never a 身份证 or mobile', async () => {
    const { modal } = await h.riskCheckOn(
      IDS.complianceChannel,
      'Please check 北京朝阳科技有限公司 李娜 before we sign (she gave 11010519491231002X, 13812345678)',
      '李娜',
    );
    const initial = (blockId: string) =>
      (modal.view.blocks as Array<{ block_id?: string; element?: { initial_value?: string } }>).find(
        (block) => block.block_id === blockId,
      )?.element?.initial_value;
    expect(initial('keyword')).toBe('北京朝阳科技有限公司');
    expect(initial('realname')).toBe('李娜');
    expect(JSON.stringify(modal.view)).not.toMatch(/11010519491231002X|13812345678/);
  });

  it('opens the risk modal prefilled from the message and replies in that message’s thread', async () => {
    const { source, modal } = await h.riskCheckOn(IDS.complianceChannel, '江苏 赵敏 限消', '赵敏');
    await h.submitView(modal, {
      keyword: { keyword_input: { type: 'plain_text_input', value: '江苏' } },
      realname: { realname_input: { type: 'plain_text_input', value: '赵敏' } },
      type: { type_select: { type: 'static_select', selected_option: { value: '3' } } },
    });
    const reply = await h.waitForMessage(() =>
      h.fake.threadReplies(IDS.complianceChannel, source.ts).find((m) => textOf(m.blocks).includes('赵敏')),
    );
    expect(reply.threadTs).toBe(source.ts);
  });
});

describe('access control', () => {
  it('refuses a user outside ALLOWED_USER_IDS politely, audits it, and makes no Juhe call', async () => {
    const ack = await h.slash('/risk', '江苏 张德洲 1', { user: IDS.refused });
    expect(ack.status).toBe(200);
    // The refusal is the command's own ephemeral ack; it carries no Juhe data, so no sandbox marker.
    expect(ack.ackMessage?.response_type).toBe('ephemeral');
    expect(textOf(ack.ackMessage?.blocks)).toContain('not on the list of people allowed');
    expect(textOf(ack.ackMessage?.blocks)).not.toContain('Sandbox data');
    expect(h.sandbox.requestCount()).toBe(0);
    const audit = h.logLines.map((l) => JSON.parse(l)).find((l) => l.audit?.requester === IDS.refused);
    expect(audit.audit).toMatchObject({ outcome: 'refused', billed: false, api: 'risk' });
  });

  it('re-authorises the clicker of a page button', async () => {
    const before = h.fake.ephemeralsFor(IDS.analyst, IDS.generalChannel).length;
    await h.slash('/risk', '江苏 张德洲 1');
    const reply = await ephemeralReply(before);
    h.sandbox.resetRequests();
    const refusedBefore = h.fake.ephemeralsFor(IDS.refused).length;
    await h.clickButton(reply, ACTION_IDS.nextPage, { user: IDS.refused });
    await h.waitForMessage(() => h.fake.ephemeralsFor(IDS.refused)[refusedBefore]);
    expect(h.sandbox.requestCount()).toBe(0);
  });
});

describe('request verification', () => {
  it('a forged signature gets 401 and no Juhe call', async () => {
    const result = await h.post('command=%2Frisk&text=%E6%B1%9F%E8%8B%8F+%E5%BC%A0%E5%BE%B7%E6%B4%B2', {
      badSignature: true,
    });
    expect(result.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(h.sandbox.requestCount()).toBe(0);
  });

  it('GET /healthz answers 200 while ready', async () => {
    const response = await fetch(`${h.app.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });
});

describe('audit', () => {
  it('writes one structured event per query with masked subject, outcome, billing, order id and latency', async () => {
    const before = h.fake.ephemeralsFor(IDS.analyst, IDS.generalChannel).length;
    const linesBefore = h.logLines.length;
    await h.slash('/risk', '江苏 王建国 2');
    await ephemeralReply(before);
    const events = h.logLines
      .slice(linesBefore)
      .map((l) => JSON.parse(l))
      .filter((l) => l.audit);
    expect(events).toHaveLength(1);
    expect(events[0].audit).toMatchObject({
      requester: IDS.analyst,
      channel: IDS.generalChannel,
      api: 'risk',
      type: '2',
      subject: '江苏 / 王*国',
      purpose: null,
      outcome: '0',
      billed: true,
      cacheHit: false,
    });
    expect(events[0].audit.orderIds).toHaveLength(1);
    expect(typeof events[0].audit.latencyMs).toBe('number');
    // the request's id is on the audit line and on the Juhe client's lines for the same request
    expect(events[0].requestId).toMatch(/^[0-9a-f]{8}$/);
    const sameRequest = h.logLines
      .map((l) => JSON.parse(l))
      .filter((l) => l.requestId === events[0].requestId);
    expect(sameRequest.some((l) => l.component === 'juhe')).toBe(true);
  });
});
