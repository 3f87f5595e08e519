import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger.js';
import { openComplianceRecord } from '../../src/store/complianceRecord.js';
import { type CliRun, runCli } from '../support/cliProcess.js';

/**
 * `npm run audit:export` as an operator runs it: its own process, the record an embedded database in
 * DATA_DIR (key file generated there by the first open), the files written with mode 0600.
 */

const STORE = { auditRetentionDays: 1095, resultRetentionHours: 24 };
const FIRST = '00000000-0000-4000-8000-0000000000a1';
const SECOND = '00000000-0000-4000-8000-0000000000a2';

let dataDir: string;
let outDir: string;

function runExport(args: string[]): Promise<CliRun> {
  // USER is set to another name: the audit row names the account the process runs as, not what the environment claims
  return runCli('src/cli/auditExport.ts', args, { DATA_DIR: dataDir, USER: 'someone-else' });
}

async function openRecord() {
  return openComplianceRecord(
    { ...STORE, dataDir },
    { local: false, logger: createLogger({ level: 'silent' }) },
  );
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'juhe-audit-cli-'));
  outDir = join(dataDir, 'exports');
  const record = await openRecord();
  await record.trail.start(
    FIRST,
    {
      requester: 'U0ANALYST',
      channel: 'C0GENERAL',
      surface: 'modal',
      api: 'finance',
      type: null,
      purpose: 'KYC 42',
      consent: true,
    },
    { realname: '张三', idcard: '11010519491231002X', mobile: '13812345678' },
  );
  await record.trail.finish(FIRST, {
    outcome: '0',
    billed: true,
    orderIds: ['JH1'],
    recordCounts: {},
    latencyMs: 12,
    cacheHit: false,
  });
  await record.trail.start(
    SECOND,
    {
      requester: 'U0OTHER',
      channel: 'C0GENERAL',
      surface: 'command',
      api: 'risk',
      type: 'all',
      purpose: null,
      consent: null,
    },
    { keyword: '=cmd|calc', realname: '李四' },
  );
  await record.close();
}, 60_000);
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm run audit:export', () => {
  it('writes the CSV and the XLSX with mode 0600, says where, and audits itself as the shell user', async () => {
    const run = await runExport(['--out', outDir]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const names = readdirSync(outDir).sort();
    expect(names).toEqual([
      expect.stringMatching(/^juhe-audit_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/),
      expect.stringMatching(/^juhe-audit_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.xlsx$/),
    ]);
    for (const name of names) {
      expect(run.stdout).toContain(join(outDir, name));
      expect(statSync(join(outDir, name)).mode & 0o777).toBe(0o600);
    }
    expect(run.stdout).toMatch(
      /^Exported 2 queries \(\d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}, China Standard Time\) to:\n/,
    );
    // the content goes to the files only
    expect(run.stdout).not.toContain('11010519491231002X');

    const csv = readFileSync(join(outDir, names[0] as string), 'utf8');
    expect(csv.startsWith('\uFEFFquery id,')).toBe(true);
    expect(csv).toContain(`${FIRST},`);
    expect(csv).toContain(',张三,,11010519491231002X,13812345678,,0,true,1,JH1,,12,false\r\n');
    expect(csv).toContain(",李四,'=cmd|calc,");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(outDir, names[1] as string));
    expect(workbook.worksheets[0]?.rowCount).toBe(3);

    const record = await openRecord();
    try {
      const exports = (await record.trail.queries()).filter((row) => row.started.api === 'audit_export');
      expect(exports).toHaveLength(1);
      expect(exports[0]?.started).toMatchObject({
        requester: `cli:${userInfo().username}`,
        surface: 'cli',
        channel: null,
      });
      expect(exports[0]?.finished).toMatchObject({ outcome: 'exported', recordCounts: { rows: 2 } });
    } finally {
      await record.close();
    }
  }, 60_000);

  it('one requester, one format; no match writes nothing; bad arguments exit 2 with the usage', async () => {
    const csvOnly = join(dataDir, 'csv-only');
    const one = await runExport(['--user', 'U0ANALYST', '--format', 'csv', '--out', csvOnly]);
    expect(one.code).toBe(0);
    expect(readdirSync(csvOnly)).toEqual([expect.stringMatching(/_U0ANALYST\.csv$/)]);
    expect(one.stdout).toMatch(/^Exported 1 query /);

    const none = await runExport(['--user', 'U0NOBODY', '--out', join(dataDir, 'none')]);
    expect(none.code).toBe(0);
    expect(none.stdout).toMatch(
      /^No queries were recorded for .*requester U0NOBODY: nothing to export, no file written\.\n$/,
    );
    expect(() => readdirSync(join(dataDir, 'none'))).toThrow();

    const bad = await runExport(['--from', '2026-12-01', '--to', '2026-11-30']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /^audit:export: --from 2026-12-01 is after --to 2026-11-30: put the earlier day first\nUsage: npm run audit:export/,
    );
    const unknown = await runExport(['--since', 'yesterday']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--since'");
  }, 60_000);
});
