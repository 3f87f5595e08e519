import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBatchStore } from '../../src/batch/batchStore.js';
import { FAKE_WORKSPACE, SEED_IDS } from '../../src/local/fake-slack/seed.js';
import { type FakeSlack, startFakeSlack } from '../../src/local/fake-slack/server.js';
import { type JuheSandbox, type SandboxRequest, startJuheSandbox } from '../../src/local/sandbox/server.js';
import { createLogger } from '../../src/logging/logger.js';
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
import { textOf, waitUntil } from './harness.js';

/**
 * kill -9 in the middle of a batch, then a restart on the same embedded database (DATA_DIR): the batch
 * job resumes (pg-boss hands it on once the dead worker's heartbeat stops, the batch's lease lapses),
 * skips the rows done, and screens the rest; no row's page is answered by Juhe twice.
 */
const SECRET = 'batch-crash-test-signing-secret';
const SLOW_MS = 800;
const ROWS = 24;
const PURPOSE = 'Onboarding: counterparties of the 2026 tender';
const _STORE = { auditRetentionDays: 1095, resultRetentionHours: 24 };
const _silent = createLogger({ level: 'silent' });
/** Distinct valid names, one a row: each row is its own question to Juhe (no two share a page). */
const NAMES = Array.from(
  { length: ROWS },
  (_unused, index) => `测试${'甲乙丙丁戊己庚辛壬癸'[index % 10]}${'一二三'[Math.floor(index / 10)]}`,
);
const KEYWORD = `FAULT:slow-${SLOW_MS}`;

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
      juheTimeoutMs: 3000,
      complianceChannel: SEED_IDS.complianceChannel,
    }),
    WATCH_SCHEDULE: '0 3 1 1 *',
  });
}

const rowCalls = (requests: readonly SandboxRequest[] = sandbox.requests) =>
  requests.filter((request) => request.path === '/personRisk/query' && request.params.keyword === KEYWORD);

/**
 * A batch already started (as Start leaves it: running, its message in the DM), before the app first
 * starts: the app's start queues its job, as it does for any batch a stopped process left running.
 */
async function prepare(dataDir: string): Promise<{ batchId: string; messageTs: string; dm: string }> {
  const batchId = randomUUID();
  const dm = fake.store.dmWith(SEED_IDS.analyst).id;
  const message = fake.store.addMessage({
    channel: dm,
    user: FAKE_WORKSPACE.botUserId,
    botId: FAKE_WORKSPACE.botId,
    text: 'Batch screening: crash.csv',
    via: 'test',
  });
  await withRecord(dataDir, async (record) => {
    const store = createBatchStore(record.database, record.cipher);
    const now = new Date();
    await store.create({
      id: batchId,
      owner: SEED_IDS.analyst,
      spec: { purpose: PURPOSE, fileName: 'crash.csv' },
      subjects: NAMES.map((realname, index) => ({ row: index + 2, keyword: KEYWORD, realname, types: [1] })),
      rejected: [],
      costCalls: ROWS,
      now,
    });
    await store.setMessage(batchId, dm, message.ts);
    expect((await store.start(batchId, now)).started).toBe(true);
  });
  return { batchId, messageTs: message.ts, dm };
}

describe('kill -9 in the middle of a batch, and a restart on the same DATA_DIR', () => {
  it('the batch resumes where it stopped and finishes; no row is answered twice; the interrupted rows are audited as such', async () => {
    const dataDir = await preparedDataDir();
    const { batchId, messageTs, dm } = await prepare(dataDir);
    sandbox.resetRequests();

    const first = startApp(dataDir);
    let second: MainProcess | undefined;
    try {
      // two waves of 4 rows answered, the third asked: kill halfway through its wait on the sandbox (the
      // second wave's answers, which arrive as the third is asked, are recorded by then)
      await waitUntil(() => (rowCalls().length >= 9 ? true : undefined), 60_000);
      await new Promise((resolve) => setTimeout(resolve, SLOW_MS / 2));
      await killHard(first);
      const killedAt = Date.now();
      const beforeCrash = [...rowCalls()];
      expect(logged(first, 'batch ended')).toEqual([]);
      // asked within SLOW_MS of the kill: in flight, the process gone before the sandbox answered (it
      // stops waiting, and never answers, when its client goes away): Juhe never billed these
      const inFlight = beforeCrash.filter((request) => killedAt - request.at < SLOW_MS);
      const answered = beforeCrash.filter((request) => !inFlight.includes(request));
      expect(inFlight.length).toBeGreaterThan(0);
      expect(inFlight.length).toBeLessThanOrEqual(4);
      expect(answered.length).toBeGreaterThanOrEqual(4);

      sandbox.resetRequests();
      const restartedAt = Date.now();
      second = startApp(dataDir);
      await waitUntil(() => logged(second as MainProcess, 'batch ended')[0], 90_000);
      process.stdout.write(
        `the interrupted batch finished ${Date.now() - restartedAt} ms after the restart\n`,
      );
      await stopGently(second);
      const afterRestart = [...rowCalls()];

      const names = (requests: readonly SandboxRequest[]) => requests.map((r) => String(r.params.realname));
      // rows answered before the crash are not asked again; the rest — the ones in flight among them —
      // are asked once each
      expect(names(afterRestart).filter((name) => names(answered).includes(name))).toEqual([]);
      expect([...names(answered), ...names(afterRestart)].sort()).toEqual([...NAMES].sort());
      expect(names(inFlight).every((name) => names(afterRestart).includes(name))).toBe(true);

      const { rows, batch, queries } = await withRecord(dataDir, async (record) => {
        const store = createBatchStore(record.database, record.cipher);
        return {
          rows: await store.rows(batchId),
          batch: await store.load(batchId),
          queries: (await record.trail.queries()).filter((row) => row.started.surface === 'batch'),
        };
      });
      expect(batch).toMatchObject({ status: 'done' });
      expect(batch?.reportedAt).not.toBeNull();
      expect(rows.every((row) => row.status === 'done' && row.attempts === 1)).toBe(true);
      expect(rows.every((row) => row.outcome?.sources[0]?.records === 31)).toBe(true);
      // each row one finished query; the rows in flight at the kill also one interrupted attempt
      const outcomes = queries.map((row) => row.finished?.outcome);
      expect(outcomes.filter((outcome) => outcome === '1:0')).toHaveLength(ROWS);
      // (a row whose answer arrived just before the kill, but was not yet recorded, is one more: its
      // page was stored the moment it arrived, so its retry read it back without asking Juhe again)
      const interrupted = outcomes.filter((outcome) => outcome === 'interrupted').length;
      expect(interrupted).toBeGreaterThanOrEqual(inFlight.length);
      expect(interrupted).toBeLessThanOrEqual(4);
      expect(queries.every((row) => row.started.requester === SEED_IDS.analyst)).toBe(true);
      expect(queries.every((row) => row.started.purpose === PURPOSE)).toBe(true);

      // the message in the DM is the summary, and the XLSX is in its thread
      const message = fake.messagesIn(dm).find((m) => m.ts === messageTs);
      expect(textOf(message?.blocks)).toContain(`Batch done: crash.csv`);
      expect(textOf(message?.blocks)).toContain(`${ROWS} of ${ROWS} rows screened`);
      expect(message?.replies.some((reply) => (reply.files ?? []).length === 1)).toBe(true);
    } finally {
      await killHard(first).catch(() => {});
      if (second) await killHard(second).catch(() => {});
    }
  }, 180_000);
});
