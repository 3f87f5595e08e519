import { BATCH_ROW_CONCURRENCY } from '../src/batch/batchRunner.js';
import { RISK_TYPES } from '../src/domain/riskType.js';
import { SEED_IDS } from '../src/local/fake-slack/seed.js';
import type { FakeMessage } from '../src/local/fake-slack/store.js';
import { sandboxWatchSubjects } from '../src/local/sandbox/fixtures/watchSubjects.js';
import { ACTION_IDS, CALLBACK_IDS } from '../src/slack/ids.js';
import type { Database } from '../src/store/database.js';
import { fileInput, type Harness, startHarness, textOf, waitUntil } from '../test/e2e/harness.js';
import { type DatabaseResult, onEachBenchDatabase } from './benchDatabases.js';
import type { BenchRow } from './measure.js';
import { NullSink } from './nullSink.js';
import { summarize } from './stats.js';
import { type BenchSection, formatDuration } from './table.js';

/**
 * Batch screening (issue 11) through the app as it runs: a CSV uploaded to the fake Slack, the
 * risk_batch modal submitted, the preview in the DM, Start pressed, and the batch job (pg-boss worker,
 * BATCH_ROW_CONCURRENCY rows at once, page 1 of each source per row) screening every row against the
 * sandbox until the summary and the results XLSX are delivered — at Juhe answer times of 0 and 300 ms.
 * Measured: wall time, rows/s, the process's peak RSS, the Juhe calls made (must be rows × sources, no
 * page asked twice) and the most the sandbox saw open at once.
 */
export interface BatchBenchSizes {
  /** rows of each measured batch (at most BATCH_MAX_ROWS, default 500) */
  rows: number;
  /** rows of the unmeasured batch that warms up the path first */
  warmupRows: number;
  /** the sandbox's answer times, one measured batch each */
  latenciesMs: number[];
}

export const BATCH_BENCH_SIZES: BatchBenchSizes = { rows: 500, warmupRows: 20, latenciesMs: [0, 300] };

const RISK_PATH = '/personRisk/query';
const OWNER = SEED_IDS.analyst;
const SOURCES = RISK_TYPES.length;
/** the most Juhe calls the runner may have open at once: rows at once × sources per row */
const OPEN_BOUND = BATCH_ROW_CONCURRENCY * SOURCES;
const RSS_SAMPLE_MS = 50;
/** a batch that has not ended by then is reported as stuck, not waited on for ever */
const BATCH_TIMEOUT_MS = 5 * 60_000;
const MB = 1024 * 1024;

/** The app's log, discarded, with the end of each batch noted: the job logs "batch ended" once it has reported. */
class BatchLogSink extends NullSink {
  private readonly ended = new Map<string, string>();
  failures = 0;

  override _write(chunk: unknown, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const text = String(chunk);
    if (text.includes('"msg":"batch ended"')) {
      const id = /"batchId":"([^"]*)"/.exec(text)?.[1] ?? '';
      const status = /"status":"([^"]*)"/.exec(text)?.[1] ?? '';
      this.ended.set(id, status);
    } else if (text.includes('"msg":"batch run failed')) {
      this.failures++;
    }
    super._write(chunk, encoding, callback);
  }

  endedWith(batchId: string): string | undefined {
    return this.ended.get(batchId);
  }
}

/** process.memoryUsage.rss() (the same figure as process.memoryUsage().rss, without the heap walk) every 50 ms. */
function sampleRss(): { stop(): number } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, RSS_SAMPLE_MS);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss());
    },
  };
}

interface BatchCost {
  latencyMs: number;
  rows: number;
  /** Start pressed → the "batch ended" log line (summary shown, XLSX uploaded, reported_at set) */
  wallMs: number;
  /** Start pressed → the sandbox's first Juhe request (the click, the queue, the worker's poll) */
  firstCallMs: number;
  cpuMs: number;
  juheCalls: number;
  maxOpen: number;
  rssBaselineBytes: number;
  rssPeakBytes: number;
  /** chat.update calls on the batch's message during the run (progress, then the summary) */
  updates: number;
  /** per row: its audit start → finish (the budget hold, the pages, the audit, the stored outcome) */
  rowMs: number[];
}

function batchCsv(subjects: ReadonlyArray<{ keyword: string; realname: string }>): Uint8Array {
  const lines = ['keyword,realname', ...subjects.map((s) => `${s.keyword},${s.realname}`)];
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}

/** Uploads the file, submits risk_batch and waits for the preview in the owner's DM: the batch's id and message. */
async function preview(
  h: Harness,
  dm: string,
  fileName: string,
  subjects: ReadonlyArray<{ keyword: string; realname: string }>,
  purpose: string,
): Promise<{ batchId: string; message: FakeMessage }> {
  const before = new Set(h.fake.openViews(OWNER).map((view) => view.id));
  await h.slash('/risk', 'batch', { user: OWNER });
  const modal = await h.waitForView(OWNER, CALLBACK_IDS.riskBatch, (view) => !before.has(view.id));
  const fileId = h.uploadFile(OWNER, fileName, batchCsv(subjects), 'text/csv');
  await h.submitView(modal, {
    file: { file_input: fileInput(fileId) },
    purpose: { purpose_input: { type: 'plain_text_input', value: purpose } },
  });
  const message = await waitUntil(
    () => h.fake.messagesIn(dm).find((m) => textOf(m.blocks).includes(`Batch screening: ${fileName}`)),
    60_000,
  );
  const text = textOf(message.blocks);
  if (!text.includes(`Rows to screen: *${subjects.length}*`)) {
    throw new Error(`${fileName}: the preview does not accept all ${subjects.length} rows`);
  }
  const batchId = await waitUntil(async () => {
    const { rows } = await h.database.query<{ id: string }>('select id from batches where message_ts = $1', [
      message.ts,
    ]);
    return rows[0]?.id;
  }, 10_000);
  return { batchId, message: structuredClone(message) };
}

/** One batch from Start to its end, measured; then checked: every row done, each page asked once. */
async function runBatch(
  h: Harness,
  sink: BatchLogSink,
  dm: string,
  label: string,
  subjects: ReadonlyArray<{ keyword: string; realname: string }>,
  latencyMs: number,
): Promise<BatchCost> {
  h.sandbox.setLatency(latencyMs);
  const purpose = `Benchmark batch, ${label}, Juhe ${latencyMs} ms (no real person)`;
  const fileName = `bench-${label.toLowerCase()}-${subjects.length}-${latencyMs}ms.csv`;
  const { batchId, message } = await preview(h, dm, fileName, subjects, purpose);

  h.sandbox.resetRequests();
  h.sandbox.inFlight.reset();
  const callsBefore = h.fake.calls.length;
  const failuresBefore = sink.failures;
  const rss = sampleRss();
  const rssBaselineBytes = process.memoryUsage.rss();
  const startedAt = new Date();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await h.clickButton(message, ACTION_IDS.batchStart, { user: OWNER });
  const deadline = started + BATCH_TIMEOUT_MS;
  while (sink.endedWith(batchId) === undefined) {
    if (sink.failures > failuresBefore) throw new Error(`${fileName}: a batch run failed`);
    if (performance.now() > deadline) throw new Error(`${fileName}: not ended after ${BATCH_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const rssPeakBytes = rss.stop();
  const maxOpen = h.sandbox.inFlight.max;

  const status = sink.endedWith(batchId);
  if (status !== 'done') throw new Error(`${fileName}: ended ${status}, not done`);
  const { rows: counts } = await h.database.query<{ status: string; n: number }>(
    'select status, count(*)::int as n from batch_rows where batch_id = $1 group by status',
    [batchId],
  );
  const done = counts.find((row) => row.status === 'done')?.n ?? 0;
  if (done !== subjects.length || counts.length !== 1) {
    throw new Error(`${fileName}: rows ${JSON.stringify(counts)}, expected ${subjects.length} done`);
  }
  const asked = h.sandbox.requests.filter((request) => request.path === RISK_PATH);
  const pages = new Set(
    asked.map((r) => `${r.params.keyword}|${r.params.realname}|${r.params.type}|${r.params.pageIndex}`),
  );
  const expected = subjects.length * SOURCES;
  if (asked.length !== expected || pages.size !== expected) {
    throw new Error(`${fileName}: ${asked.length} Juhe calls for ${pages.size} pages, expected ${expected}`);
  }
  const firstCallMs = (asked[0]?.at ?? Number.NaN) - startedAt.getTime();
  const updates = h.fake.calls
    .slice(callsBefore)
    .filter((call) => call.method === 'chat.update' && call.args.ts === message.ts).length;
  const rowMs = (await h.app.services.record.trail.queries({ from: startedAt }))
    .filter((row) => row.started.surface === 'batch' && row.started.api === 'risk')
    .map((row) => Number(row.finished?.latencyMs));
  if (rowMs.length !== subjects.length || rowMs.some((ms) => !Number.isFinite(ms))) {
    throw new Error(`${fileName}: ${rowMs.length} finished batch rows in the audit trail`);
  }
  return {
    latencyMs,
    rows: subjects.length,
    wallMs,
    firstCallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    juheCalls: asked.length,
    maxOpen,
    rssBaselineBytes,
    rssPeakBytes,
    updates,
    rowMs,
  };
}

function megabytes(bytes: number): string {
  return `${Math.round(bytes / MB)} MB`;
}

function costRow(label: string, cost: BatchCost): BenchRow {
  return {
    name: `${label}, Juhe ${cost.latencyMs} ms: ${cost.rows}-row batch, per row`,
    ...summarize(cost.rowMs, cost.rows),
    perSecond: (cost.rows / cost.wallMs) * 1000,
    rateUnit: 'rows/s',
    note: `wall ${formatDuration(cost.wallMs)}, at most ${cost.maxOpen} Juhe ${cost.maxOpen === 1 ? 'call' : 'calls'} open at once`,
  };
}

function costCells(label: string, cost: BatchCost): string[] {
  return [
    label,
    `${cost.latencyMs} ms`,
    cost.rows.toLocaleString('en-US'),
    formatDuration(cost.wallMs),
    formatDuration(cost.firstCallMs),
    ((cost.rows / cost.wallMs) * 1000).toFixed(1),
    `${cost.juheCalls.toLocaleString('en-US')} = ${cost.rows} × ${SOURCES}, none twice`,
    `${cost.maxOpen} (bound ${OPEN_BOUND})`,
    `${megabytes(cost.rssBaselineBytes)} → ${megabytes(cost.rssPeakBytes)} (+${megabytes(cost.rssPeakBytes - cost.rssBaselineBytes)})`,
    `${formatDuration(cost.cpuMs)} (${Math.round((cost.cpuMs / cost.wallMs) * 100)}%)`,
    String(cost.updates),
  ];
}

const COST_HEADER = [
  'database',
  'Juhe latency',
  'rows',
  'wall (Start → summary + XLSX)',
  'Start → first Juhe call',
  'rows/s',
  'Juhe calls made',
  'Juhe calls open at once (max)',
  'RSS before → peak (+)',
  'CPU (of wall)',
  'message updates',
];

/** The warm-up batch, then one measured batch per latency, on one database; distinct subjects each. */
async function benchOn(label: string, database: Database, sizes: BatchBenchSizes): Promise<DatabaseResult> {
  const sink = new BatchLogSink();
  let h: Harness | undefined;
  const progress = (text: string) => process.stderr.write(`bench:   ${label}: ${text}\n`);
  try {
    h = await startHarness({ log: { level: 'info', destination: sink }, database });
    const dm = h.fake.store.dmWith(OWNER).id;
    const all = sandboxWatchSubjects(sizes.warmupRows + sizes.rows * sizes.latenciesMs.length);
    const warmupStarted = performance.now();
    await runBatch(h, sink, dm, `${label}-warmup`, all.slice(0, sizes.warmupRows), 0);
    progress(`warm-up batch of ${sizes.warmupRows} in ${formatDuration(performance.now() - warmupStarted)}`);
    const result: DatabaseResult = { rows: [], cells: [] };
    for (const [i, latencyMs] of sizes.latenciesMs.entries()) {
      const from = sizes.warmupRows + i * sizes.rows;
      const cost = await runBatch(h, sink, dm, label, all.slice(from, from + sizes.rows), latencyMs);
      progress(
        `${sizes.rows} rows at Juhe ${latencyMs} ms in ${formatDuration(cost.wallMs)}, ${cost.maxOpen} open at most`,
      );
      result.rows.push(costRow(label, cost));
      result.cells.push(costCells(label, cost));
    }
    if (h.fake.violations.length > 0) throw new Error('the fake Slack saw messages over its limits');
    return result;
  } finally {
    await h?.close();
    await database.close();
  }
}

export async function benchBatch(sizes: BatchBenchSizes = BATCH_BENCH_SIZES): Promise<BenchSection> {
  const { rows, cells, where } = await onEachBenchDatabase((label, database) =>
    benchOn(label, database, sizes),
  );
  const latencies = sizes.latenciesMs.map((ms) => `${ms} ms`).join(' and ');
  return {
    title: `Batch screening: a ${sizes.rows}-row batch against the sandbox at Juhe latencies of ${latencies}`,
    rows,
    extraTable: { header: COST_HEADER, rows: cells },
    footnote: [
      `The app in-process as in the end-to-end harness (receiver, pg-boss worker, Juhe client, sandbox, fake Slack, and on PGlite the database, all in this one process; logs at info into a discarding stream), so the RSS is all of them together. Each batch as an analyst runs it: a CSV of ${sizes.rows} distinct subjects (keyword, realname; all ${SOURCES} sources; from sandboxWatchSubjects, 6 in 10 with records) uploaded to the fake Slack, /risk batch, the risk_batch modal submitted, the preview in the DM, then measured from the click on Start (batch_start) until the job's "batch ended" log line (the summary shown, the results XLSX uploaded, reported_at set); then checked: the batch done, every row done, the sandbox asked exactly rows × ${SOURCES} pages, none twice. An unmeasured ${sizes.warmupRows}-row batch at 0 ms comes first; every batch has subjects of its own, so no page comes from the page store. The sandbox's latency (SandboxOptions.latencyMs) delays every Juhe answer; "open at once" is the most Juhe requests the sandbox had open at the same time (sandbox.inFlight.max, reset at Start).`,
      `"per row" = the row's audit start → finish (the budget hold, page 1 of each source asked together, the audit; not its wait for a worker). "Start → first Juhe call" is the click, the batch-run job and the worker's 1 s poll. RSS = process.memoryUsage.rss() sampled every ${RSS_SAMPLE_MS} ms, the figure just before Start and the highest during the run; the batches run one after another in one process, so a later one starts from what the earlier ones left. CPU = process.cpuUsage user + system of this process (PostgreSQL's own CPU is not in it). Message updates = chat.update calls on the batch's message (progress at most every 3 s, then the summary).${where ? ` PostgreSQL a fresh database on ${where}.` : ''}`,
    ].join('\n\n'),
  };
}
