import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { t } from '../src/i18n/catalog.js';
import { postSignedToSlackEvents, slashCommandBody } from '../src/local/fake-slack/payloads.js';
import { SEED_IDS } from '../src/local/fake-slack/seed.js';
import { type FakeSlack, startFakeSlack } from '../src/local/fake-slack/server.js';
import { type JuheSandbox, startJuheSandbox } from '../src/local/sandbox/server.js';
import { preparedDataDir } from '../test/support/dataDir.js';
import { loggedUrl, sandboxedAppEnv } from '../test/support/mainProcess.js';
import { openTestPostgres } from '../test/support/testDatabase.js';
import { type BenchRow, runConcurrent } from './measure.js';
import { describeUrl, probe } from './recordBench.js';
import { ResponseUrlAnswers } from './responseUrlAnswers.js';
import { type LatencySummary, summarize } from './stats.js';
import { type BenchSection, formatDuration, formatRate } from './table.js';

/*
 * The app against a bare Bolt app (bench/bareBoltApp.ts), each in a process of its own, one after the other,
 * against the same Juhe sandbox and fake Slack in this process. Issue 12's goals for the app against bare:
 * main-thread CPU per /risk ≤ 1.5×, ack p99 at 100/s ≤ 1.5×, 200-burst throughput at Juhe 300 ms ≥ 0.9×,
 * RSS with 1,000 in flight ≤ 1.5×.
 */

const ROOT = new URL('..', import.meta.url).pathname;
/** the pause between a child's warm-up and its measured runs, and between those runs */
const SETTLE_MS = 2000;
const SECRET = 'side-by-side-signing-secret';
const USER = SEED_IDS.analyst;
const CHANNEL = SEED_IDS.generalChannel;
/** Case numbers of the 张德洲 fixtures: an answer with one carries the records. */
const RESULT_MARKER = '苏05';

export interface SideBySideSizes {
  warmup: number;
  /** commands a second of the open-loop run, and for how long */
  rate: number;
  seconds: number;
  burst: number;
  /** Juhe latencies of the 100/s and burst runs */
  latenciesMs: number[];
  /** the in-flight test: this many at once, Juhe answering in inFlightLatencyMs */
  inFlight: number;
  inFlightLatencyMs: number;
  /** how long the in-flight test waits for the last answer */
  inFlightDeadlineMs: number;
  /** how long a command of the other runs waits for its answer (an overloaded app falls far behind) */
  answerDeadlineMs: number;
}

export const SIDE_BY_SIDE_SIZES: SideBySideSizes = {
  warmup: 200,
  rate: 100,
  seconds: 10,
  burst: 200,
  latenciesMs: [0, 300],
  inFlight: 1000,
  inFlightLatencyMs: 5000,
  inFlightDeadlineMs: 300_000,
  answerDeadlineMs: 180_000,
};

/** `appPostgres`: the app with DATABASE_URL, only when BENCH_DATABASE_URL (or TEST_DATABASE_URL) answers */
type ContenderKind = 'bare' | 'app' | 'appPostgres';
type AppKind = Exclude<ContenderKind, 'bare'>;

/**
 * Issue 12: with 1,000 lookups in flight the app's RSS stays under a stated figure. The page cache is
 * bounded in bytes (CACHE_MAX_MB, 64 by default) and a Juhe page larger than 512 KB is refused, so what
 * grows with the lookups waiting is their requests, promises and queued calls: about 120 MB here. On
 * PGlite the embedded database's WebAssembly heap, some 550 MB from start-up, comes on top.
 */
const IN_FLIGHT_RSS_BOUND_MB: Partial<Record<ContenderKind, number>> = { app: 800, appPostgres: 400 };

const LABELS: Record<ContenderKind, string> = {
  bare: 'bare Bolt',
  app: 'app',
  appPostgres: 'app on PostgreSQL',
};

interface Fixtures {
  fake: FakeSlack;
  sandbox: JuheSandbox;
  answers: ResponseUrlAnswers;
  /** `taskset -c 1` in front of each child, when taskset exists */
  pinChild: boolean;
  /** the PostgreSQL server a fresh database is made on for each appPostgres child */
  postgresUrl?: string;
}

interface Child {
  kind: ContenderKind;
  process: ChildProcess;
  pid: number;
  /** http://127.0.0.1:port, where /slack/events is */
  baseUrl: string;
  stderr: string[];
  /** drops the child's PostgreSQL database, once it has stopped */
  cleanup?: () => Promise<void>;
}

// ---- /proc readings of a child ----

const CLOCK_TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of one thread (or, with tid = pid read from /proc/<pid>/stat, of the whole process), in ms. */
function cpuMs(statPath: string): number {
  const stat = readFileSync(statPath, 'utf8');
  // the fields after the command name, which is in parentheses and may contain spaces
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields 14 and 15 of stat(5); this array starts at field 3
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

function mainThreadCpuMs(pid: number): number {
  return cpuMs(`/proc/${pid}/task/${pid}/stat`);
}

function processCpuMs(pid: number): number {
  return cpuMs(`/proc/${pid}/stat`);
}

function statusKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? Number.NaN);
}

/** Resets VmHWM to the current RSS (clear_refs 5), so the next reading is the peak of what follows. */
function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

interface Usage {
  mainCpuMs: number;
  processCpuMs: number;
  rssBeforeMb: number;
  rssPeakMb: number;
  /** false: the peak is the process's lifetime peak (clear_refs refused) */
  peakReset: boolean;
}

/** Main-thread and process CPU, and the RSS peak, of what `work` makes the child do. */
async function measured<T>(child: Child, work: () => Promise<T>): Promise<{ result: T; usage: Usage }> {
  const peakReset = resetPeakRss(child.pid);
  const rssBeforeMb = statusKb(child.pid, 'VmRSS') / 1024;
  const main = mainThreadCpuMs(child.pid);
  const whole = processCpuMs(child.pid);
  const result = await work();
  return {
    result,
    usage: {
      mainCpuMs: mainThreadCpuMs(child.pid) - main,
      processCpuMs: processCpuMs(child.pid) - whole,
      rssBeforeMb,
      rssPeakMb: statusKb(child.pid, 'VmHWM') / 1024,
      peakReset,
    },
  };
}

// ---- the children ----

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Every thread of this process onto `cpus` (taskset -a -p); returns the list it had. */
function pinSelf(cpus: string): string {
  const current = /:\s*(\S+)\s*$/.exec(
    execFileSync('taskset', ['-pc', String(process.pid)], { encoding: 'utf8' }),
  )?.[1];
  execFileSync('taskset', ['-a', '-pc', cpus, String(process.pid)], { stdio: 'ignore' });
  return current ?? '0-1';
}

async function childEnv(
  kind: ContenderKind,
  fixtures: Fixtures,
): Promise<{ env: Record<string, string>; cleanup?: () => Promise<void> }> {
  const { fake, sandbox } = fixtures;
  // what the spawned-app tests use, with the product's own Juhe timeout, concurrency and queue wait
  const env = sandboxedAppEnv({
    dataDir: kind === 'bare' ? '' : await preparedDataDir(),
    fake,
    sandbox,
    signingSecret: SECRET,
    juheTimeoutMs: 0,
    complianceChannel: '',
  });
  delete env.JUHE_TIMEOUT_MS;
  delete env.JUHE_QUEUE_TIMEOUT_MS;
  delete env.COMPLIANCE_CHANNELS;
  if (kind === 'bare') delete env.DATA_DIR;
  let cleanup: (() => Promise<void>) | undefined;
  if (kind === 'appPostgres') {
    if (!fixtures.postgresUrl) throw new Error('no PostgreSQL to run the app on');
    const database = await openTestPostgres(fixtures.postgresUrl);
    env.DATABASE_URL = database.url;
    env.DATA_ENCRYPTION_KEY = randomBytes(32).toString('base64');
    cleanup = () => database.close();
  }
  return {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
    ...(cleanup ? { cleanup } : {}),
  };
}

async function startChild(kind: ContenderKind, fixtures: Fixtures): Promise<Child> {
  const script = kind === 'bare' ? 'bench/bareBoltApp.ts' : 'dist/main.js';
  const command = fixtures.pinChild ? 'taskset' : process.execPath;
  // BENCH_CPU_PROF_DIR: each child writes a V8 CPU profile there when it exits (figures then include its cost)
  const profileDir = process.env.BENCH_CPU_PROF_DIR?.trim();
  const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, script] : [script];
  const args = fixtures.pinChild ? ['-c', '1', process.execPath, ...nodeArgs] : nodeArgs;
  const { env, cleanup } = await childEnv(kind, fixtures);
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const stderr: string[] = [];
  let url: string | undefined;
  // read every log line (as a log shipper would), keep only what finds the URL
  child.stdout?.on('data', (chunk: Buffer) => {
    if (url !== undefined) return;
    lines.push(...String(chunk).split('\n').filter(Boolean));
    url = loggedUrl(lines);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr.push(String(chunk));
    if (stderr.length > 50) stderr.shift();
  });
  const deadline = performance.now() + 60_000;
  try {
    while (url === undefined) {
      if (child.exitCode !== null) {
        throw new Error(`the ${LABELS[kind]} process exited with ${child.exitCode}: ${stderr.join('')}`);
      }
      if (performance.now() > deadline) throw new Error(`the ${LABELS[kind]} process did not start`);
      await sleep(20);
    }
  } catch (error) {
    child.kill('SIGKILL');
    await cleanup?.();
    throw error;
  }
  if (child.pid === undefined) throw new Error('no pid');
  const baseUrl = url.replace('/slack/events', '').replace('localhost', '127.0.0.1');
  return { kind, process: child, pid: child.pid, baseUrl, stderr, ...(cleanup ? { cleanup } : {}) };
}

async function stopChild(child: Child): Promise<void> {
  const { process: proc } = child;
  if (proc.exitCode === null && proc.signalCode === null) {
    const exited = once(proc, 'exit');
    proc.kill('SIGTERM');
    const killer = setTimeout(() => proc.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(killer);
  }
  await child.cleanup?.();
}

// ---- one command ----

type AnswerKind = 'records' | 'busy' | 'timeout' | 'other' | 'none';

const BUSY_TEXTS = [t('en', 'error.busy'), t('zh-CN', 'error.busy')];
const TIMEOUT_TEXTS = [t('en', 'error.timeout'), t('zh-CN', 'error.timeout')];

function answerKind(args: Record<string, unknown>): AnswerKind {
  const content = `${String(args.text ?? '')}${JSON.stringify(args.blocks ?? '')}`;
  if (content.includes(RESULT_MARKER)) return 'records';
  if (BUSY_TEXTS.some((text) => content.includes(text))) return 'busy';
  if (TIMEOUT_TEXTS.some((text) => content.includes(text))) return 'timeout';
  return 'other';
}

interface CommandResult {
  sentAt: number;
  ackMs: number;
  ackStatus: number;
  /** no ack within Slack's 3 s: the user would see operation_timeout */
  ackTimedOut: boolean;
  kind: AnswerKind;
  /** signed request sent → answer recorded at the response_url; NaN without an answer */
  replyMs: number;
  /** the answer's text when it is neither records nor a known error */
  otherText?: string;
}

/** One signed `/risk`, timed from sending to its ack and to its answer at the response_url. */
async function slashRisk(
  fixtures: Fixtures,
  child: Child,
  text: string,
  answerTimeoutMs: number,
): Promise<CommandResult> {
  const { fake, answers } = fixtures;
  const responseUrl = fake.createResponseUrl({ channel: CHANNEL, user: USER });
  const body = slashCommandBody({
    command: '/risk',
    text,
    userId: USER,
    channelId: CHANNEL,
    triggerId: fake.issueTriggerId({ user: USER, channel: CHANNEL }),
    responseUrl,
  });
  const answer = answers.next(responseUrl, answerTimeoutMs);
  answer.catch(() => undefined);
  const sentAt = performance.now();
  const ack = await postSignedToSlackEvents(child.baseUrl, body, SECRET);
  const ackMs = performance.now() - sentAt;
  const acked = { sentAt, ackMs, ackStatus: ack.status, ackTimedOut: ack.timedOut };
  try {
    const posted = await answer;
    const kind = answerKind(posted.call.args);
    return {
      ...acked,
      kind,
      replyMs: posted.at - sentAt,
      ...(kind === 'other' ? { otherText: String(posted.call.args.text ?? '').slice(0, 160) } : {}),
    };
  } catch {
    return { ...acked, kind: 'none', replyMs: Number.NaN };
  }
}

let runSerial = 0;

/** Distinct keywords, so that no two commands share a cached page: `江苏<run>x<i> 张德洲 1`. */
function riskTexts(count: number): string[] {
  const run = runSerial++;
  return Array.from({ length: count }, (_, i) => `江苏${run}x${i} 张德洲 1`);
}

function failuresOf(results: readonly CommandResult[]): string | undefined {
  const bad = results.filter((r) => r.ackStatus !== 200 || r.kind !== 'records');
  if (bad.length === 0) return undefined;
  const first = bad[0];
  const why =
    first?.ackStatus === 0
      ? 'no ack within 3 s'
      : first?.ackStatus !== 200
        ? `ack HTTP ${first?.ackStatus}`
        : `answer: ${first.kind} ${first.otherText ?? ''}`;
  // a command fails when its ack is not a 200 in time or its answer carries no records
  return `${bad.length} failed (first: ${why.trim()})`;
}

/** `count` commands sent open loop at `rate` a second, whatever the answers do; waits for every answer. */
async function openLoop(
  fixtures: Fixtures,
  child: Child,
  rate: number,
  count: number,
  answerTimeoutMs: number,
) {
  const texts = riskTexts(count);
  const started = performance.now();
  const pending: Array<Promise<CommandResult>> = [];
  for (let i = 0; i < count; i++) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    pending.push(slashRisk(fixtures, child, texts[i] ?? '', answerTimeoutMs));
  }
  const sendSeconds = (performance.now() - started) / 1000;
  const results = await Promise.all(pending);
  return { results, sentPerSecond: count / sendSeconds };
}

/** `count` commands at once; throughput = answers with records ÷ (first sent → last answer). */
async function burst(fixtures: Fixtures, child: Child, count: number, answerTimeoutMs: number) {
  const texts = riskTexts(count);
  const results = await Promise.all(texts.map((text) => slashRisk(fixtures, child, text, answerTimeoutMs)));
  const first = Math.min(...results.map((r) => r.sentAt));
  const answeredAt = results.filter((r) => r.kind !== 'none').map((r) => r.sentAt + r.replyMs);
  const wallMs = (answeredAt.length > 0 ? Math.max(...answeredAt) : performance.now()) - first;
  const records = results.filter((r) => r.kind === 'records').length;
  return { results, wallMs, answersPerSecond: (records / wallMs) * 1000 };
}

// ---- the runs ----

interface LatencyRun {
  kind: ContenderKind;
  latencyMs: number;
  idleMainCpuMsPerSecond: number;
  ack: LatencySummary;
  reply: LatencySummary;
  sentPerSecond: number;
  openLoopFailures?: string;
  /** acks Slack would have given up on (3 s): the user sees operation_timeout */
  openLoopAcksOver3s: number;
  openLoopUsage: Usage;
  burstReply: LatencySummary;
  burstAnswersPerSecond: number;
  burstWallMs: number;
  burstFailures?: string;
  burstAcksOver3s: number;
  burstUsage: Usage;
  /** peak over the 100/s run and the burst */
  rssPeakMb: number;
}

function summaryOf(values: readonly number[]): LatencySummary {
  return summarize(values.filter((v) => Number.isFinite(v)));
}

async function runAtLatency(
  fixtures: Fixtures,
  kind: ContenderKind,
  latencyMs: number,
  sizes: SideBySideSizes,
  progress: (text: string) => void,
): Promise<LatencyRun> {
  fixtures.sandbox.setLatency(latencyMs);
  const child = await startChild(kind, fixtures);
  try {
    const warmTexts = riskTexts(sizes.warmup);
    const warm = await runConcurrent(sizes.warmup, 20, (i) =>
      slashRisk(fixtures, child, warmTexts[i] ?? '', sizes.answerDeadlineMs).then((r) => {
        if (r.kind !== 'records') throw new Error(`warm-up: ${r.kind} ${r.otherText ?? ''}`);
      }),
    );
    if (warm.failures > 0) throw new Error(`${LABELS[kind]} warm-up failed: ${warm.firstError}`);
    // what the process spends doing nothing (timers, polling), for the footnote
    const idleStart = mainThreadCpuMs(child.pid);
    await sleep(3000);
    const idleMainCpuMsPerSecond = (mainThreadCpuMs(child.pid) - idleStart) / 3;

    const count = sizes.rate * sizes.seconds;
    const open = await measured(child, () =>
      openLoop(fixtures, child, sizes.rate, count, sizes.answerDeadlineMs),
    );
    progress(`${LABELS[kind]}, Juhe ${latencyMs} ms: ${count} at ${sizes.rate}/s done`);
    // every answer of the run is in (or given up on): let the last deliveries' bookkeeping finish
    await sleep(SETTLE_MS);
    const burstRun = await measured(child, () => burst(fixtures, child, sizes.burst, sizes.answerDeadlineMs));
    progress(`${LABELS[kind]}, Juhe ${latencyMs} ms: burst of ${sizes.burst} done`);
    const results = open.result.results;
    const openLoopFailures = failuresOf(results);
    const burstFailures = failuresOf(burstRun.result.results);
    return {
      kind,
      latencyMs,
      idleMainCpuMsPerSecond,
      ack: summaryOf(results.map((r) => r.ackMs)),
      reply: summaryOf(results.filter((r) => r.kind === 'records').map((r) => r.replyMs)),
      sentPerSecond: open.result.sentPerSecond,
      ...(openLoopFailures ? { openLoopFailures } : {}),
      openLoopAcksOver3s: results.filter((r) => r.ackTimedOut).length,
      openLoopUsage: open.usage,
      burstReply: summaryOf(
        burstRun.result.results.filter((r) => r.kind === 'records').map((r) => r.replyMs),
      ),
      burstAnswersPerSecond: burstRun.result.answersPerSecond,
      burstWallMs: burstRun.result.wallMs,
      ...(burstFailures ? { burstFailures } : {}),
      burstAcksOver3s: burstRun.result.results.filter((r) => r.ackTimedOut).length,
      burstUsage: burstRun.usage,
      rssPeakMb: Math.max(open.usage.rssPeakMb, burstRun.usage.rssPeakMb),
    };
  } finally {
    await stopChild(child);
  }
}

interface InFlightRun {
  kind: ContenderKind;
  counts: Record<AnswerKind, number>;
  ackTimedOut: number;
  otherText?: string;
  wallMs: number;
  records: LatencySummary;
  busy: LatencySummary;
  juheOpenMax: number;
  juheCalls: number;
  usage: Usage;
}

async function runInFlight(
  fixtures: Fixtures,
  kind: ContenderKind,
  sizes: SideBySideSizes,
): Promise<InFlightRun> {
  fixtures.sandbox.setLatency(0);
  const child = await startChild(kind, fixtures);
  try {
    const warmTexts = riskTexts(sizes.warmup);
    await runConcurrent(sizes.warmup, 20, (i) =>
      slashRisk(fixtures, child, warmTexts[i] ?? '', sizes.answerDeadlineMs),
    );
    await sleep(SETTLE_MS);
    fixtures.sandbox.setLatency(sizes.inFlightLatencyMs);
    fixtures.sandbox.inFlight.reset();
    const juheBefore = fixtures.sandbox.requestCount('/personRisk/query');
    const run = await measured(child, () => burst(fixtures, child, sizes.inFlight, sizes.inFlightDeadlineMs));
    const { results, wallMs } = run.result;
    const counts: Record<AnswerKind, number> = { records: 0, busy: 0, timeout: 0, other: 0, none: 0 };
    for (const r of results) counts[r.kind]++;
    const otherText = results.find((r) => r.kind === 'other')?.otherText;
    return {
      kind,
      counts,
      ackTimedOut: results.filter((r) => r.ackTimedOut).length,
      ...(otherText ? { otherText } : {}),
      wallMs,
      records: summaryOf(results.filter((r) => r.kind === 'records').map((r) => r.replyMs)),
      busy: summaryOf(results.filter((r) => r.kind === 'busy').map((r) => r.replyMs)),
      juheOpenMax: fixtures.sandbox.inFlight.max,
      juheCalls: fixtures.sandbox.requestCount('/personRisk/query') - juheBefore,
      usage: run.usage,
    };
  } finally {
    fixtures.sandbox.setLatency(0);
    await stopChild(child);
  }
}

// ---- the tables ----

const mb = (value: number): string => `${value.toFixed(0)} MB`;
const ms = (value: number): string => `${value.toFixed(2)} ms`;

function ratioCell(app: number, bare: number): string {
  if (!Number.isFinite(app) || !Number.isFinite(bare) || bare === 0) return '—';
  return `${(app / bare).toFixed(2)}×`;
}

function goalCell(app: number, bare: number, goal: { atMost?: number; atLeast?: number }): string {
  if (!Number.isFinite(app) || !Number.isFinite(bare) || bare === 0) return '—';
  const ratio = app / bare;
  if (goal.atMost !== undefined) return `≤ ${goal.atMost}×: ${ratio <= goal.atMost ? 'met' : 'missed'}`;
  if (goal.atLeast !== undefined) return `≥ ${goal.atLeast}×: ${ratio >= goal.atLeast ? 'met' : 'missed'}`;
  return '';
}

function latencyRows(run: LatencyRun, sizes: SideBySideSizes): BenchRow[] {
  const prefix = `Juhe ${run.latencyMs} ms · ${LABELS[run.kind]}`;
  const count = sizes.rate * sizes.seconds;
  return [
    {
      name: `${prefix}: ack at ${sizes.rate}/s`,
      ...run.ack,
      count,
      perSecond: run.sentPerSecond,
      rateUnit: 'sent/s',
      ...(run.openLoopAcksOver3s > 0
        ? {
            note: `${run.openLoopAcksOver3s} over Slack's 3 s (timed as 3 s: the user sees operation_timeout)`,
          }
        : {}),
    },
    {
      name: `${prefix}: answer at ${sizes.rate}/s`,
      ...run.reply,
      count,
      note: [
        `main thread ${ms(run.openLoopUsage.mainCpuMs / count)} CPU per command (process ${ms(run.openLoopUsage.processCpuMs / count)})`,
        run.openLoopFailures,
      ]
        .filter(Boolean)
        .join('; '),
    },
    {
      name: `${prefix}: burst of ${sizes.burst}, answer`,
      ...run.burstReply,
      count: sizes.burst,
      perSecond: run.burstAnswersPerSecond,
      rateUnit: 'answers/s',
      note: [
        `all answered in ${formatDuration(run.burstWallMs)}`,
        run.burstAcksOver3s > 0 ? `${run.burstAcksOver3s} acks over 3 s` : undefined,
        run.burstFailures,
      ]
        .filter(Boolean)
        .join('; '),
    },
  ];
}

type Goal = { atMost?: number; atLeast?: number };

/** One line of the comparison: bare, then each app contender's value, its ratio to bare and the goal. */
function comparisonLine(
  name: string,
  at: string,
  format: (value: number) => string,
  goal: Goal,
  bare: number,
  apps: readonly number[],
): string[] {
  const cells = [name, at, format(bare)];
  for (const app of apps) cells.push(format(app), ratioCell(app, bare));
  cells.push(apps.map((app) => goalCell(app, bare, goal)).join(' · '));
  return cells;
}

function comparisonTable(
  runs: readonly LatencyRun[],
  inFlight: readonly InFlightRun[],
  appKinds: readonly AppKind[],
  sizes: SideBySideSizes,
): { header: string[]; rows: string[][] } {
  const header = ['measure', 'Juhe latency', LABELS.bare];
  for (const kind of appKinds) header.push(LABELS[kind], `${LABELS[kind]} / bare`);
  header.push(`goal (issue 12): ${appKinds.map((kind) => LABELS[kind]).join(' · ')}`);
  const rows: string[][] = [];
  const count = sizes.rate * sizes.seconds;
  for (const latencyMs of sizes.latenciesMs) {
    const bare = runs.find((r) => r.kind === 'bare' && r.latencyMs === latencyMs);
    const apps = appKinds.map((kind) => runs.find((r) => r.kind === kind && r.latencyMs === latencyMs));
    if (!bare || apps.some((app) => app === undefined)) continue;
    const present = apps as LatencyRun[];
    const at = `${latencyMs} ms`;
    const measures: Array<[string, (r: LatencyRun) => number, (v: number) => string, Goal]> = [
      [
        `main-thread CPU per /risk (${sizes.rate}/s run)`,
        (r) => r.openLoopUsage.mainCpuMs / count,
        ms,
        { atMost: 1.5 },
      ],
      [`ack p50 at ${sizes.rate}/s`, (r) => r.ack.p50Ms, formatDuration, {}],
      [`ack p99 at ${sizes.rate}/s`, (r) => r.ack.p99Ms, formatDuration, { atMost: 1.5 }],
      [`answer p50 at ${sizes.rate}/s`, (r) => r.reply.p50Ms, formatDuration, {}],
      [`answer p99 at ${sizes.rate}/s`, (r) => r.reply.p99Ms, formatDuration, {}],
      [
        `burst of ${sizes.burst}: throughput`,
        (r) => r.burstAnswersPerSecond,
        (v) => formatRate(v, 'answers/s'),
        latencyMs === 300 ? { atLeast: 0.9 } : {},
      ],
      [`RSS peak (${sizes.rate}/s run + burst)`, (r) => r.rssPeakMb, mb, {}],
    ];
    for (const [name, value, format, goal] of measures) {
      rows.push(comparisonLine(name, at, format, goal, value(bare), present.map(value)));
    }
  }
  const bare = inFlight.find((r) => r.kind === 'bare');
  const apps = appKinds.map((kind) => inFlight.find((r) => r.kind === kind));
  if (bare && apps.every((app) => app !== undefined)) {
    rows.push(
      comparisonLine(
        `RSS peak, ${sizes.inFlight.toLocaleString('en-US')} in flight`,
        `${sizes.inFlightLatencyMs} ms`,
        mb,
        { atMost: 1.5 },
        bare.usage.rssPeakMb,
        (apps as InFlightRun[]).map((app) => app.usage.rssPeakMb),
      ),
    );
  }
  return { header, rows };
}

function inFlightRow(run: InFlightRun, sizes: SideBySideSizes): string[] {
  const { counts } = run;
  const pair = (s: LatencySummary) =>
    s.count === 0 ? '—' : `${formatDuration(s.p50Ms)} / ${formatDuration(s.p99Ms)}`;
  return [
    LABELS[run.kind],
    counts.records.toLocaleString('en-US'),
    counts.busy.toLocaleString('en-US'),
    counts.timeout.toLocaleString('en-US'),
    `${counts.other}${run.otherText ? ` (${run.otherText})` : ''}`,
    counts.none.toLocaleString('en-US'),
    run.ackTimedOut.toLocaleString('en-US'),
    pair(run.records),
    pair(run.busy),
    formatDuration(run.wallMs),
    `${run.juheCalls.toLocaleString('en-US')} (${run.juheOpenMax})`,
    `${mb(run.usage.rssBeforeMb)} → ${mb(run.usage.rssPeakMb)}`,
    rssBoundVerdict(run),
    `${formatDuration(run.usage.mainCpuMs)} (${ms(run.usage.mainCpuMs / sizes.inFlight)} per command)`,
  ];
}

function rssBoundVerdict(run: InFlightRun): string {
  const bound = IN_FLIGHT_RSS_BOUND_MB[run.kind];
  if (bound === undefined) return '—';
  return `≤ ${bound} MB: ${run.usage.rssPeakMb <= bound ? 'held' : 'EXCEEDED'}`;
}

/** BENCH_DATABASE_URL, else TEST_DATABASE_URL, when it answers: the app runs on PostgreSQL too. */
async function postgresToUse(): Promise<{ url?: string; note: string }> {
  const url = process.env.BENCH_DATABASE_URL?.trim() || process.env.TEST_DATABASE_URL?.trim() || undefined;
  if (url === undefined) {
    return { note: 'Set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to run the app on PostgreSQL as well.' };
  }
  const unreachable = await probe(url);
  if (unreachable !== undefined) {
    return {
      note: `The app on PostgreSQL was skipped: cannot connect to ${describeUrl(url)} (${unreachable}).`,
    };
  }
  return {
    url,
    note: `"app on PostgreSQL" = the same with DATABASE_URL, a fresh database on ${describeUrl(url)} each time (the app's pool of 10, pg-boss's of 4); that server is not pinned and neither its CPU nor its memory is in the figures.`,
  };
}

export async function benchSideBySide(sizes: SideBySideSizes = SIDE_BY_SIDE_SIZES): Promise<BenchSection[]> {
  const progress = (text: string) => process.stderr.write(`bench:   ${text}\n`);
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'ignore' });
  const pinChild = hasTaskset();
  const parentCpus = pinChild ? pinSelf('0') : undefined;
  const fake = await startFakeSlack({ token: 'xoxb-side-by-side' });
  const sandbox = await startJuheSandbox();
  const answers = new ResponseUrlAnswers(fake, 30_000);
  const postgres = await postgresToUse();
  const fixtures: Fixtures = {
    fake,
    sandbox,
    answers,
    pinChild,
    ...(postgres.url ? { postgresUrl: postgres.url } : {}),
  };
  const appKinds: AppKind[] = postgres.url ? ['app', 'appPostgres'] : ['app'];
  const kinds: ContenderKind[] = ['bare', ...appKinds];
  try {
    const runs: LatencyRun[] = [];
    for (const latencyMs of sizes.latenciesMs) {
      for (const kind of kinds) {
        runs.push(await runAtLatency(fixtures, kind, latencyMs, sizes, progress));
      }
    }
    const inFlight: InFlightRun[] = [];
    for (const kind of kinds) {
      inFlight.push(await runInFlight(fixtures, kind, sizes));
      progress(`${LABELS[kind]}: ${sizes.inFlight} in flight done`);
    }
    if (fake.violations.length > 0) throw new Error('the fake Slack saw messages over its limits');

    const pinning = pinChild
      ? 'each child pinned to CPU 1 (`taskset -c 1`), this process (the driver, the sandbox and the fake Slack) to CPU 0'
      : 'taskset not found: nothing pinned, the children share both CPUs with this process';
    const idle = kinds
      .map((kind) => {
        const perLatency = runs
          .filter((r) => r.kind === kind)
          .map((r) => r.idleMainCpuMsPerSecond.toFixed(1));
        return `${LABELS[kind]} ${perLatency.join(' / ')}`;
      })
      .join(', ');
    const peaksReset = [
      ...runs.flatMap((r) => [r.openLoopUsage, r.burstUsage]),
      ...inFlight.map((r) => r.usage),
    ].every((usage) => usage.peakReset);
    const peakNote = peaksReset
      ? 'reset (clear_refs 5) when each measured run starts'
      : 'the process lifetime peak (clear_refs was refused, so it could not be reset per run)';
    const comparison: BenchSection = {
      title: 'Side by side: the app and a bare Bolt app, each in its own process, against the same fakes',
      rows: runs.flatMap((run) => latencyRows(run, sizes)),
      extraTable: comparisonTable(runs, inFlight, appKinds, sizes),
      footnote: [
        `One process at a time, started fresh for each Juhe latency: the app as production runs it (\`node dist/main.js\`, built by \`npm run build\`, its configuration from the environment: HTTP mode, the embedded PGlite in a fresh DATA_DIR, JUHE_MAX_CONCURRENCY / JUHE_QUEUE_TIMEOUT_MS / JUHE_TIMEOUT_MS at their defaults, LOG_LEVEL=info to a pipe this process reads), and bench/bareBoltApp.ts (\`node bench/bareBoltApp.ts\`, Node's own type stripping: plain JavaScript too, no tsx), which acks, makes one undici form POST to the sandbox's /personRisk/query and posts one message to the response_url. Same Bolt (HTTPReceiver, processBeforeResponse false), same undici, same signing secret; ${pinning}.`,
        `Each run: ${sizes.warmup} warm-up commands (20 at a time), 3 s idle, then ${sizes.rate * sizes.seconds} \`/risk 江苏<run>x<i> 张德洲 1\` sent open loop at ${sizes.rate}/s, then a burst of ${sizes.burst} at once; every keyword distinct, so no page comes from a cache. "ack" = signed POST until its 200; "answer" = same start until the answer is recorded at the response_url (for the app the post after its "Screening…" notice, block ${'`risk_screening`'}, which is not timed). Burst throughput = answers ÷ (first sent → last answer).`,
        `CPU = utime + stime of the child's main thread from /proc/<pid>/task/<pid>/stat (${1000 / CLOCK_TICKS_PER_SECOND} ms ticks) over the ${sizes.rate}/s run until its last answer, ÷ commands ("process" = all its threads: GC, libuv, and for the app PGlite's work on the main thread is already in "main"); idle main-thread CPU ms per second, in 3 s before the run, at each Juhe latency: ${idle}. RSS peak = VmHWM from /proc/<pid>/status, ${peakNote}. The VM has 2 CPUs shared with other work: read the ratios, not the last digit.`,
        postgres.note,
        process.env.BENCH_CPU_PROF_DIR?.trim()
          ? `Profiled run (BENCH_CPU_PROF_DIR): every child ran under --cpu-prof, which costs CPU of its own.`
          : '',
      ]
        .filter(Boolean)
        .join(' '),
    };
    const inFlightSection: BenchSection = {
      title: `${sizes.inFlight.toLocaleString('en-US')} \`/risk\` at once, Juhe answering in ${formatDuration(sizes.inFlightLatencyMs)}`,
      rows: [],
      extraTable: {
        header: [
          'process',
          'answered with records',
          'told busy',
          'timed out',
          'other answer',
          `no answer in ${formatDuration(sizes.inFlightDeadlineMs)}`,
          'ack over 3 s',
          'records: p50 / p99',
          'busy: p50 / p99',
          'total time',
          'Juhe calls (open at once, max)',
          'RSS before → peak',
          'RSS bound (stated)',
          'main-thread CPU',
        ],
        rows: inFlight.map((run) => inFlightRow(run, sizes)),
      },
      footnote: `A fresh process each, ${sizes.warmup} warm-up commands at Juhe 0 ms, then the sandbox's latencyMs set to ${sizes.inFlightLatencyMs} and ${sizes.inFlight.toLocaleString('en-US')} signed \`/risk\` sent at once (distinct keywords). The app with the product's defaults: at most 20 Juhe calls open (JUHE_MAX_CONCURRENCY), a lookup waits up to 60 s for a slot (JUHE_QUEUE_TIMEOUT_MS) and is then told busy (error.busy: "${t('en', 'error.busy')}"); "timed out" = error.timeout. The bare app has no queue: undici's default Agent opens a connection per request. "ack over 3 s" = Slack would have shown the user operation_timeout. Total time = first sent → last post at a response_url.`,
    };
    return [comparison, inFlightSection];
  } finally {
    answers.close();
    await fake.close();
    await sandbox.close();
    if (parentCpus)
      execFileSync('taskset', ['-a', '-pc', parentCpus, String(process.pid)], { stdio: 'ignore' });
  }
}
