import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RiskType } from '../../src/domain/riskType.js';
import { startJobEngine } from '../../src/jobs/jobEngine.js';
import { SEED_IDS } from '../../src/local/fake-slack/seed.js';
import { type FakeSlack, startFakeSlack } from '../../src/local/fake-slack/server.js';
import { type JuheSandbox, type SandboxRequest, startJuheSandbox } from '../../src/local/sandbox/server.js';
import { createLogger } from '../../src/logging/logger.js';
import { WATCH_CYCLE_QUEUE } from '../../src/watches/watchMonitor.js';
import { createWatchStore, type WatchRow, type WatchSpec } from '../../src/watches/watchStore.js';
import { preparedDataDir } from '../support/dataDir.js';
import {
  killHard,
  logged,
  type MainProcess,
  sandboxedAppEnv,
  startMain,
  stopGently,
  withRecord,
} from '../support/mainProcess.js';
import { waitUntil } from './harness.js';

/**
 * kill -9 in the middle of a watch cycle, then a restart on the same embedded database (DATA_DIR): the
 * check the dead process was running resumes (pg-boss hands its job on once the heartbeat stops), reuses
 * the pages Juhe had already answered, and the cycle ends with the watch checked; the audit trail says the
 * first attempt was interrupted and the second finished.
 */
const SECRET = 'watch-crash-test-signing-secret';
const SLOW_MS = 800;
const CYCLE_KEY = 'crash-cycle';
const PURPOSE = 'Supplier under contract: monitoring';
/** The fault payload is 张德洲's 31 失信 records: 4 pages of 10, each answered SLOW_MS late. */
const SLOW: WatchSpec = {
  keyword: `FAULT:slow-${SLOW_MS}`,
  realname: '张德洲',
  purpose: PURPOSE,
  alertTo: { kind: 'dm' },
};
/** 3 records: one page, answered at once (its check is over long before the kill). */
const QUICK: WatchSpec = {
  keyword: '北京朝阳科技有限公司',
  realname: '李娜',
  purpose: PURPOSE,
  alertTo: { kind: 'dm' },
};
const _STORE = { auditRetentionDays: 1095, resultRetentionHours: 24 };
const silent = createLogger({ level: 'silent' });

let fake: FakeSlack;
let sandbox: JuheSandbox;
beforeAll(async () => {
  fake = await startFakeSlack();
  sandbox = await startJuheSandbox();
});
afterAll(async () => {
  await fake?.close();
  await sandbox?.close();
});

function startApp(dataDir: string): MainProcess {
  return startMain({
    ...sandboxedAppEnv({
      dataDir,
      fake,
      sandbox,
      signingSecret: SECRET,
      juheTimeoutMs: 5000,
      complianceChannel: SEED_IDS.complianceChannel,
    }),
    // once a year: no scheduled cycle of its own can start while the test runs; only the queued one
    WATCH_SCHEDULE: '0 3 1 1 *',
  });
}

/** The app logs a check once its result and its audit are written. */
const checkedIn = (main: MainProcess, watchId: string) =>
  logged(main, 'watch checked').find((line) => line.watchId === watchId && line.cycleKey === CYCLE_KEY);

const requestsFor = (spec: WatchSpec, requests: readonly SandboxRequest[] = sandbox.requests) =>
  requests.filter(
    (request) =>
      request.path === '/personRisk/query' &&
      request.params.keyword === spec.keyword &&
      request.params.realname === spec.realname,
  );
const pageIndexes = (requests: readonly SandboxRequest[]) => requests.map((r) => Number(r.params.pageIndex));

/**
 * Two watches (the slow one of 4 pages, a quick one) and one watch cycle queued in pg-boss, as the
 * schedule queues it, before the app first starts.
 */
async function prepare(dataDir: string): Promise<{ slowId: string; quickId: string }> {
  const slowId = randomUUID();
  const quickId = randomUUID();
  await withRecord(dataDir, async (record) => {
    const store = createWatchStore(record.database, record.cipher);
    const now = new Date();
    const watch = (id: string, spec: WatchSpec, types: RiskType[], callsPerCheck: number) =>
      store.add({
        id,
        owner: SEED_IDS.analyst,
        now,
        expiresAt: new Date(now.getTime() + 30 * 86_400_000),
        types,
        spec,
        callsPerCheck,
        // due now: the queued cycle (due watches only) takes both
        nextCheckAt: new Date(now.getTime() - 60_000),
      });
    expect(await watch(slowId, SLOW, [1], 4)).toBe(true);
    expect(await watch(quickId, QUICK, [1], 1)).toBe(true);
    const jobs = await startJobEngine(record.database, silent);
    try {
      await jobs.boss.createQueue(WATCH_CYCLE_QUEUE, { policy: 'exclusive' });
      // the watch-cycle worker reads job.data.cycleKey
      expect(await jobs.boss.send(WATCH_CYCLE_QUEUE, { cycleKey: CYCLE_KEY })).toEqual(expect.any(String));
    } finally {
      await jobs.stop();
    }
  });
  return { slowId, quickId };
}

describe('kill -9 in the middle of a watch cycle, and a restart on the same DATA_DIR', () => {
  it('the interrupted check resumes and finishes the cycle; pages Juhe answered are not asked again; the audit says interrupted, then done', async () => {
    const dataDir = await preparedDataDir();
    const { slowId, quickId } = await prepare(dataDir);
    sandbox.resetRequests();

    const first = startApp(dataDir);
    let second: MainProcess | undefined;
    try {
      // the quick watch is checked; the slow one has had page 1 answered and waits for page 2
      await waitUntil(() => checkedIn(first, quickId), 60_000);
      await waitUntil(() => (requestsFor(SLOW).length >= 2 ? true : undefined), 30_000);
      await killHard(first);
      const killedAt = Date.now();
      const beforeCrash = [...sandbox.requests];
      expect(checkedIn(first, slowId)).toBeUndefined();
      expect(pageIndexes(requestsFor(SLOW, beforeCrash))).toEqual([1, 2]);
      expect(pageIndexes(requestsFor(QUICK, beforeCrash))).toEqual([1]);
      // page 2 was in flight: the process was gone before the sandbox could answer it (it stops
      // waiting, and never answers, when its client goes away), so Juhe never billed it
      const inFlight = requestsFor(SLOW, beforeCrash)[1] as SandboxRequest;
      expect(killedAt - inFlight.at).toBeLessThan(SLOW_MS);

      sandbox.resetRequests();
      const restartedAt = Date.now();
      second = startApp(dataDir);
      const resumed = await waitUntil(() => checkedIn(second as MainProcess, slowId), 60_000);
      const resumedWithinMs = Date.now() - restartedAt;
      process.stdout.write(`the interrupted watch check finished ${resumedWithinMs} ms after the restart\n`);
      // page 1, answered before the crash, came from the stored page: nothing billed in this check for it
      expect(resumed).toMatchObject({ pages: 4, billedCalls: 3, baseline: true, changed: false });
      await stopGently(second);
      const afterRestart = [...sandbox.requests];

      // page 1 answered once and reused; page 2 asked again (its answer never came); 3 and 4 once
      expect(pageIndexes(requestsFor(SLOW, afterRestart))).toEqual([2, 3, 4]);
      // so each page was answered, and billed, exactly once across both runs
      const answered = [
        ...requestsFor(SLOW, beforeCrash).filter((request) => request !== inFlight),
        ...requestsFor(SLOW, afterRestart),
      ];
      expect(pageIndexes(answered).sort()).toEqual([1, 2, 3, 4]);
      // the quick watch's check was over before the crash: not asked again
      expect(requestsFor(QUICK, afterRestart)).toEqual([]);
      expect(afterRestart.filter((r) => r.path === '/personRisk/query')).toHaveLength(3);

      const { rows, slow, quick } = await withRecord(dataDir, async (record) => {
        const store = createWatchStore(record.database, record.cipher);
        return {
          rows: (await record.trail.queries()).filter((row) => row.started.surface === 'schedule'),
          slow: (await store.load(slowId)) as WatchRow,
          quick: (await store.load(quickId)) as WatchRow,
        };
      });
      expect(slow).toMatchObject({
        cycleKey: CYCLE_KEY,
        checkState: 'done',
        checkAttempts: 2,
        callsPerCheck: 4,
      });
      expect(slow.counts).toEqual({ 1: 31 });
      expect(slow.baseline?.sources.map((source) => source.records.length)).toEqual([31]);
      expect(quick).toMatchObject({ cycleKey: CYCLE_KEY, checkState: 'done', checkAttempts: 1 });

      const of = (spec: WatchSpec) =>
        rows
          .filter((row) => row.subject?.keyword === spec.keyword && row.subject?.realname === spec.realname)
          .map((row) => ({
            api: row.started.api,
            requester: row.started.requester,
            purpose: row.started.purpose,
            outcome: row.finished?.outcome,
          }));
      const check = { api: 'risk', requester: SEED_IDS.analyst, purpose: PURPOSE };
      // the attempt the crash cut short is finished as interrupted; the resumed one as a check of 失信
      expect(of(SLOW)).toEqual([
        { ...check, outcome: 'interrupted' },
        { ...check, outcome: '1:0' },
      ]);
      expect(of(QUICK)).toEqual([{ ...check, outcome: '1:0' }]);
      expect(rows).toHaveLength(3);
      expect(rows.every((row) => row.finished !== null)).toBe(true);
    } finally {
      await killHard(first).catch(() => {});
      if (second) await killHard(second).catch(() => {});
    }
  }, 150_000);
});
