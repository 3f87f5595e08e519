import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditedQueryRow } from '../../src/audit/auditTrail.js';
import { type Harness, IDS, startHarness, waitUntil } from './harness.js';

/**
 * The durable audit trail through the real receiver: one row per query — answered, refused or
 * unreadable — the start written before Juhe is called, the subject sealed but findable.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ allowedUserIds: [IDS.analyst], financeAllowedUserIds: [IDS.analyst] });
});
afterAll(async () => {
  await h?.close();
});

const trail = () => h.app.services.record.trail;

async function newRows(run: () => Promise<unknown>, count = 1): Promise<AuditedQueryRow[]> {
  const before = new Set((await trail().queries()).map((row) => row.queryId));
  await run();
  return waitUntil(async () => {
    const added = (await trail().queries()).filter((row) => !before.has(row.queryId));
    return added.length >= count && added.every((row) => row.finished !== null) ? added : undefined;
  }, 10_000);
}

describe('audit trail rows', () => {
  it('an answered /risk query: started before Juhe was called, finished with billing, order id and counts', async () => {
    h.sandbox.resetRequests();
    const [row] = await newRows(() => h.slash('/risk', '江苏 张德洲 1'));
    expect(row?.started).toEqual({
      requester: IDS.analyst,
      channel: IDS.generalChannel,
      surface: 'command',
      api: 'risk',
      type: '1',
      purpose: null,
      consent: null,
    });
    expect(row?.subject).toEqual({ keyword: '江苏', realname: '张德洲' });
    expect(row?.finished).toMatchObject({
      outcome: '0',
      billed: true,
      recordCounts: { '1': 31 },
      cacheHit: false,
    });
    expect(row?.finished?.orderIds).toEqual([expect.any(String)]);
    const juheCalledAt = h.sandbox.requests[0]?.at ?? 0;
    expect(row?.startedAt.getTime()).toBeLessThanOrEqual(juheCalledAt);
    expect(row?.finishedAt?.getTime()).toBeGreaterThanOrEqual(juheCalledAt);
  });

  it('an unreadable /risk input is a row too, what was typed sealed in it', async () => {
    const [row] = await newRows(() => h.slash('/risk', '"unclosed 张三'));
    expect(row?.finished).toMatchObject({ outcome: 'invalid_input', billed: false });
    expect(row?.subject).toEqual({ input: '"unclosed 张三' });
  });

  it('a refused requester is a row, and an auditor finds a refused /finance form by its 身份证', async () => {
    const [refused] = await newRows(() => h.slash('/risk', '江苏 张德洲', { user: IDS.refused }));
    expect(refused?.started).toMatchObject({ requester: IDS.refused, api: 'risk' });
    expect(refused?.finished).toMatchObject({ outcome: 'refused', billed: false });

    await h.slash('/finance', '');
    const modal = await h.waitForView(IDS.analyst, 'finance_query');
    const text = (block: string, value: string) => ({
      [block]: { [`${block}_input`]: { type: 'plain_text_input', value } },
    });
    const [invalid] = await newRows(() =>
      h.submitView(modal, {
        ...text('realname', '王芳'),
        ...text('idcard', '110105194912310021'),
        ...text('mobile', '13812345678'),
        ...text('purpose', 'Supplier onboarding'),
        consent: { consent_checkbox: { type: 'checkboxes', selected_options: [] } },
      }),
    );
    expect(invalid?.finished).toMatchObject({ outcome: 'invalid_input' });
    const found = await trail().queries({ subject: { kind: 'idcard', value: '110105194912310021' } });
    expect(found.map((row) => row.queryId)).toEqual([invalid?.queryId]);
  });
});
