import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditedQueryRow } from '../../src/audit/auditTrail.js';
import type { RiskType } from '../../src/domain/riskType.js';
import type { Database } from '../../src/store/database.js';
import { assertNoPersonalDataInDatabase } from '../support/databaseDump.js';
import { DATABASE_TARGETS, openTestPostgres } from '../support/testDatabase.js';
import { type Harness, IDS, startHarness, waitUntil } from './harness.js';

/**
 * Two app instances on one PostgreSQL database run the same watch cycle at the same moment: every
 * watch is re-checked once (by one of them), and Juhe is asked each page of each watched source once
 * across both — nothing is billed twice because a second instance happened to trigger the cycle too.
 */

const PURPOSE = 'Ongoing supplier monitoring';

interface WatchedSubject {
  keyword: string;
  realname: string;
  types: RiskType[];
  /** records the sandbox holds per watched type (docs/sandbox.md, personRisk fixtures) */
  records: Partial<Record<RiskType, number>>;
}

/** Several pages, one page, and nothing at all (240102: still one call per source). */
const SUBJECTS: WatchedSubject[] = [
  { keyword: '江苏', realname: '张德洲', types: [1, 2, 3], records: { 1: 31, 2: 7, 3: 3 } },
  { keyword: '江苏常熟纺织有限公司', realname: '张德洲', types: [1], records: { 1: 31 } },
  { keyword: '上海浦东建设有限公司', realname: '王建国', types: [2, 3], records: { 2: 12, 3: 0 } },
  { keyword: '北京朝阳科技有限公司', realname: '李娜', types: [1], records: { 1: 3 } },
  { keyword: '无锡新吴物流有限公司', realname: '李无名', types: [1, 2, 3], records: {} },
  { keyword: '苏州工业园区贸易有限公司', realname: '王芳', types: [3], records: {} },
];

const pagesOfType = (subject: WatchedSubject, type: RiskType) =>
  Math.max(1, Math.ceil((subject.records[type] ?? 0) / 10));

/** Every page a check of these subjects asks Juhe for, as `keyword|realname|type|pageIndex`. */
function expectedPages(subjects: readonly WatchedSubject[]): string[] {
  return subjects
    .flatMap((subject) =>
      subject.types.flatMap((type) =>
        Array.from(
          { length: pagesOfType(subject, type) },
          (_, i) => `${subject.keyword}|${subject.realname}|${type}|${i + 1}`,
        ),
      ),
    )
    .sort();
}

/** What a check of the subject audits: per source, `type:0` (records) or `type:240102` (none). */
function expectedOutcome(subject: WatchedSubject): string {
  return subject.types
    .map((type) => `${type}:${(subject.records[type] ?? 0) > 0 ? '0' : '240102'}`)
    .join(',');
}

const postgres = DATABASE_TARGETS.find((target) => target.name === 'postgres');

describe.skipIf(!postgres?.available)(
  'a watch cycle on two instances sharing one PostgreSQL database',
  () => {
    let database: Database;
    let a: Harness;
    let b: Harness;
    const watchIds = new Map<string, WatchedSubject>();

    beforeAll(async () => {
      database = await openTestPostgres();
      // every instance of one deployment has the same DATA_ENCRYPTION_KEY
      const dataKey = randomBytes(32);
      a = await startHarness({ database, dataKey });
      b = await startHarness({ database, dataKey });
      const now = new Date();
      for (const subject of SUBJECTS) {
        const id = randomUUID();
        const added = await a.app.services.watches.store.add({
          id,
          owner: IDS.analyst,
          now,
          expiresAt: new Date(now.getTime() + 30 * 86_400_000),
          types: subject.types,
          spec: {
            keyword: subject.keyword,
            realname: subject.realname,
            purpose: PURPOSE,
            alertTo: { kind: 'dm' },
          },
          callsPerCheck: subject.types.reduce((sum, type) => sum + pagesOfType(subject, type), 0),
          nextCheckAt: now,
        });
        expect(added).toBe(true);
        watchIds.set(id, subject);
      }
    }, 60_000);

    afterAll(async () => {
      await a?.close();
      await b?.close();
      // both instances have stopped writing: nothing either of them stored is personal data in clear
      if (database) await assertNoPersonalDataInDatabase(database);
      await database?.close();
    });

    /** Every request both sandboxes saw to personRisk, as `keyword|realname|type|pageIndex`. */
    const juhePages = () =>
      [...a.sandbox.requests, ...b.sandbox.requests]
        .filter((request) => request.path === '/personRisk/query')
        .map(
          ({ params }) => `${params.keyword}|${params.realname}|${params.type}|${params.pageIndex ?? '1'}`,
        );

    const scheduleChecks = async (): Promise<AuditedQueryRow[]> =>
      (await a.app.services.record.trail.queries()).filter(
        (row) => row.started.surface === 'schedule' && row.started.api === 'risk',
      );

    /** No check job of any cycle left waiting, retrying or running: no request to Juhe can still come. */
    const noCheckLeft = () =>
      waitUntil(async () => {
        const { rows } = await database.query<{ open: number }>(
          `select count(*)::int as open from pgboss.job
          where name = 'watch-check' and state in ('created', 'retry', 'active')`,
        );
        return rows[0]?.open === 0 ? true : undefined;
      }, 30_000);

    /** Runs `cycleKey` on both instances at once and waits until nothing of it is left to run. */
    async function cycleOnBoth(cycleKey: string): Promise<AuditedQueryRow[]> {
      a.sandbox.resetRequests();
      b.sandbox.resetRequests();
      const before = new Set((await scheduleChecks()).map((row) => row.queryId));
      const queued = await Promise.all([
        a.app.services.watches.monitor.runCycle({ cycleKey, everyActiveWatch: true }),
        b.app.services.watches.monitor.runCycle({ cycleKey, everyActiveWatch: true }),
      ]);
      // each instance found every watch; the same check queued twice is one job
      expect(queued).toEqual([{ checked: SUBJECTS.length }, { checked: SUBJECTS.length }]);
      await waitUntil(async () => {
        const { rows } = await database.query<{ cycle_key: string | null; check_state: string | null }>(
          'select cycle_key, check_state from watches',
        );
        return rows.length === SUBJECTS.length &&
          rows.every((row) => row.cycle_key === cycleKey && row.check_state === 'done')
          ? true
          : undefined;
      }, 30_000);
      await noCheckLeft();
      // a check's audit finishes just after its row says done
      return waitUntil(async () => {
        const added = (await scheduleChecks()).filter((row) => !before.has(row.queryId));
        return added.length >= SUBJECTS.length && added.every((row) => row.finished !== null)
          ? added
          : undefined;
      }, 10_000);
    }

    function expectOneCheckPerWatch(audited: AuditedQueryRow[]) {
      expect(audited).toHaveLength(SUBJECTS.length);
      const bySubject = audited
        .map((row) => ({
          subject: row.subject,
          requester: row.started.requester,
          purpose: row.started.purpose,
          outcome: row.finished?.outcome,
        }))
        .sort((x, y) => JSON.stringify(x.subject).localeCompare(JSON.stringify(y.subject)));
      const expected = SUBJECTS.map((subject) => ({
        subject: { keyword: subject.keyword, realname: subject.realname },
        requester: IDS.analyst,
        purpose: PURPOSE,
        outcome: expectedOutcome(subject),
      })).sort((x, y) => JSON.stringify(x.subject).localeCompare(JSON.stringify(y.subject)));
      expect(bySubject).toEqual(expected);
    }

    function expectEveryPageAskedOnce() {
      const asked = juhePages();
      const expected = expectedPages(SUBJECTS);
      // 6 + 4 + 3 + 1 + 3 + 1
      expect(expected).toHaveLength(18);
      expect(asked).toHaveLength(expected.length);
      const twice = asked.filter((page, index) => asked.indexOf(page) !== index);
      expect(twice).toEqual([]);
      expect([...asked].sort()).toEqual(expected);
    }

    it('the first cycle: each watch checked once, one Juhe call per page across both instances, one audited check per watch', async () => {
      const audited = await cycleOnBoth('k');
      expectEveryPageAskedOnce();
      expectOneCheckPerWatch(audited);
      const { rows } = await database.query<{ id: string; check_attempts: number; baseline_at: Date | null }>(
        'select id, check_attempts, baseline_at from watches',
      );
      expect(rows.map((row) => row.check_attempts)).toEqual(SUBJECTS.map(() => 1));
      expect(rows.every((row) => row.baseline_at !== null)).toBe(true);
      process.stdout.write(
        `cycle k: instance A asked ${a.sandbox.requestCount('/personRisk/query')} pages, B ${b.sandbox.requestCount('/personRisk/query')}\n`,
      );
    });

    it('a second cycle under a new key: again each watch once, every page asked once more, nothing reused from the first', async () => {
      const audited = await cycleOnBoth('k2');
      expectEveryPageAskedOnce();
      expectOneCheckPerWatch(audited);
      // no changes between the cycles: nothing was alerted
      const { rows } = await database.query<{ notices: number }>(
        'select count(*)::int as notices from watch_notices',
      );
      expect(rows[0]?.notices).toBe(0);
      // the same key again on both: already done, nothing asked
      a.sandbox.resetRequests();
      b.sandbox.resetRequests();
      await Promise.all([
        a.app.services.watches.monitor.runCycle({ cycleKey: 'k2', everyActiveWatch: true }),
        b.app.services.watches.monitor.runCycle({ cycleKey: 'k2', everyActiveWatch: true }),
      ]);
      await noCheckLeft();
      expect(juhePages()).toEqual([]);
      expect(await scheduleChecks()).toHaveLength(2 * SUBJECTS.length);
    });
  },
);
