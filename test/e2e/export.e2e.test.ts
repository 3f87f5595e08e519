import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AuditedQueryRow } from '../../src/audit/auditTrail.js';
import { relationField } from '../../src/domain/riskRelation.js';
import { createJuheClient } from '../../src/juhe/client.js';
import { JuheError } from '../../src/juhe/errorTypes.js';
import type { JuheService } from '../../src/juhe/types.js';
import type { FakeFile, FakeMessage } from '../../src/local/fake-slack/store.js';
import { findRiskSubject } from '../../src/local/sandbox/fixtures/risk.js';
import { personRiskOrderId } from '../../src/local/sandbox/orderId.js';
import { DEFAULT_SANDBOX_KEYS } from '../../src/local/sandbox/server.js';
import { createLogger } from '../../src/logging/logger.js';
import { ACTION_IDS } from '../../src/slack/ids.js';
import {
  actionIdsOf,
  type Harness,
  IDS,
  personalDataSentToSlack,
  startHarness,
  textOf,
  waitUntil,
} from './harness.js';

/**
 * Export of a result through the real receiver: a 3-page list shown in a compliance thread (page 1
 * stored), Export → the confirmation names 2 billed calls → Export → exactly 2 Juhe calls → XLSX + CSV
 * in that thread, read back and compared with the sandbox's records; again → nothing billed, no
 * confirmation; a refused user; an overview exported privately (all three sources, to the DM); a Juhe
 * failure part-way (no file, Try again, what was fetched not billed again).
 */

const LIST = { keyword: '广州天河投资有限公司', realname: '黄志强' };
const ANALYST_DM = 'D0ANALYST';

/** The real client to the sandbox, failing the pages the test names (a Juhe failure part-way). */
const failing = { pages: new Set<number>() };
let inner: JuheService | undefined;
const juhe: JuheService = {
  async queryRisk(query, options) {
    if (!inner) throw new Error('the client is set up after the harness');
    if (failing.pages.has(query.pageIndex ?? 1)) {
      throw new JuheError({
        api: 'risk',
        code: '10020',
        category: 'upstream_unavailable',
        retryable: false,
        billed: false,
        message: 'maintenance',
      });
    }
    return inner.queryRisk(query, options);
  },
  queryFinance: (query, options) => (inner as JuheService).queryFinance(query, options),
  close: async () => inner?.close(),
};

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ allowedUserIds: [IDS.analyst], juhe });
  inner = createJuheClient({
    baseUrl: h.sandbox.url,
    riskKey: DEFAULT_SANDBOX_KEYS.risk,
    timeoutMs: 8000,
    logger: createLogger({ level: 'silent' }),
  });
});
afterAll(async () => {
  expect(personalDataSentToSlack(h)).toEqual([]);
  for (const name of ['黄志强', '张德洲']) expect(h.logLines.join('\n')).not.toContain(name);
  await h.close();
});
beforeEach(() => {
  h.sandbox.resetRequests();
  failing.pages.clear();
});

const juheCalls = () => h.sandbox.requestCount('/personRisk/query');

async function exportRows(requester: string): Promise<AuditedQueryRow[]> {
  const rows = await h.app.services.record.trail.queries({ requester });
  return rows.filter((row) => row.started.api === 'export' && row.finished !== null);
}

async function waitForExportAudits(requester: string, count: number): Promise<AuditedQueryRow[]> {
  return waitUntil(async () => {
    const rows = await exportRows(requester);
    return rows.length >= count ? rows : undefined;
  }, 10_000);
}

async function readXlsx(file: FakeFile): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file.bytes as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('no sheet');
  const rows: unknown[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    rows.push((row.values as unknown[]).slice(1));
  });
  return rows;
}

/** The table of an export: the column headers' row, found the way the builder places it. */
function table(rows: unknown[][]): { header: unknown[]; body: unknown[][] } {
  const index = rows.findIndex((row) => row[0] === 'Source');
  expect(index).toBeGreaterThan(0);
  return { header: rows[index] ?? [], body: rows.slice(index + 1) };
}

function ephemeralWith(user: string, channel: string, actionId: string, after: number): Promise<FakeMessage> {
  return h.waitForMessage(() =>
    h.fake
      .ephemeralsFor(user, channel)
      .slice(after)
      .find((message) => actionIdsOf(message).includes(actionId)),
  );
}

/** A message still saying "Exporting…": every one must have been replaced by the outcome. */
const isExporting = (message: FakeMessage) => message.text.startsWith('Exporting ');

describe('Export of a 3-page list in a compliance thread', () => {
  let details: FakeMessage;

  it('confirms 2 billed calls, makes exactly 2 Juhe calls, and shares XLSX + CSV in the thread', async () => {
    await h.slash('/risk', `${LIST.keyword} ${LIST.realname} 2`, { channel: IDS.complianceChannel });
    const parent = await h.waitForMessage(() =>
      h.fake
        .messagesIn(IDS.complianceChannel)
        .find((message) => message.replies.length > 0 && textOf(message.blocks).includes(LIST.keyword)),
    );
    details = await h.waitForMessage(() => h.fake.threadReplies(IDS.complianceChannel, parent.ts)[0]);
    expect(details.threadTs).toBe(parent.ts);
    expect(actionIdsOf(details)).toEqual([ACTION_IDS.nextPage, ACTION_IDS.watch, ACTION_IDS.export]);
    expect(juheCalls()).toBe(1);
    h.sandbox.resetRequests();

    const before = h.fake.ephemeralsFor(IDS.analyst, IDS.complianceChannel).length;
    await h.clickButton(details, ACTION_IDS.export);
    const confirm = await ephemeralWith(IDS.analyst, IDS.complianceChannel, ACTION_IDS.exportConfirm, before);
    expect(confirm.threadTs).toBe(details.threadTs);
    expect(textOf(confirm.blocks)).toContain('reads 3 pages and costs *2 billed Juhe calls*');
    expect(actionIdsOf(confirm)).toEqual([ACTION_IDS.exportConfirm, ACTION_IDS.exportCancel]);
    expect(juheCalls()).toBe(0);

    await h.clickButton(confirm, ACTION_IDS.exportConfirm);
    const files = await waitUntil(() => {
      const shared = h.fake.filesIn(IDS.complianceChannel);
      return shared.length === 2 ? shared : undefined;
    }, 10_000);
    expect(juheCalls()).toBe(2);
    expect(h.sandbox.requests.map((request) => request.params.pageIndex)).toEqual(['2', '3']);
    expect(files.map((file) => file.name)).toEqual([
      expect.stringMatching(/^juhe-risk-export_2_\d{8}-\d{4}\.xlsx$/),
      expect.stringMatching(/^juhe-risk-export_2_\d{8}-\d{4}\.csv$/),
    ]);
    const shared = h.fake
      .threadReplies(IDS.complianceChannel, parent.ts)
      .find((message) => message.files?.length === 2);
    expect(shared?.threadTs).toBe(details.threadTs);
    expect(shared?.text).toContain('黄*强 · 广州天河投资有限公司 · 被执行: 25 records');
    expect(shared?.text).toContain('not a clearance');
    // the app runs on the sandbox: sharing files bypasses the presenter, so comment and files say so
    expect(shared?.text.startsWith(':test_tube: Sandbox data — not real Juhe results\n')).toBe(true);

    // the XLSX against the sandbox's own records
    const [xlsxFile, csvFile] = files as [FakeFile, FakeFile];
    const rows = await readXlsx(xlsxFile);
    expect(rows[1]).toEqual(['Note', 'Sandbox data — not real Juhe results']);
    expect(rows[2]).toEqual(['Query', '黄*强 · 广州天河投资有限公司 · 被执行']);
    expect(rows[3]).toEqual(['Requested by', IDS.analyst]);
    const { header, body } = table(rows);
    const column = (name: string) => header.indexOf(name);
    const expected = findRiskSubject(LIST.realname)?.records[2] ?? [];
    expect(body).toHaveLength(25);
    expect(expected).toHaveLength(25);
    body.forEach((row, index) => {
      const record = expected[index];
      const value = record?.Relation?.[0]?.Value ?? '';
      const amount = relationField({ type: '2', description: '被执行人信息', fulfilment: value });
      expect(row[column('Case number')]).toBe(record?.CaseNo);
      expect(row[column('Court')]).toBe(record?.ExecuteGov);
      expect(row[column('Published')]).toBe(record?.Date);
      expect(row[column('Record id')]).toBe(record?.Id);
      expect(row[column('Amount enforced (执行标的, CNY)')]).toBe(
        amount?.kind === 'amount' ? amount.yuan : NaN,
      );
      const pageIndex = String(Math.floor(index / 10) + 1);
      expect(row[column('Juhe order id')]).toBe(
        personRiskOrderId({ ...LIST, type: '2', pageIndex, pageSize: '10' }),
      );
    });
    const csv = csvFile.bytes?.toString('utf8') ?? '';
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.split('\r\n').filter((line) => line.startsWith('Enforcement target'))).toHaveLength(25);

    // the confirmation now says it is done
    await h.waitForMessage(() => {
      const same = h.fake.ephemeralsFor(IDS.analyst, IDS.complianceChannel).find((m) => m.ts === confirm.ts);
      return same && textOf(same.blocks).includes('Exported 25 records') ? same : undefined;
    });
    expect(h.fake.ephemeralsFor(IDS.analyst, IDS.complianceChannel).filter(isExporting)).toEqual([]);
    const [audited] = await waitForExportAudits(IDS.analyst, 1);
    expect(audited?.started).toMatchObject({ api: 'export', type: '2', surface: 'button' });
    expect(audited?.subject).toEqual({ keyword: LIST.keyword, realname: LIST.realname });
    expect(audited?.finished).toMatchObject({
      outcome: 'exported',
      billed: true,
      billedCalls: 2,
      recordCounts: { '2': 25, rows: 25 },
    });
    expect(audited?.finished?.orderIds).toHaveLength(3);
  });

  it('a second export right after bills nothing and starts without a confirmation', async () => {
    const before = h.fake.ephemeralsFor(IDS.analyst, IDS.complianceChannel).length;
    await h.clickButton(details, ACTION_IDS.export);
    await waitUntil(() => (h.fake.filesIn(IDS.complianceChannel).length === 4 ? true : undefined), 10_000);
    expect(juheCalls()).toBe(0);
    const shown = h.fake.ephemeralsFor(IDS.analyst, IDS.complianceChannel).slice(before);
    expect(shown.some((message) => actionIdsOf(message).includes(ACTION_IDS.exportConfirm))).toBe(false);
    // no "Exporting…": nothing would replace it once the files are in the thread
    expect(shown.map((message) => message.text)).not.toContain(`Exporting 黄*强 (${LIST.keyword})…`);
    expect(shown).toEqual([]);
    const rows = await waitForExportAudits(IDS.analyst, 2);
    expect(rows.at(-1)?.finished).toMatchObject({ outcome: 'exported', billed: false, billedCalls: 0 });
  });

  it('a user outside the allow list gets the refusal, audited as a refused export', async () => {
    const before = h.fake.ephemeralsFor(IDS.refused, IDS.complianceChannel).length;
    await h.clickButton(details, ACTION_IDS.export, { user: IDS.refused });
    const refusal = await h.waitForMessage(
      () => h.fake.ephemeralsFor(IDS.refused, IDS.complianceChannel)[before],
    );
    expect(refusal.text).toMatch(/^Sorry, you are not on the list of people allowed to run/);
    const [row] = await waitForExportAudits(IDS.refused, 1);
    expect(row?.finished).toMatchObject({ outcome: 'refused', billed: false });
    expect(juheCalls()).toBe(0);
    expect(h.fake.filesIn(IDS.complianceChannel)).toHaveLength(4);
  });
});

describe('Export of a private overview', () => {
  it('covers all three sources, confirmed, into the DM with the app', async () => {
    const before = h.fake.ephemeralsFor(IDS.analyst, IDS.generalChannel).length;
    await h.slash('/risk', '江苏 张德洲');
    const overview = await h.privateAnswer(before);
    expect(actionIdsOf(overview)).toContain(ACTION_IDS.export);
    h.sandbox.resetRequests();

    await h.clickButton(overview, ACTION_IDS.export);
    // 31 失信 records: pages 2–4 are billed; 被执行 (7) and 限制消费 (3) are one page each, stored
    const confirm = await ephemeralWith(IDS.analyst, IDS.generalChannel, ACTION_IDS.exportConfirm, before);
    expect(textOf(confirm.blocks)).toContain('reads 6 pages and costs *3 billed Juhe calls*');
    expect(confirm.ts).not.toBe(overview.ts);
    await h.clickButton(confirm, ACTION_IDS.exportConfirm);
    const files = await waitUntil(() => {
      const shared = h.fake.filesIn(ANALYST_DM);
      return shared.length === 2 ? shared : undefined;
    }, 10_000);
    expect(juheCalls()).toBe(3);
    const { body, header } = table(await readXlsx(files[0] as FakeFile));
    const sources = body.map((row) => row[header.indexOf('Source')]);
    expect(sources.filter((s) => s === 'Dishonest debtor (失信)')).toHaveLength(31);
    expect(sources.filter((s) => s === 'Enforcement target (被执行)')).toHaveLength(7);
    expect(sources.filter((s) => s === 'Consumption ban (限制消费)')).toHaveLength(3);
    const done = await h.waitForMessage(() => {
      const same = h.fake.ephemeralsFor(IDS.analyst, IDS.generalChannel).find((m) => m.ts === confirm.ts);
      return same && textOf(same.blocks).includes('in your DM with the app') ? same : undefined;
    });
    expect(textOf(done.blocks)).toContain('Billed Juhe calls: 3');
    expect(h.fake.ephemeralsFor(IDS.analyst, IDS.generalChannel).filter(isExporting)).toEqual([]);
    // the overview itself was never replaced
    expect(
      actionIdsOf(h.fake.ephemeralsFor(IDS.analyst, IDS.generalChannel)[before] as FakeMessage),
    ).toContain(ACTION_IDS.export);
  });
});

describe('A Juhe failure part-way through an export', () => {
  it('says so privately with Try again, makes no file, and the retry bills only what is left', async () => {
    const keyword = '广州天河投资有限公司第二分公司';
    const before = h.fake.ephemeralsFor(IDS.analyst, IDS.generalChannel).length;
    await h.slash('/risk', `${keyword} ${LIST.realname} 2`);
    const list = await h.privateAnswer(before);
    const filesBefore = h.fake.filesIn(ANALYST_DM).length;
    h.sandbox.resetRequests();
    failing.pages.add(3);

    await h.clickButton(list, ACTION_IDS.export);
    const confirm = await ephemeralWith(IDS.analyst, IDS.generalChannel, ACTION_IDS.exportConfirm, before);
    await h.clickButton(confirm, ACTION_IDS.exportConfirm);
    const failed = await h.waitForMessage(() => {
      const same = h.fake.ephemeralsFor(IDS.analyst, IDS.generalChannel).find((m) => m.ts === confirm.ts);
      return same && textOf(same.blocks).includes('stopped') ? same : undefined;
    });
    expect(textOf(failed.blocks)).toContain('No file was made');
    expect(actionIdsOf(failed)).toEqual([ACTION_IDS.export]);
    expect(juheCalls()).toBe(1); // page 2; page 3 failed before the sandbox
    expect(h.fake.filesIn(ANALYST_DM)).toHaveLength(filesBefore);
    const rows = await exportRows(IDS.analyst);
    expect(rows.at(-1)?.finished).toMatchObject({ outcome: '10020', billed: true, billedCalls: 1 });

    // Try again: one page left, so no confirmation; page 2 is not asked again
    failing.pages.clear();
    await h.clickButton(failed, ACTION_IDS.export);
    await waitUntil(() => (h.fake.filesIn(ANALYST_DM).length === filesBefore + 2 ? true : undefined), 10_000);
    expect(h.sandbox.requests.map((request) => request.params.pageIndex)).toEqual(['2', '3']);
    // the export is audited as finished after its files are in: wait for that entry, not just the files
    const last = (await waitForExportAudits(IDS.analyst, rows.length + 1)).at(-1);
    expect(last?.finished).toMatchObject({
      outcome: 'exported',
      billedCalls: 1,
      recordCounts: { '2': 25, rows: 25 },
    });
  });
});
