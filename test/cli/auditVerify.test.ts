import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAuditTrail } from '../../src/audit/auditTrail.js';
import { createLogger } from '../../src/logging/logger.js';
import { openComplianceRecord } from '../../src/store/complianceRecord.js';
import type { Database, SqlClient } from '../../src/store/database.js';
import { openPgliteDatabase } from '../../src/store/pgliteDatabase.js';
import { captureLog } from '../support/capturedLog.js';
import { type CliRun, runCli } from '../support/cliProcess.js';
import { openTestPglite, openTestPostgres, TEST_DATABASE_URL } from '../support/testDatabase.js';

/**
 * `npm run audit:verify` as an operator runs it: the real CLI in its own process, against a trail an
 * attacker with the database owner's rights has tampered with in each way the chain must show.
 */
const DATA_KEY = randomBytes(32);
const QUERIES = 6;
const FIRST_QUERY_AT = Date.parse('2026-01-01T00:00:00.000Z');
const HOUR = 3_600_000;

function runAuditVerify(env: Record<string, string>): Promise<CliRun> {
  return runCli('src/cli/auditVerify.ts', [], { DATA_ENCRYPTION_KEY: DATA_KEY.toString('base64'), ...env });
}

/** Six queries an hour apart, a start and a finish entry each: seq 2i−1 and 2i for query i. */
async function seedTrail(database: Database): Promise<string[]> {
  const record = await openComplianceRecord(
    { dataKey: DATA_KEY, auditRetentionDays: 1095, resultRetentionHours: 24 },
    {
      local: false,
      logger: createLogger({ level: 'silent', destination: captureLog().destination }),
      database,
    },
  );
  let clock = FIRST_QUERY_AT;
  const trail = createAuditTrail({ db: database, cipher: record.cipher, now: () => new Date(clock) });
  const queryIds: string[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const queryId = randomUUID();
    queryIds.push(queryId);
    await trail.start(
      queryId,
      { requester: 'U1', api: 'risk', surface: 'command' },
      { realname: '张三', keyword: '某某有限公司' },
    );
    clock += 1_000;
    await trail.finish(queryId, { outcome: '0', billed: true });
    clock += HOUR;
  }
  return queryIds;
}

/** As an attacker: the append-only trigger switched off, the rows changed, the trigger back on. */
async function withoutTrigger(db: SqlClient, statements: string[]): Promise<void> {
  await db.query('alter table audit_log disable trigger audit_log_append_only');
  for (const statement of statements) await db.query(statement);
  await db.query('alter table audit_log enable trigger audit_log_append_only');
}

interface TamperCase {
  name: string;
  tamper(db: Database): Promise<void>;
  expectedCode: number;
  expected: RegExp;
  /** the query whose entry the message must name, by index */
  namesQuery?: number;
}

const CASES: TamperCase[] = [
  {
    name: 'intact',
    tamper: async () => {},
    expectedCode: 0,
    expected: /^audit trail verified: 12 entries \(seq 1–12\), chain intact\n$/,
  },
  {
    name: 'a row’s facts edited',
    tamper: (db) =>
      withoutTrigger(db, [
        `update audit_log set facts = jsonb_set(facts, '{billed}', 'false') where seq = 6`,
      ]),
    expectedCode: 1,
    expected:
      /^audit trail BROKEN at entry 6: entry 6 was changed after it was written \(finish entry of query /,
    namesQuery: 2,
  },
  {
    name: 'a middle row deleted (inside a transaction that claims to be the purge)',
    tamper: (db) =>
      db.transaction(async (tx) => {
        await tx.query("select set_config('juhe.audit_purge', 'on', true)");
        await tx.query('delete from audit_log where seq = 7');
      }),
    expectedCode: 1,
    expected: /^audit trail BROKEN at entry 7: entry 7 is missing \(the next stored entry is 8\)\n$/,
  },
  {
    name: 'two rows swapped (their seq numbers exchanged)',
    tamper: (db) =>
      withoutTrigger(db, [
        'update audit_log set seq = -3 where seq = 3',
        'update audit_log set seq = 3 where seq = 4',
        'update audit_log set seq = 4 where seq = -3',
      ]),
    expectedCode: 1,
    expected: /^audit trail BROKEN at entry 3: entry 3 does not link to entry 2/,
    // the row now at seq 3 is query 2's finish entry
    namesQuery: 1,
  },
  {
    name: 'the oldest rows deleted without a purge entry',
    tamper: (db) => withoutTrigger(db, ['delete from audit_log where seq <= 4']),
    expectedCode: 1,
    expected:
      /^audit trail BROKEN at entry 5: entries before 5 are missing and no purge entry accounts for them \(start entry of query /,
    namesQuery: 2,
  },
  {
    name: 'the newest rows deleted',
    tamper: (db) => withoutTrigger(db, ['delete from audit_log where seq >= 11']),
    expectedCode: 1,
    expected:
      /^audit trail BROKEN at entry 11: the chain head names entry 12 but the last stored entry is 10: entries after it were removed\n$/,
  },
  {
    name: 'a retention purge (the first three queries)',
    tamper: async (db) => {
      const record = await openComplianceRecord(
        { dataKey: DATA_KEY, auditRetentionDays: 1095, resultRetentionHours: 24 },
        {
          local: false,
          logger: createLogger({ level: 'silent', destination: captureLog().destination }),
          database: db,
        },
      );
      const purged = await record.trail.purgeOlderThan(new Date(FIRST_QUERY_AT + 2.5 * HOUR));
      expect(purged).toEqual({ purgedEntries: 6 });
    },
    expectedCode: 0,
    expected: /^audit trail verified: 7 entries \(seq 7–13\), chain intact\n$/,
  },
];

function expectVerdict(run: CliRun, tamperCase: TamperCase, queryIds: string[]): void {
  expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({
    code: tamperCase.expectedCode,
    stdout: expect.stringMatching(tamperCase.expected),
    stderr: '',
  });
  if (tamperCase.namesQuery !== undefined) {
    expect(run.stdout).toContain(`query ${queryIds[tamperCase.namesQuery]}, recorded 20`);
  }
}

describe('npm run audit:verify on the embedded database (DATA_DIR)', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'juhe-audit-verify-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('passes an intact or purged trail and names the first bad entry of each tampered one', async () => {
    // One seeded database, loaded into a data directory per case: initdb costs PGlite seconds, a load
    // well under one.
    const seeded = await openTestPglite();
    const queryIds = await seedTrail(seeded);
    const connection = seeded.jobConnection;
    if (connection.kind !== 'pglite') throw new Error('openTestPglite opened no PGlite');
    const seededFiles = await connection.pglite.dumpDataDir('none');
    await seeded.close();

    const dirs: string[] = [];
    for (const [index, tamperCase] of CASES.entries()) {
      const dir = join(scratch, `case-${index}`);
      const db = await openPgliteDatabase({ dataDir: dir, template: seededFiles });
      await tamperCase.tamper(db);
      // PGlite lets one process at a time open a data directory: the CLI's turn
      await db.close();
      dirs.push(dir);
    }
    const runs = await Promise.all(dirs.map((dir) => runAuditVerify({ DATA_DIR: dir })));
    for (const [index, run] of runs.entries()) expectVerdict(run, CASES[index] as TamperCase, queryIds);
  }, 120_000);

  it('exits 2 when DATA_DIR holds no database, creating none', async () => {
    const missing = join(scratch, 'never-created');
    const run = await runAuditVerify({ DATA_DIR: missing });
    expect(run).toMatchObject({
      code: 2,
      stdout: '',
      stderr: expect.stringContaining('no embedded database'),
    });
  }, 30_000);
});

describe.skipIf(TEST_DATABASE_URL === undefined && process.env.CI !== 'true')(
  'npm run audit:verify on PostgreSQL (DATABASE_URL)',
  () => {
    it('passes an intact or purged trail and names the first bad entry of each tampered one', async () => {
      const databases = await Promise.all(CASES.map(() => openTestPostgres()));
      try {
        const prepared = await Promise.all(
          CASES.map(async (tamperCase, index) => {
            const db = databases[index] as Database & { url: string };
            const queryIds = await seedTrail(db);
            await tamperCase.tamper(db);
            return { url: db.url, queryIds };
          }),
        );
        const runs = await Promise.all(prepared.map(({ url }) => runAuditVerify({ DATABASE_URL: url })));
        for (const [index, run] of runs.entries()) {
          expectVerdict(
            run,
            CASES[index] as TamperCase,
            (prepared[index] as { queryIds: string[] }).queryIds,
          );
        }
      } finally {
        await Promise.all(databases.map((db) => db.close()));
      }
    }, 120_000);

    it('exits 2 when the database cannot be reached', async () => {
      const run = await runAuditVerify({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' });
      expect(run).toMatchObject({ code: 2, stdout: '', stderr: expect.stringContaining('audit:verify') });
    }, 30_000);
  },
);
