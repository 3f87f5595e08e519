import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestPglite } from '../../../test/support/testDatabase.js';
import { createLogger } from '../../logging/logger.js';
import { createFieldCipher } from '../../privacy/fieldCipher.js';
import type { Database } from '../../store/database.js';
import { createAuditLog, startQueryAudit } from '../auditLog.js';
import { type AuditTrail, createAuditTrail } from '../auditTrail.js';
import {
  auditExportFilename,
  auditExportOutcome,
  auditExportPurpose,
  prepareAuditExport,
} from './auditExport.js';
import { auditPeriod } from './auditPeriod.js';

function november() {
  const result = auditPeriod({ from: '2026-11-01', to: '2026-11-30', today: '2026-12-01' });
  if (!result.ok) throw new Error('bad period');
  return result.period;
}

const ID = {
  before: '00000000-0000-4000-8000-000000000000',
  first: '00000000-0000-4000-8000-000000000001',
  second: '00000000-0000-4000-8000-000000000002',
  after: '00000000-0000-4000-8000-000000000003',
};

let db: Database;
let trail: AuditTrail;
let clock = new Date('2026-10-31T15:59:59.000Z');
beforeAll(async () => {
  db = await openTestPglite();
  trail = createAuditTrail({ db, cipher: createFieldCipher(Buffer.alloc(32, 3)), now: () => clock });
  // the last second of 31 October in China, then two queries in November, then one on 1 December
  await trail.start(ID.before, { requester: 'U1', api: 'risk' }, { keyword: 'k', realname: '王五' });
  clock = new Date('2026-10-31T16:00:00.000Z');
  await trail.start(
    ID.first,
    { requester: 'U1', api: 'finance' },
    { realname: '张三', idcard: '11010519491231002X' },
  );
  await trail.finish(ID.first, {
    outcome: '0',
    billed: true,
    orderIds: ['JH1'],
    recordCounts: {},
    latencyMs: 9,
    cacheHit: false,
  });
  clock = new Date('2026-11-30T15:59:59.999Z');
  await trail.start(ID.second, { requester: 'U2', api: 'risk' }, { keyword: '江苏德洲', realname: '张德洲' });
  clock = new Date('2026-11-30T16:00:00.000Z');
  await trail.start(ID.after, { requester: 'U1', api: 'risk' }, null);
});
afterAll(async () => {
  await db?.close();
});

describe('prepareAuditExport', () => {
  it('describes itself first, reads the period’s queries (not its own), builds both files', async () => {
    const log = createAuditLog(createLogger({ level: 'silent' }), trail);
    const audit = startQueryAudit(log, { requester: 'UAUDITOR', channel: 'C1', surface: 'command' });
    clock = new Date('2026-11-15T00:00:00.000Z');
    const request = { period: november() };
    const prepared = await prepareAuditExport({ trail, audit }, request, {
      formats: ['csv', 'xlsx'],
      generatedAt: clock,
    });
    expect(prepared.rowCount).toBe(2);
    expect(prepared.files.map((file) => [file.format, file.filename])).toEqual([
      ['csv', 'juhe-audit_2026-11-01_2026-11-30.csv'],
      ['xlsx', 'juhe-audit_2026-11-01_2026-11-30.xlsx'],
    ]);
    const csv = prepared.files[0]?.bytes.toString('utf8') ?? '';
    const records = csv.split('\r\n').filter(Boolean);
    expect(records).toHaveLength(3);
    expect(records[1]).toMatch(
      /^00000000-0000-4000-8000-000000000001,2026-11-01T00:00:00\+08:00,.*,U1,.*,finance,.*张三,,11010519491231002X,/,
    );
    expect(records[2]).toMatch(
      /^00000000-0000-4000-8000-000000000002,2026-11-30T23:59:59\+08:00,,U2,.*江苏德洲/,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(prepared.files[1]?.bytes as unknown as ArrayBuffer);
    expect(workbook.worksheets[0]?.rowCount).toBe(3);

    // the export's own start row is durable, and left out of the file it makes
    expect(audit.state).toBe('described');
    const own = (await trail.queries({ requester: 'UAUDITOR' }))[0];
    expect(own?.started).toMatchObject({
      api: 'audit_export',
      purpose: 'audit export 2026-11-01..2026-11-30',
    });
    expect(own?.subject).toBeNull();
    await audit.complete(auditExportOutcome(prepared.rowCount));
    const completed = (await trail.queries({ requester: 'UAUDITOR' }))[0];
    expect(completed?.finished).toMatchObject({
      outcome: 'exported',
      recordCounts: { rows: 2 },
      billed: false,
    });
  });

  it('filters by requester; nothing matching makes no file', async () => {
    const log = createAuditLog(createLogger({ level: 'silent' }), trail);
    const one = await prepareAuditExport(
      { trail, audit: startQueryAudit(log, { requester: 'UAUDITOR', channel: null, surface: 'cli' }) },
      { period: november(), requester: 'U2' },
      { formats: ['csv'], generatedAt: clock },
    );
    expect(one.rowCount).toBe(1);
    expect(one.files.map((file) => file.filename)).toEqual(['juhe-audit_2026-11-01_2026-11-30_U2.csv']);
    const none = await prepareAuditExport(
      { trail, audit: startQueryAudit(log, { requester: 'UAUDITOR', channel: null, surface: 'cli' }) },
      { period: november(), requester: 'UNOBODY' },
      { formats: ['csv', 'xlsx'], generatedAt: clock },
    );
    expect(none).toEqual({ rowCount: 0, files: [] });
  });

  it('names files and purposes by what was exported', () => {
    const request = { period: november(), requester: 'cli:ops/admin' };
    expect(auditExportFilename(request, 'csv')).toBe('juhe-audit_2026-11-01_2026-11-30_cli-ops-admin.csv');
    expect(auditExportPurpose(request)).toBe('audit export 2026-11-01..2026-11-30 requester cli:ops/admin');
    expect(auditExportOutcome(0)).toEqual({
      outcome: 'no_rows',
      billed: false,
      orderIds: [],
      cacheHit: false,
      recordCounts: { rows: 0 },
    });
  });
});
