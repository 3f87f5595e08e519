import { randomUUID } from 'node:crypto';
import { RISK_TYPES } from '../src/domain/riskType.js';
import { snapshotCounts } from '../src/domain/watchChanges.js';
import { SEED_IDS } from '../src/local/fake-slack/seed.js';
import { sandboxWatchSubjects } from '../src/local/sandbox/fixtures/watchSubjects.js';
import type { Database } from '../src/store/database.js';
import { nextCheckAfter } from '../src/watches/watchSchedule.js';
import { screenWatchedSources } from '../src/watches/watchScreening.js';
import { type Harness, startHarness } from '../test/e2e/harness.js';
import { type DatabaseResult, onEachBenchDatabase } from './benchDatabases.js';
import { type BenchRow, runConcurrent } from './measure.js';
import { NullSink } from './nullSink.js';
import { type CountingDatabase, countingDatabase, type QueryCounts } from './queryCounter.js';
import { summarize } from './stats.js';
import { type BenchSection, formatDuration } from './table.js';

/**
 * The cost of one monitoring cycle: every active watch re-checked (src/watches/watchMonitor.ts) through
 * the app as it runs — the pg-boss queue and its worker, every page of each source from the Juhe sandbox,
 * the comparison with the baseline, the new baseline sealed and stored, the audit trail — so
 * WATCH_SCHEDULE can be sized. Nothing changes between the baseline and the measured cycle: no alerts.
 */
export interface WatchCycleSizes {
  /** watches of the first, smaller measured cycle (it also warms up the check's code) */
  warmup: number;
  /** watches of the main measured cycle: the warm-up's and more */
  watches: number;
  /** how long the app is left idle before each measured cycle, to tell pg-boss's polling from the checks */
  idleMs: number;
}

export const WATCH_CYCLE_SIZES: WatchCycleSizes = { warmup: 100, watches: 1_000, idleMs: 5_000 };

const RISK_PATH = '/personRisk/query';
const OWNER = SEED_IDS.analyst;
const PURPOSE = 'Supplier under contract: annual review (benchmark)';
/** The baselines are taken this many at a time (not measured). */
const BASELINE_CONCURRENCY = 4;
/** A cycle that has not finished by then is reported as stuck, not waited on for ever. */
const CYCLE_TIMEOUT_MS = 10 * 60_000;

/**
 * The app's log, discarded, with the end of each check counted as it is written: the measured cycle
 * ends on the last "watch checked" line of its cycle key, so finding the end costs the database nothing.
 */
class CheckLogSink extends NullSink {
  private readonly checked = new Map<string, number>();
  failed = 0;

  override _write(chunk: unknown, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const text = String(chunk);
    if (text.includes('"msg":"watch checked"')) {
      const key = /"cycleKey":"([^"]*)"/.exec(text)?.[1] ?? '';
      this.checked.set(key, (this.checked.get(key) ?? 0) + 1);
    } else if (text.includes('"msg":"watch check failed')) {
      this.failed++;
    }
    super._write(chunk, encoding, callback);
  }

  checkedIn(cycleKey: string): number {
    return this.checked.get(cycleKey) ?? 0;
  }
}

interface CycleCost {
  watches: number;
  wallMs: number;
  /** runCycle itself: reading the active watches and queueing one job per watch */
  queueMs: number;
  cpuMs: number;
  juheCalls: number;
  counts: QueryCounts;
  /** the same counters and CPU over an idle stretch just before, per second */
  idle: { cpuMsPerSecond: number; jobStatementsPerSecond: number; appStatementsPerSecond: number };
  /** per check: its claim until its result was recorded (check_started_at → last_checked_at) */
  checkMs: number[];
  /** chat.postMessage calls the fake Slack saw during the cycle, and notices stored (alerts) */
  posts: number;
  notices: number;
}

function appStatements(counts: QueryCounts): number {
  return counts.queries + counts.transactionQueries;
}

async function idleRates(counting: CountingDatabase, idleMs: number): Promise<CycleCost['idle']> {
  counting.reset();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, idleMs));
  const cpu = process.cpuUsage(cpuBefore);
  const seconds = (performance.now() - started) / 1000;
  const counts = counting.counts();
  return {
    cpuMsPerSecond: (cpu.user + cpu.system) / 1000 / seconds,
    jobStatementsPerSecond: counts.jobStatements / seconds,
    appStatementsPerSecond: appStatements(counts) / seconds,
  };
}

/** One measured cycle over every active watch: from runCycle until the last check is done. */
async function measureCycle(
  h: Harness,
  counting: CountingDatabase,
  raw: Database,
  sink: CheckLogSink,
  cycleKey: string,
  expected: number,
  idleMs: number,
): Promise<CycleCost> {
  const { monitor } = h.app.services.watches;
  const idle = await idleRates(counting, idleMs);
  const juheBefore = h.sandbox.requestCount(RISK_PATH);
  const callsBefore = h.fake.calls.length;
  const failedBefore = sink.failed;
  counting.reset();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const { checked } = await monitor.runCycle({ cycleKey, everyActiveWatch: true });
  const queueMs = performance.now() - started;
  if (checked !== expected) throw new Error(`${cycleKey}: ${checked} watches queued, expected ${expected}`);
  const deadline = started + CYCLE_TIMEOUT_MS;
  while (sink.checkedIn(cycleKey) < expected) {
    if (sink.failed > failedBefore) throw new Error(`${cycleKey}: a check failed`);
    if (performance.now() > deadline) {
      throw new Error(
        `${cycleKey}: ${sink.checkedIn(cycleKey)} of ${expected} checks after ${CYCLE_TIMEOUT_MS} ms`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const counts = counting.counts();
  const juheCalls = h.sandbox.requestCount(RISK_PATH) - juheBefore;
  const posts = h.fake.calls.slice(callsBefore).filter((call) => call.method === 'chat.postMessage').length;

  // the log line comes after the result is recorded: every watch is 'done' for this cycle by now
  const { rows } = await raw.query<{ state: string | null; started: Date | string; checked: Date | string }>(
    `select check_state as state, check_started_at as started, last_checked_at as checked
       from watches where cycle_key = $1`,
    [cycleKey],
  );
  const done = rows.filter((row) => row.state === 'done');
  if (done.length !== expected) throw new Error(`${cycleKey}: ${done.length} of ${expected} checks 'done'`);
  const checkMs = done.map((row) => new Date(row.checked).getTime() - new Date(row.started).getTime());
  const { rows: noticeRows } = await raw.query<{ n: number }>('select count(*)::int as n from watch_notices');
  return {
    watches: expected,
    wallMs,
    queueMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    juheCalls,
    counts,
    idle,
    checkMs,
    posts,
    notices: noticeRows[0]?.n ?? 0,
  };
}

/** Adds watches until there are `n`: subjects from sandboxWatchSubjects, all three sources, alerts by DM. */
async function addWatchesUpTo(h: Harness, ids: string[], n: number): Promise<string[]> {
  const { store, config } = h.app.services.watches;
  const subjects = sandboxWatchSubjects(n);
  const now = new Date();
  const added: string[] = [];
  for (let i = ids.length; i < n; i++) {
    const subject = subjects[i] as { keyword: string; realname: string };
    const id = randomUUID();
    const stored = await store.add({
      id,
      owner: OWNER,
      now,
      expiresAt: new Date(now.getTime() + config.maxDays * 86_400_000),
      types: RISK_TYPES,
      spec: { ...subject, purpose: PURPOSE, alertTo: { kind: 'dm' } },
      callsPerCheck: RISK_TYPES.length,
      nextCheckAt: now,
    });
    if (!stored) throw new Error(`watch ${i} was not added`);
    ids.push(id);
    added.push(id);
  }
  return added;
}

/**
 * The baselines, not measured: each watch claimed, screened and recorded by the same store and screening
 * functions a check uses, without the queue. Through the queue they would take as long as a measured
 * cycle, doubling the benchmark's run time.
 */
async function takeBaselines(h: Harness, ids: readonly string[]): Promise<void> {
  const { store, config } = h.app.services.watches;
  const { screening } = h.app.services;
  const result = await runConcurrent(ids.length, BASELINE_CONCURRENCY, async (i) => {
    const id = ids[i] as string;
    const now = new Date();
    const claim = await store.claimCheck(id, `baseline:${id}`, now, 60_000, 'baseline');
    if (claim.kind !== 'claimed') throw new Error('not claimed');
    const watch = await store.load(id);
    if (watch === undefined) throw new Error('no watch');
    const subject = { keyword: watch.spec.keyword, realname: watch.spec.realname };
    // paid like a scheduled check: by the owner, from the budgets (unset in the bench: counted only)
    const held = await h.app.services.budgets.hold({ userId: watch.owner }, 0);
    if (!held.ok) throw new Error('budget refused');
    const screened = await screenWatchedSources(screening, subject, watch.types, now, () => new Date(), {
      charge: held.hold,
    }).finally(() => held.hold.close());
    const checkedAt = new Date();
    await store.recordCheck(id, `baseline:${id}`, {
      snapshot: screened.snapshot,
      counts: snapshotCounts(screened.snapshot),
      callsPerCheck: screened.callsPerCheck,
      changed: false,
      now: checkedAt,
      nextCheckAt: nextCheckAfter(config.schedule, checkedAt),
    });
  });
  if (result.failures > 0) throw new Error(`${result.failures} baselines failed: ${result.firstError}`);
}

function perWatch(value: number, watches: number): string {
  return (value / watches).toFixed(1);
}

function costRow(label: string, cost: CycleCost): BenchRow {
  return {
    name: `${label}: cycle of ${cost.watches.toLocaleString('en-US')} watches, per check`,
    ...summarize(cost.checkMs, cost.watches),
    perSecond: (cost.watches / cost.wallMs) * 1000,
    rateUnit: 'checks/s',
    note: `cycle wall ${formatDuration(cost.wallMs)}, CPU ${formatDuration(cost.cpuMs)}`,
  };
}

function costCells(label: string, cost: CycleCost): string[] {
  const { counts, watches, idle } = cost;
  const seconds = cost.wallMs / 1000;
  const idleJobs = idle.jobStatementsPerSecond * seconds;
  const busyCpuMs = cost.cpuMs - idle.cpuMsPerSecond * seconds;
  return [
    label,
    watches.toLocaleString('en-US'),
    formatDuration(cost.wallMs),
    formatDuration(cost.queueMs),
    `${formatDuration(cost.cpuMs)} (${Math.round((cost.cpuMs / cost.wallMs) * 100)}%)`,
    `${formatDuration(cost.cpuMs / watches)} (${formatDuration(busyCpuMs / watches)})`,
    ((watches / cost.wallMs) * 1000).toFixed(1),
    `${cost.juheCalls.toLocaleString('en-US')} (${perWatch(cost.juheCalls, watches)})`,
    `${perWatch(appStatements(counts), watches)} = ${perWatch(counts.queries, watches)} + ${perWatch(counts.transactionQueries, watches)} in ${perWatch(counts.transactions, watches)} tx`,
    `${perWatch(counts.jobStatements, watches)} (${perWatch(idleJobs, watches)})`,
    `${cost.posts} / ${cost.notices}`,
  ];
}

const COST_HEADER = [
  'database',
  'watches',
  'cycle wall',
  'runCycle (queueing)',
  'CPU (of wall)',
  'CPU per check (less idle)',
  'checks/s',
  'Juhe calls (per watch)',
  'app statements per watch = alone + in transactions',
  'pg-boss statements per watch (idle polling)',
  'alerts / notices',
];

/** Both measured cycles on one database: the warm-up's, then the main one's. */
async function benchOn(label: string, inner: Database, sizes: WatchCycleSizes): Promise<DatabaseResult> {
  const counting = countingDatabase(inner);
  const sink = new CheckLogSink();
  let h: Harness | undefined;
  const progress = (text: string) => process.stderr.write(`bench:   ${label}: ${text}\n`);
  try {
    h = await startHarness({ log: { level: 'info', destination: sink }, database: counting.database });
    const result: DatabaseResult = { rows: [], cells: [] };
    const run = label.toLowerCase();
    const ids: string[] = [];
    const costs: CycleCost[] = [];
    for (const n of [sizes.warmup, sizes.watches]) {
      const started = performance.now();
      await takeBaselines(h, await addWatchesUpTo(h, ids, n));
      progress(`${n} watches added, baselines in ${formatDuration(performance.now() - started)}`);
      const cost = await measureCycle(h, counting, inner, sink, `${run}-cycle-${n}`, n, sizes.idleMs);
      progress(`cycle of ${n} in ${formatDuration(cost.wallMs)}`);
      costs.push(cost);
    }
    for (const cost of costs) {
      result.rows.push(costRow(label, cost));
      result.cells.push(costCells(label, cost));
    }
    if (h.fake.violations.length > 0) throw new Error('the fake Slack saw messages over its limits');
    return result;
  } finally {
    await h?.close();
    counting.uninstall();
    await inner.close();
  }
}

export async function benchWatchCycle(sizes: WatchCycleSizes = WATCH_CYCLE_SIZES): Promise<BenchSection> {
  const { rows, cells, where } = await onEachBenchDatabase((label, database) =>
    benchOn(label, database, sizes),
  );
  const n = sizes.watches.toLocaleString('en-US');
  return {
    title: `Monitoring: one watch cycle over ${n} watches against the sandbox`,
    rows,
    extraTable: { header: COST_HEADER, rows: cells },
    footnote: [
      `The app in-process as in the end-to-end harness (pg-boss worker, Juhe client, sandbox, fake Slack; logs at info into a discarding stream). Watches added through services.watches.store.add (the seeded analyst, all three sources, alerts by DM; subjects from sandboxWatchSubjects, 6 in 10 with records), their baselines taken unmeasured (the check's own claimCheck, screenWatchedSources and recordCheck, ${BASELINE_CONCURRENCY} at a time, without the queue), ${sizes.idleMs / 1000} s idle, then one cycle measured from runCycle({ cycleKey, everyActiveWatch: true }) until the last check's "watch checked" log line (after its check_state is 'done' and its audit finish), every watch then verified 'done'. Nothing changes in between, so no alert is posted. The ${sizes.warmup}-watch cycle comes first and warms up the check; the ${n} watches include its ${sizes.warmup}.`,
      `"per check" = one check's claim until its result is recorded (check_started_at → last_checked_at: the Juhe pages, the audit start, the comparison and the new baseline; not its wait in the queue). CPU = process.cpuUsage user + system of this one process: the sandbox and the fake Slack are in it, and on PGlite the database; PostgreSQL's own CPU is not; "less idle" takes off the CPU the idle app used over as long. App statements = calls on the Database the app was given: database.query alone, and tx.query inside database.transaction (each transaction adds BEGIN and COMMIT on the wire). pg-boss statements = its own connection (on PGlite the calls on the instance it is handed; on PostgreSQL statements on connections named "juhe-risk-slack jobs"): sending, fetching and completing the jobs, plus the polling and maintenance of every queue over the cycle, which is what the idle app spends over as long (in brackets).${where ? ` PostgreSQL a fresh database on ${where}; the app's pool of 10, pg-boss's of 4.` : ''}`,
    ].join('\n\n'),
  };
}
