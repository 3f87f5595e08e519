import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeMessage } from '../../src/local/fake-slack/store.js';
import { ACTION_IDS, CALLBACK_IDS } from '../../src/slack/ids.js';
import { fileInput, type Harness, IDS, startHarness, textOf, waitUntil } from './harness.js';

/**
 * A budget reached mid-batch (issue 11, "What shows it is done"): the batch's owner pays for its rows;
 * the row the daily budget cannot cover stops the batch there — rows done kept, the rest not screened
 * and not billed, the summary naming the budget, what is left and when it resets.
 */
const PURPOSE = 'Onboarding: counterparties of the 2026 tender';
const DAILY = 5;

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ allowedUserIds: [IDS.analyst], budgets: { userDaily: DAILY } });
});
afterAll(async () => {
  await h.close();
});

describe('a budget reached mid-batch', () => {
  it('stops the batch: rows done kept, the reason given, nothing billed past the budget', async () => {
    // 8 rows of one billed call each (张德洲 has 失信 records): the daily budget covers 5
    const rows = Array.from(
      { length: 8 },
      (_unused, index) => `江苏常熟纺织有限公司第${index + 1}分公司,张德洲,失信`,
    );
    const csv = ['keyword,realname,type', ...rows].join('\n');
    await h.slash('/risk', 'batch');
    const modal = await h.waitForView(IDS.analyst, CALLBACK_IDS.riskBatch);
    const fileId = h.uploadFile(IDS.analyst, 'budget.csv', new TextEncoder().encode(csv));
    await h.submitView(modal, {
      file: { file_input: fileInput(fileId) },
      purpose: { purpose_input: { type: 'plain_text_input', value: PURPOSE } },
    });
    const dm = h.fake.store.dmWith(IDS.analyst).id;
    const preview: FakeMessage = structuredClone(
      await waitUntil(() =>
        h.fake.messagesIn(dm).find((m) => textOf(m.blocks).includes('Batch screening: budget.csv')),
      ),
    );
    expect(textOf(preview.blocks)).toContain('Cost: *8* Juhe calls');
    h.sandbox.resetRequests();
    await h.clickButton(preview, ACTION_IDS.batchStart);
    const { rows: batches } = await h.database.query<{ id: string }>('select id from batches');
    const batchId = batches[0]?.id as string;
    const ended = await waitUntil(async () => {
      const batch = await h.app.services.batches.store.load(batchId);
      return batch?.reportedAt ? batch : undefined;
    }, 20_000);
    expect(ended).toMatchObject({ status: 'stopped', stopReason: 'budget_exceeded:user_daily' });
    const progress = await h.app.services.batches.store.progress(batchId);
    expect(progress).toMatchObject({ done: DAILY, pending: 8 - DAILY, failed: 0 });
    expect(h.sandbox.requestCount('/personRisk/query')).toBe(DAILY);
    expect((await h.app.services.budgets.usageOf(IDS.analyst)).today).toMatchObject({
      used: DAILY,
      limit: DAILY,
      left: 0,
    });
    const text = textOf(h.fake.messagesIn(dm).find((m) => m.ts === preview.ts)?.blocks);
    expect(text).toContain('Batch stopped: budget.csv');
    expect(text).toContain(`${DAILY} of 8 rows screened`);
    expect(text).toContain(`your daily budget has 0 of ${DAILY} left`);
    expect(text).toContain('the rows not screened were not billed');
    expect(text).toContain(`Rows not screened: ${8 - DAILY}`);
    const outcomes = (await h.app.services.record.trail.queries())
      .filter((row) => row.started.surface === 'batch')
      .map((row) => row.finished?.outcome);
    expect(outcomes.filter((outcome) => outcome === '1:0')).toHaveLength(DAILY);
    expect(outcomes.filter((outcome) => outcome === 'budget_exceeded').length).toBeGreaterThanOrEqual(1);
  });
});
