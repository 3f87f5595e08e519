import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLog } from '../../test/support/capturedLog.js';
import { DATABASE_TARGETS } from '../../test/support/testDatabase.js';
import { type AuditTrail, createAuditTrail } from '../audit/auditTrail.js';
import { startJobEngine } from '../jobs/jobEngine.js';
import { createLogger } from '../logging/logger.js';
import { createFieldCipher } from '../privacy/fieldCipher.js';
import type { Database } from '../store/database.js';
import { purgeAuditTrail } from './auditRetention.js';
import { purgeExpiredResults } from './resultRetention.js';
import {
  AUDIT_RETENTION_CRON,
  AUDIT_RETENTION_QUEUE,
  RESULT_RETENTION_CRON,
  RESULT_RETENTION_QUEUE,
  scheduleRetention,
} from './retentionSchedule.js';

const cipher = createFieldCipher(Buffer.alloc(32, 9));
const NOW = new Date('2026-06-01T12:00:00.000Z');
const HOUR = 3_600_000;
const at = (hoursFromNow: number) => new Date(NOW.getTime() + hoursFromNow * HOUR);

async function insertLookup(
  db: Database,
  row: { expiresAt: Date; state: 'pending' | 'delivered' | 'failed'; answered: boolean },
): Promise<void> {
  await db.query(
    `insert into lookups (id, query_id, api, created_at, expires_at, request_sealed, answer_sealed, delivery_state)
     values ($1, $2, 'risk', $3, $4, 'v1.request', $5, $6)`,
    [randomUUID(), randomUUID(), at(-48), row.expiresAt, row.answered ? 'v1.answer' : null, row.state],
  );
}

async function count(db: Database, table: string): Promise<number> {
  const { rows } = await db.query<{ n: string | number }>(`select count(*) as n from ${table}`);
  return Number(rows[0]?.n);
}

for (const target of DATABASE_TARGETS) {
  describe.skipIf(!target.available)(`retention on ${target.name}`, () => {
    let db: Database;
    beforeAll(async () => {
      db = await target.open();
    });
    afterAll(async () => {
      await db?.close();
    });

    it('deletes answers, pages and receipts past their time, keeps the rest, and logs one line of counts', async () => {
      // expired: delivered, never delivered (answered), never answered
      await insertLookup(db, { expiresAt: at(-1), state: 'delivered', answered: true });
      await insertLookup(db, { expiresAt: at(-2), state: 'pending', answered: true });
      await insertLookup(db, { expiresAt: at(-3), state: 'failed', answered: false });
      // within retention: kept, delivered or not
      await insertLookup(db, { expiresAt: at(1), state: 'pending', answered: true });
      await insertLookup(db, { expiresAt: at(5), state: 'delivered', answered: true });
      for (const [key, expiresAt] of [
        ['old', at(-1)],
        ['older', at(-30)],
        ['fresh', at(2)],
      ] as const) {
        await db.query(
          `insert into risk_pages (question_key, answered_at, expires_at, page_sealed) values ($1, $2, $3, 'v1.page')`,
          [key, at(-24), expiresAt],
        );
      }
      for (const [key, receivedAt] of [
        ['r-old', at(-1.5)],
        ['r-new', at(-0.5)],
      ] as const) {
        await db.query('insert into request_receipts (request_key, received_at) values ($1, $2)', [
          key,
          receivedAt,
        ]);
      }

      const log = captureLog();
      const counts = await purgeExpiredResults(
        db,
        NOW,
        createLogger({ level: 'info', destination: log.destination }),
      );
      expect(counts).toEqual({
        lookups: 3,
        undeliveredLookups: 1,
        riskPages: 2,
        requestReceipts: 1,
        endedWatches: 0,
        watchNotices: 0,
        endedBatches: 0,
      });
      expect([
        await count(db, 'lookups'),
        await count(db, 'risk_pages'),
        await count(db, 'request_receipts'),
      ]).toEqual([2, 1, 1]);
      expect(log.records()).toEqual([
        expect.objectContaining({
          component: 'retention',
          purge: 'results',
          lookups: 3,
          undeliveredLookups: 1,
          riskPages: 2,
          requestReceipts: 1,
        }),
      ]);
      expect(await purgeExpiredResults(db, NOW, createLogger({ level: 'silent' }))).toEqual({
        lookups: 0,
        undeliveredLookups: 0,
        riskPages: 0,
        requestReceipts: 0,
        endedWatches: 0,
        watchNotices: 0,
        endedBatches: 0,
      });
    });

    it('deletes watches ended a month ago and notices past their use, keeps what is still live', async () => {
      const day = 86_400_000;
      const watch = async (id: string, state: string, endedDaysAgo: number | null) => {
        await db.query(
          `insert into watches (id, owner, created_at, expires_at, state, types, spec_sealed, subject_key,
             calls_per_check, ended_at)
           values ($1, 'U1', $2, $3, $4, '1', 'v1.spec', $5, 1, $6)`,
          [
            id,
            new Date(NOW.getTime() - 400 * day),
            new Date(NOW.getTime() + day),
            state,
            `key-${id}`,
            endedDaysAgo === null ? null : new Date(NOW.getTime() - endedDaysAgo * day),
          ],
        );
      };
      const notice = async (
        id: string,
        watchId: string,
        kind: string,
        daysAgo: number,
        acknowledged: boolean,
      ) => {
        await db.query(
          `insert into watch_notices (id, watch_id, owner, kind, created_at, body_sealed, delivery_state,
             acknowledged_at)
           values ($1, $2, 'U1', $3, $4, 'v1.body', 'delivered', $5)`,
          [id, watchId, kind, new Date(NOW.getTime() - daysAgo * day), acknowledged ? NOW : null],
        );
      };
      const ids = Array.from({ length: 8 }, () => randomUUID());
      const [activeId, stoppedOldId, expiredNewId, ...noticeIds] = ids as [
        string,
        string,
        string,
        ...string[],
      ];
      await watch(activeId, 'active', null);
      await watch(stoppedOldId, 'stopped', 31);
      await watch(expiredNewId, 'expired', 29);
      await notice(noticeIds[0] as string, activeId, 'changes', 100, false); // unacknowledged: kept
      await notice(noticeIds[1] as string, activeId, 'changes', 100, true); // acknowledged, old: purged
      await notice(noticeIds[2] as string, activeId, 'expiry_warning', 100, false); // old warning: purged
      await notice(noticeIds[3] as string, activeId, 'check_failed', 10, false); // recent: kept
      await notice(noticeIds[4] as string, stoppedOldId, 'changes', 40, false); // with its watch
      const counts = await purgeExpiredResults(db, NOW, createLogger({ level: 'silent' }));
      expect(counts).toMatchObject({ endedWatches: 1, watchNotices: 2 });
      const { rows } = await db.query<{ id: string }>('select id from watches order by id');
      expect(rows.map((row) => row.id).sort()).toEqual([activeId, expiredNewId].sort());
      const notices = await db.query<{ id: string }>('select id from watch_notices');
      expect(notices.rows.map((row) => row.id).sort()).toEqual([noticeIds[0], noticeIds[3]].sort());
    });

    it('purges batches reported, or never started, more than 30 days ago, with their rows', async () => {
      const day = 86_400_000;
      const ago = (days: number) => new Date(NOW.getTime() - days * day);
      const batch = async (id: string, started: Date | null, reported: Date | null, created: Date) => {
        await db.query(
          `insert into batches (id, owner, spec_sealed, accepted_rows, rejected_rows, cost_calls, created_at,
             started_at, reported_at, status)
           values ($1, 'U1', 'v1.spec', 1, 0, 1, $2, $3, $4, $5)`,
          [id, created, started, reported, started ? 'done' : 'previewed'],
        );
        await db.query(
          `insert into batch_rows (batch_id, row_number, status, types, subject_sealed)
           values ($1, 2, 'done', '1', 'v1.subject')`,
          [id],
        );
      };
      const [oldReported, recentReported, running, oldPreview, recentPreview] = Array.from(
        { length: 5 },
        () => randomUUID(),
      ) as [string, string, string, string, string];
      await batch(oldReported, ago(40), ago(31), ago(40));
      await batch(recentReported, ago(40), ago(29), ago(40));
      await batch(running, ago(40), null, ago(40));
      await batch(oldPreview, null, null, ago(31));
      await batch(recentPreview, null, null, ago(1));
      const counts = await purgeExpiredResults(db, NOW, createLogger({ level: 'silent' }));
      expect(counts).toMatchObject({ endedBatches: 2 });
      const { rows } = await db.query<{ id: string }>('select id from batches');
      expect(rows.map((row) => row.id).sort()).toEqual([recentReported, running, recentPreview].sort());
      const rowsLeft = await db.query<{ batch_id: string }>('select batch_id from batch_rows');
      expect(rowsLeft.rows.map((row) => row.batch_id).sort()).toEqual(
        [recentReported, running, recentPreview].sort(),
      );
    });

    it('purges audit entries older than the retention, chains the purge, and still verifies', async () => {
      let clock = new Date('2023-01-01T00:00:00.000Z');
      const trail: AuditTrail = createAuditTrail({ db, cipher, now: () => clock });
      for (const day of ['2023-01-01', '2023-02-01', '2026-01-01']) {
        clock = new Date(`${day}T00:00:00.000Z`);
        const queryId = randomUUID();
        await trail.start(queryId, { requester: 'U1' }, { realname: '张三' });
        await trail.finish(queryId, { outcome: '0' });
      }
      const log = captureLog();
      const logger = createLogger({ level: 'info', destination: log.destination });
      // 1095 days before 2026-06-01 is 2023-06-02: the first two queries go
      const purged = await purgeAuditTrail(trail, 1095, NOW, logger);
      expect(purged).toEqual({ purgedEntries: 4, olderThan: new Date('2023-06-02T12:00:00.000Z') });
      expect(log.records()).toEqual([
        expect.objectContaining({
          component: 'retention',
          purge: 'audit',
          purgedEntries: 4,
          retentionDays: 1095,
        }),
      ]);
      expect(await trail.verify()).toEqual({ ok: true, entries: 3, firstSeq: 5, lastSeq: 7 });
      // nothing more to purge: no purge entry either
      expect((await purgeAuditTrail(trail, 1095, NOW, logger)).purgedEntries).toBe(0);
      expect(await trail.verify()).toEqual({ ok: true, entries: 3, firstSeq: 5, lastSeq: 7 });
    });

    it('schedules both purges on the job engine and works them', async () => {
      const logger = createLogger({ level: 'silent' });
      const engine = await startJobEngine(db, logger);
      try {
        await insertLookup(db, { expiresAt: at(-1), state: 'delivered', answered: true });
        const trail = createAuditTrail({ db, cipher });
        const deps = { db, trail, store: { auditRetentionDays: 1095 }, logger, now: () => NOW };
        await scheduleRetention(engine.boss, deps);
        // a second instance scheduling the same is harmless
        await scheduleRetention(engine.boss, deps);
        const schedules = await engine.boss.getSchedules();
        expect(
          schedules.map((s) => ({ name: s.name, cron: s.cron })).sort((a, b) => a.name.localeCompare(b.name)),
        ).toEqual([
          { name: AUDIT_RETENTION_QUEUE, cron: AUDIT_RETENTION_CRON },
          { name: RESULT_RETENTION_QUEUE, cron: RESULT_RETENTION_CRON },
        ]);
        await engine.boss.send(RESULT_RETENTION_QUEUE, {});
        const deadline = Date.now() + 15_000;
        while ((await count(db, 'lookups')) > 2 && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        expect(await count(db, 'lookups')).toBe(2);
      } finally {
        await engine.stop();
      }
    }, 40_000);
  });
}
