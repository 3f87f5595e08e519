import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { BATCH_SHEET_ROWS_BEFORE_TABLE } from '../../src/batch/batchReport.js';
import { maskName } from '../../src/domain/masking.js';
import { type RiskType, typesOfScope } from '../../src/domain/riskType.js';
import type { FakeMessage, FakeView } from '../../src/local/fake-slack/store.js';
import { findRiskSubject } from '../../src/local/sandbox/fixtures/risk.js';
import { ACTION_IDS, CALLBACK_IDS } from '../../src/slack/ids.js';
import { BAD_ROWS, manyRowsCsv, sandboxBatchCsv } from '../support/batchFiles.js';
import {
  actionIdsOf,
  fileInput,
  type Harness,
  IDS,
  personalDataSentToSlack,
  startHarness,
  textOf,
  waitUntil,
} from './harness.js';

/**
 * Batch screening end to end (issue 11 point 2): the real app behind its receiver, the fake Slack with
 * files a person uploads, the Juhe sandbox. A 50-row file with 3 bad rows is previewed (nothing billed),
 * started, shown in progress in place, and ends with a summary and an XLSX in the DM thread whose rows
 * match the sandbox's records; bad files are refused with what to fix; Cancel stops a batch mid-way.
 */
vi.setConfig({ testTimeout: 60_000 });

const PURPOSE = 'Onboarding: counterparties of the 2026 tender';
const OTHER = 'U0COLLEAGUE';
const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../fixtures/batch/${name}`, import.meta.url)));

let h: Harness;
let dm: string;
beforeAll(async () => {
  h = await startHarness({
    allowedUserIds: [IDS.analyst, OTHER],
    extraUsers: [{ id: OTHER, name: 'colin.colleague', realName: 'Colin Colleague' }],
    // every row may update the progress: a fast sandbox would finish 47 rows inside the 3 s default
    batchProgressIntervalMs: 0,
  });
  dm = h.fake.store.dmWith(IDS.analyst).id;
});
afterAll(async () => {
  expect(personalDataSentToSlack(h)).toEqual([]);
  for (const name of ['张德洲', '李娜', '王建国', '赵敏', '陈静', '孙丽华']) {
    expect(h.logLines.join('\n')).not.toContain(name);
  }
  await h.close();
});
beforeEach(() => {
  h.sandbox.resetRequests();
});

const riskCalls = () => h.sandbox.requests.filter((request) => request.path === '/personRisk/query');

async function openBatchModal(user: string = IDS.analyst): Promise<FakeView> {
  const before = new Set(h.fake.openViews(user).map((view) => view.id));
  await h.slash('/risk', 'batch', { user });
  return h.waitForView(user, CALLBACK_IDS.riskBatch, (view) => !before.has(view.id));
}

function values(fileIds: string[], purpose = PURPOSE) {
  return {
    file: { file_input: fileInput(...fileIds) },
    purpose: { purpose_input: { type: 'plain_text_input', value: purpose } },
  };
}

async function batchCount(): Promise<number> {
  const { rows } = await h.database.query<{ n: string }>('select count(*) as n from batches');
  return Number(rows[0]?.n ?? 0);
}

/**
 * The batch has ended and its report is in. A deadline, not a timing: a failed job attempt gives its lease
 * up and is retried by pg-boss 5 s later; if it still is not in, what the batch logged says why.
 */
async function reported(batchId: string) {
  await waitUntil(async () => ((await batchRow(batchId))?.reported_at ? true : undefined), 45_000).catch(
    batchLogged(batchId),
  );
}

/** A deadline missed: the error says what the batch (and the job engine) logged meanwhile. */
function batchLogged(batchId: string) {
  return (error: unknown): never => {
    const logged = h.logLines.filter(
      (line) =>
        line.includes('"component":"batch"') || line.includes('"component":"jobs"') || line.includes(batchId),
    );
    throw new Error(`${String(error)}; the batch logged:\n${logged.join('\n')}`);
  };
}

async function batchRow(id: string) {
  const { rows } = await h.database.query<{ status: string; reported_at: Date | null }>(
    'select status, reported_at from batches where id = $1',
    [id],
  );
  return rows[0];
}

/** The preview of this file in the analyst's DM, once it is there: a copy, as the analyst saw it. */
async function previewOf(fileName: string): Promise<FakeMessage> {
  const found = await waitUntil(
    () => h.fake.messagesIn(dm).find((m) => textOf(m.blocks).includes(`Batch screening: ${fileName}`)),
    10_000,
  );
  return structuredClone(found);
}

function current(message: FakeMessage): FakeMessage {
  return h.fake.messagesIn(dm).find((m) => m.ts === message.ts) as FakeMessage;
}

async function batchIdOf(message: FakeMessage): Promise<string> {
  const { rows } = await h.database.query<{ id: string }>('select id from batches where message_ts = $1', [
    message.ts,
  ]);
  return rows[0]?.id as string;
}

/** The table of the results XLSX in the message's thread: header row first. */
async function resultsTable(message: FakeMessage): Promise<unknown[][]> {
  const reply = await waitUntil(
    () => current(message).replies.find((r) => (r.files ?? []).length > 0),
    10_000,
  );
  const ref = reply.files?.[0];
  const file = ref ? h.fake.fileById(ref.id) : undefined;
  if (!file?.bytes) throw new Error('no results file');
  expect(ref?.name).toMatch(/^batch-\d{8}-\d{4}-[0-9a-f]{8}\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file.bytes as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('no sheet');
  const header: unknown[][] = [];
  sheet.eachRow((row, number) => {
    header.push([number, ...(row.values as unknown[]).slice(1)]);
  });
  return header;
}

describe('bad files: a clear message, nothing stored, no Juhe call', () => {
  it('/risk batch opens the risk_batch modal: a CSV/XLSX file_input, the purpose, the limit and the cost rule', async () => {
    const modal = await openBatchModal();
    const blocks = modal.view.blocks as Array<Record<string, unknown>>;
    const fileBlock = blocks.find((block) => block.block_id === 'file');
    expect(fileBlock).toMatchObject({
      type: 'input',
      element: { type: 'file_input', action_id: 'file_input', filetypes: ['csv', 'xlsx'], max_files: 1 },
    });
    expect(blocks.some((block) => block.block_id === 'purpose')).toBe(true);
    const text = textOf(modal.view.blocks);
    expect(text).toContain('At most 500 rows');
    expect(text).toContain('Nothing is billed yet');
    expect(text).toContain('one Juhe call per source');
  });

  it('a purpose too short and no file are answered inline', async () => {
    const modal = await openBatchModal();
    await h.submitView(modal, values([], 'hm'));
    const refused = await h.waitForViewContent(modal.id, (view) => view.errors !== undefined);
    expect(refused.errors).toEqual({
      purpose: expect.stringContaining('at least 5 characters'),
      file: 'Pick a CSV or XLSX file.',
    });
  });

  const cases: Array<[string, string, Uint8Array, string[]]> = [
    ['not a spreadsheet', 'photo.png', fixture('not-a-spreadsheet.png'), ['It is not a CSV or XLSX file']],
    ['empty', 'header-only.csv', fixture('header-only.csv'), ['It has no rows to screen']],
    [
      'no recognisable header',
      'no-header.csv',
      fixture('no-header.csv'),
      ['names no company column', '`keyword` and `realname`', '`企业名称` and `姓名`'],
    ],
    [
      'over the limit',
      'too-many.csv',
      new TextEncoder().encode(manyRowsCsv(501)),
      ['It has 501 rows; a batch takes at most 500'],
    ],
  ];
  for (const [what, name, bytes, expected] of cases) {
    it(`${what}: the modal says what was wrong and how to fix it`, async () => {
      const modal = await openBatchModal();
      const fileId = h.uploadFile(IDS.analyst, name, bytes);
      await h.submitView(modal, values([fileId]));
      const shown = await h.waitForViewContent(modal.id, (view) =>
        textOf(view.view.blocks).includes('This file cannot be screened'),
      );
      const text = textOf(shown.view.blocks);
      for (const part of expected) expect(text).toContain(part);
      expect(text).toContain('Nothing was stored or billed');
      // the form again, with the purpose kept: another file can be picked at once
      expect(shown.view.callback_id).toBe(CALLBACK_IDS.riskBatch);
      expect(JSON.stringify(shown.view)).toContain(PURPOSE);
      expect(await batchCount()).toBe(0);
      expect(riskCalls()).toEqual([]);
    });
  }

  it('the file is fetched with the bot token, from the fake’s own host only', async () => {
    const downloads = h.fake.calls.filter((call) => call.method === 'file_download');
    expect(downloads.length).toBeGreaterThan(0);
    expect(downloads.every((call) => call.args.authorized === true)).toBe(true);
  });

  it('a refused user gets the refusal, no modal', async () => {
    const ack = await h.slash('/risk', 'batch', { user: IDS.refused });
    expect(textOf(ack.ackMessage?.blocks)).toMatch(/not allowed|not on the list|permission/i);
    expect(
      h.fake.openViews(IDS.refused).filter((v) => v.view.callback_id === CALLBACK_IDS.riskBatch),
    ).toEqual([]);
  });
});

describe('a 50-row file with 3 bad rows', () => {
  const { csv, rows: goodRows } = sandboxBatchCsv(50);
  let preview: FakeMessage;
  let batchId: string;
  const typesOf = (type: string): RiskType[] => typesOfScope(type === '失信' ? 1 : 'all');
  const cost = goodRows.reduce((sum, row) => sum + typesOf(row.type).length, 0);

  it('the fixture is the one the helper makes from the sandbox’s subjects', () => {
    expect(new TextDecoder().decode(fixture('sandbox-50.csv'))).toBe(csv);
    expect(goodRows).toHaveLength(47);
  });

  it('is previewed in the requester’s DM: 47 accepted, 3 rejected with row and reason, the cost; nothing billed', async () => {
    const modal = await openBatchModal();
    const fileId = h.uploadFile(IDS.analyst, 'sandbox-50.csv', fixture('sandbox-50.csv'), 'text/csv');
    await h.submitView(modal, values([fileId]));
    preview = await previewOf('sandbox-50.csv');
    const text = textOf(preview.blocks);
    expect(text).toContain('Batch screening: sandbox-50.csv');
    expect(text).toContain('Rows to screen: *47* · rows rejected: *3*');
    expect(text).toContain(`Cost: *${cost}* Juhe calls`);
    expect(text).toContain('Row 8: The person’s name is missing.'.replace('’', "'"));
    expect(text).toContain('Row 21: The type is not one of 失信, 被执行, 限制消费 or all');
    expect(text).toContain('Row 40: This looks like a 身份证 or mobile number.');
    expect(text).not.toContain('11010519491231002X');
    expect(actionIdsOf(preview)).toEqual([ACTION_IDS.batchStart, ACTION_IDS.batchCancel]);
    await h.waitForViewContent(modal.id, (view) =>
      textOf(view.view.blocks).includes('The preview is in your DM'),
    );
    expect(riskCalls()).toEqual([]);
    batchId = await batchIdOf(preview);
    expect(await batchRow(batchId)).toMatchObject({ status: 'previewed' });
    expect(BAD_ROWS.map((row) => row.row)).toEqual([8, 21, 40]);
  });

  it('only the requester may press Start: a colleague is told so, a refused user refused', async () => {
    const before = h.fake.ephemeralsFor(OTHER, dm).length;
    await h.clickButton(preview, ACTION_IDS.batchStart, { user: OTHER });
    const told = await h.waitForMessage(() => h.fake.ephemeralsFor(OTHER, dm)[before]);
    expect(textOf(told.blocks)).toContain('Only the person who uploaded this batch can start or cancel it.');
    const refusedBefore = h.fake.ephemeralsFor(IDS.refused, dm).length;
    await h.clickButton(preview, ACTION_IDS.batchStart, { user: IDS.refused });
    const refusal = await h.waitForMessage(() => h.fake.ephemeralsFor(IDS.refused, dm)[refusedBefore]);
    expect(textOf(refusal.blocks)).toMatch(/not allowed|not on the list|permission/i);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await batchRow(batchId)).toMatchObject({ status: 'previewed' });
    expect(riskCalls()).toEqual([]);
  });

  it('Start: the progress updates the one message in place, then the summary and the XLSX in its thread', async () => {
    await h.clickButton(preview, ACTION_IDS.batchStart);
    await reported(batchId);
    const updates = h.fake.calls.filter(
      (call) => call.method === 'chat.update' && call.args.ts === preview.ts && call.ok,
    );
    const progress = updates.filter((call) => /\d+ \/ 47/.test(String(call.args.text)));
    // the first one at Start (0 / 47), then as rows are screened
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(String(progress[0]?.args.text)).toContain('0 / 47');
    expect(h.fake.messagesIn(dm).filter((m) => textOf(m.blocks).includes('sandbox-50.csv'))).toHaveLength(1);

    const summary = current(preview);
    const text = textOf(summary.blocks);
    expect(text).toContain('Batch done: sandbox-50.csv');
    expect(text).toContain('47 of 47 rows screened in');
    expect(text).toContain('Rows failed: *0*');
    expect(text).toContain('Rows rejected: *3*');
    expect(text).toContain('Not a clearance');
    expect(actionIdsOf(summary)).toEqual([]);

    // the summary's counts per source, from the sandbox's records
    const has = (row: (typeof goodRows)[number], type: RiskType) =>
      typesOf(row.type).includes(type) && (findRiskSubject(row.realname)?.records[type].length ?? 0) > 0;
    for (const [type, name] of [
      [1, '失信'],
      [2, '被执行'],
      [3, '限制消费'],
    ] as const) {
      expect(text).toContain(`${name}: *${goodRows.filter((row) => has(row, type)).length}*`);
    }
    const any = goodRows.filter((row) => ([1, 2, 3] as const).some((type) => has(row, type))).length;
    expect(text).toContain(`in any source: *${any}*`);

    // each row's pages reached the sandbox exactly once: one call per source in its scope, no more
    const asked = riskCalls().map(
      (r) => `${r.params.keyword}|${r.params.realname}|${r.params.type}|${r.params.pageIndex}`,
    );
    const expected = goodRows.flatMap((row) =>
      typesOf(row.type).map((type) => `${row.keyword}|${row.realname}|${type}|1`),
    );
    expect(asked.sort()).toEqual(expected.sort());
    expect(asked).toHaveLength(cost);
  });

  it('the XLSX names the batch and has every row: counts as the sandbox has them, names masked, rejected rows with their reason', async () => {
    const table = await resultsTable(preview);
    const about = table.slice(0, BATCH_SHEET_ROWS_BEFORE_TABLE);
    expect(about.map((row) => row[1])).toEqual([
      'Batch screening results',
      'Batch',
      'File',
      'Requested by',
      'Time (CST)',
      'Purpose',
      'Batch status',
      expect.stringContaining('Not a clearance'),
    ]);
    expect(about[1]?.[2]).toBe(batchId);
    expect(about[3]?.[2]).toBe(IDS.analyst);
    expect(about[5]?.[2]).toBe(PURPOSE);
    const [header, ...body] = table.slice(BATCH_SHEET_ROWS_BEFORE_TABLE);
    expect(header?.slice(1)).toEqual([
      'Row in your file',
      'Keyword',
      'Name (masked)',
      'Sources',
      '失信 records',
      '被执行 records',
      '限制消费 records',
      'Records found',
      'Juhe order ids',
      'Error or reason',
      'Status',
    ]);
    expect(body).toHaveLength(50);
    const byRow = new Map(body.map((cells) => [cells[1], cells.slice(1)]));
    for (const row of goodRows) {
      const cells = byRow.get(row.row) as unknown[];
      const records = findRiskSubject(row.realname)?.records;
      const types = typesOf(row.type);
      const count = (type: RiskType) => (types.includes(type) ? (records?.[type].length ?? 0) : undefined);
      const hits = types.some((type) => (count(type) ?? 0) > 0);
      expect(cells.slice(0, 8), `row ${row.row}`).toEqual([
        row.row,
        row.keyword,
        maskName(row.realname),
        types.length === 3 ? 'all three sources' : '失信',
        count(1),
        count(2),
        count(3),
        hits ? 'yes' : 'no',
      ]);
      // Juhe's order id of every page that was answered with records
      if (hits) expect(cells[8], `row ${row.row} order ids`).toEqual(expect.any(String));
      expect(cells[10]).toBe('screened');
    }
    for (const bad of BAD_ROWS) {
      const cells = byRow.get(bad.row) as unknown[];
      expect(cells[0]).toBe(bad.row);
      expect(cells[10]).toBe('rejected');
      expect(String(cells[9]).length).toBeGreaterThan(10);
      expect(JSON.stringify(cells)).not.toContain('11010519491231002X');
    }
    // no name in clear in the file
    for (const row of goodRows) expect(JSON.stringify(table)).not.toContain(`"${row.realname}"`);
  });

  it('every screened row is a risk query of the requester, surface batch, with the batch’s purpose', async () => {
    const rows = (await h.app.services.record.trail.queries()).filter(
      (row) => row.started.surface === 'batch',
    );
    expect(rows).toHaveLength(47);
    expect(rows.every((row) => row.started.api === 'risk' && row.started.requester === IDS.analyst)).toBe(
      true,
    );
    expect(rows.every((row) => row.started.purpose === PURPOSE)).toBe(true);
    expect(rows.every((row) => row.finished !== null)).toBe(true);
    const batchEvents = (await h.app.services.record.trail.queries())
      .filter((row) => row.started.api === 'batch')
      .map((row) => row.finished?.outcome);
    expect(batchEvents).toContain('batch_previewed');
    expect(batchEvents).toContain('batch_started');
    expect(batchEvents).toContain('refused');
  });

  it('Start again after the end changes nothing', async () => {
    const calls = riskCalls().length;
    const before = h.fake.ephemeralsFor(IDS.analyst, dm).length;
    await h.clickButton(preview, ACTION_IDS.batchStart);
    const told = await h.waitForMessage(() => h.fake.ephemeralsFor(IDS.analyst, dm)[before]);
    expect(textOf(told.blocks)).toContain('This batch has already ended.');
    expect(riskCalls().length).toBe(calls);
  });
});

describe('Cancel mid-way, and a failure retried once', () => {
  it('Cancel stops the batch before its next row: rows done stay done, no further calls, the rest not screened', async () => {
    // 30 slow rows (300 ms a call, 失信 only), 4 at a time: about 2.5 s in all
    const names = Array.from(
      { length: 30 },
      (_unused, index) => `测试${'甲乙丙丁戊己庚辛壬癸'[index % 10]}${'一二三'[Math.floor(index / 10)]}`,
    );
    const csv = ['keyword,realname,type', ...names.map((name) => `FAULT:slow-300,${name},失信`)].join('\n');
    const modal = await openBatchModal();
    const fileId = h.uploadFile(IDS.analyst, 'slow.csv', new TextEncoder().encode(csv));
    await h.submitView(modal, values([fileId]));
    const preview = await previewOf('slow.csv');
    const batchId = await batchIdOf(preview);
    h.sandbox.resetRequests();
    await h.clickButton(preview, ACTION_IDS.batchStart);
    await waitUntil(async () => {
      const progress = await h.app.services.batches.store.progress(batchId);
      return progress.done >= 6 ? true : undefined;
      // a deadline like the report's: a job attempt that fails is retried 5 s later
    }, 45_000).catch(batchLogged(batchId));
    await h.clickButton(current(preview), ACTION_IDS.batchCancel);
    await reported(batchId);
    expect((await batchRow(batchId))?.status).toBe('cancelled');
    const progress = await h.app.services.batches.store.progress(batchId);
    expect(progress.done).toBeGreaterThanOrEqual(6);
    expect(progress.done).toBeLessThan(30);
    // the rows in flight at the click finished (and were recorded); nothing after
    const callsAtEnd = riskCalls().length;
    expect(callsAtEnd).toBe(progress.done);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(riskCalls().length).toBe(callsAtEnd);
    const text = textOf(current(preview).blocks);
    expect(text).toContain('Batch cancelled: slow.csv');
    expect(text).toContain(`${progress.done} of 30 rows screened`);
    expect(text).toContain(`Rows not screened: ${30 - progress.done}`);
    const table = (await resultsTable(preview)).slice(BATCH_SHEET_ROWS_BEFORE_TABLE + 1);
    const statuses = table.map((cells) => cells[11]);
    expect(statuses.filter((s) => s === 'screened')).toHaveLength(progress.done);
    expect(statuses.filter((s) => s === 'not screened')).toHaveLength(30 - progress.done);
  });

  it('a Juhe failure is tried once more later in the batch, then recorded; an input error, or an answer Juhe billed, is not retried', async () => {
    const csv = [
      'keyword,realname,type',
      'ERROR:10014,李娜,失信',
      'ERROR:240103,李娜,失信',
      // error_code 0 with a result of the wrong shape: INVALID_RESPONSE, billed — asking again bills again
      'FAULT:wrongshape,李娜,失信',
      '北京朝阳科技有限公司第900分公司,李娜,失信',
    ].join('\n');
    const modal = await openBatchModal();
    const fileId = h.uploadFile(IDS.analyst, 'errors.csv', new TextEncoder().encode(csv));
    await h.submitView(modal, values([fileId]));
    const preview = await previewOf('errors.csv');
    const batchId = await batchIdOf(preview);
    h.sandbox.resetRequests();
    await h.clickButton(preview, ACTION_IDS.batchStart);
    // The counts below hold whatever the job's retries: each row's pages are asked at most as often as
    // the test says.
    await reported(batchId);
    const keywords = riskCalls().map((r) => r.params.keyword);
    expect(keywords.filter((k) => k === 'ERROR:10014')).toHaveLength(2);
    expect(keywords.filter((k) => k === 'ERROR:240103')).toHaveLength(1);
    expect(keywords.filter((k) => k === 'FAULT:wrongshape')).toHaveLength(1);
    const rows = await h.app.services.batches.store.rows(batchId);
    expect(rows.map((row) => [row.row, row.status, row.attempts, row.outcome?.error?.code ?? null])).toEqual([
      [2, 'failed', 2, '10014'],
      [3, 'failed', 1, '240103'],
      [4, 'failed', 1, 'INVALID_RESPONSE'],
      [5, 'done', 1, null],
    ]);
    const text = textOf(current(preview).blocks);
    expect(text).toContain('Batch done: errors.csv');
    expect(text).toContain('Rows failed: *3*');
  });

  it('Start pressed twice at once: one run, and the second press is told the batch is already running', async () => {
    const csv = ['keyword,realname,type', 'FAULT:slow-300,李娜,失信'].join('\n');
    const modal = await openBatchModal();
    const fileId = h.uploadFile(IDS.analyst, 'twice.csv', new TextEncoder().encode(csv));
    await h.submitView(modal, values([fileId]));
    const preview = await previewOf('twice.csv');
    const batchId = await batchIdOf(preview);
    h.sandbox.resetRequests();
    const before = h.fake.ephemeralsFor(IDS.analyst, dm).length;
    // both presses load the batch (still previewed) before either starts it: the race a double-click is
    const { store } = h.app.services.batches;
    const load = store.load;
    let loads = 0;
    let told: FakeMessage;
    store.load = async (id) => {
      const loaded = await load(id);
      loads += 1;
      await waitUntil(() => (loads >= 2 ? true : undefined), 2_000).catch(() => undefined);
      return loaded;
    };
    try {
      await Promise.all([
        h.clickButton(preview, ACTION_IDS.batchStart),
        h.clickButton(preview, ACTION_IDS.batchStart),
      ]);
      told = await h.waitForMessage(() => h.fake.ephemeralsFor(IDS.analyst, dm)[before]);
    } finally {
      store.load = load;
    }
    expect(textOf(told.blocks)).toContain('This batch is already running.');
    await reported(batchId);
    expect(riskCalls()).toHaveLength(1);
  });
});
