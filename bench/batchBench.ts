import { SEED_IDS } from '../src/local/fake-slack/seed.js';
import { sandboxWatchSubjects } from '../src/local/sandbox/fixtures/watchSubjects.js';
import { ACTION_IDS, CALLBACK_IDS } from '../src/slack/ids.js';
import { fileInput, startHarness, textOf, waitUntil } from '../test/e2e/harness.js';
import { NullSink } from './nullSink.js';
import { type BenchSection, formatDuration } from './table.js';

/**
 * A batch of 500 rows (all three sources each: 1,500 Juhe calls) through the app as it runs — the file
 * uploaded and read, the preview, Start, the pg-boss job, 4 rows at a time against the Juhe sandbox, the
 * progress message, the summary and the XLSX — at a Juhe latency of 0 and of 300 ms. What it shows: the
 * wall time, the process's peak RSS, and how many Juhe calls were open at once (the bound is 4 × 3 = 12).
 */
const ROWS = 500;
const PURPOSE = 'Onboarding: counterparties (benchmark)';
const LATENCIES_MS = [0, 300];

/** 500 distinct valid names for the slow fault (its answer is the same whatever the name). */
function distinctNames(n: number): string[] {
  const first = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥';
  const second = '一二三四五六七八九十百千万亿兆京垓秭穰沟涧正载极';
  const names: string[] = [];
  for (const a of first) for (const b of second) if (names.length < n) names.push(`测${a}${b}`);
  return names;
}

function batchCsv(latencyMs: number): string {
  const rows =
    latencyMs === 0
      ? sandboxWatchSubjects(ROWS).map((s) => `${s.keyword},${s.realname},`)
      : distinctNames(ROWS).map((name) => `FAULT:slow-${latencyMs},${name},`);
  return ['keyword,realname,type', ...rows].join('\n');
}

interface BatchRun {
  latencyMs: number;
  wallMs: number;
  juheCalls: number;
  maxOpen: number;
  peakRssMb: number;
  progressUpdates: number;
}

async function runOnce(latencyMs: number): Promise<BatchRun> {
  const h = await startHarness({
    allowedUserIds: [SEED_IDS.analyst],
    log: { level: 'info', destination: new NullSink() },
  });
  try {
    // Juhe calls open at once, counted where the screening service hands them to the Juhe client
    const juhe = h.app.services.juhe;
    const queryRisk = juhe.queryRisk.bind(juhe);
    let open = 0;
    let maxOpen = 0;
    juhe.queryRisk = async (query, options) => {
      open += 1;
      maxOpen = Math.max(maxOpen, open);
      try {
        return await queryRisk(query, options);
      } finally {
        open -= 1;
      }
    };
    await h.slash('/risk', 'batch');
    const modal = await h.waitForView(SEED_IDS.analyst, CALLBACK_IDS.riskBatch);
    const fileId = h.uploadFile(SEED_IDS.analyst, 'bench.csv', new TextEncoder().encode(batchCsv(latencyMs)));
    await h.submitView(modal, {
      file: { file_input: fileInput(fileId) },
      purpose: { purpose_input: { type: 'plain_text_input', value: PURPOSE } },
    });
    const dm = h.fake.store.dmWith(SEED_IDS.analyst).id;
    const preview = structuredClone(
      await waitUntil(
        () => h.fake.messagesIn(dm).find((m) => textOf(m.blocks).includes('Batch screening: bench.csv')),
        30_000,
      ),
    );
    const { rows } = await h.database.query<{ id: string }>('select id from batches');
    const batchId = rows[0]?.id as string;
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 50);
    const juheBefore = h.sandbox.requestCount('/personRisk/query');
    const started = performance.now();
    await h.clickButton(preview, ACTION_IDS.batchStart);
    await waitUntil(async () => {
      const batch = await h.app.services.batches.store.load(batchId);
      return batch?.reportedAt ? true : undefined;
    }, 10 * 60_000);
    const wallMs = performance.now() - started;
    clearInterval(sampler);
    const progress = await h.app.services.batches.store.progress(batchId);
    if (progress.done !== ROWS)
      throw new Error(`batch at ${latencyMs} ms: ${progress.done} of ${ROWS} rows done`);
    const progressUpdates = h.fake.calls.filter(
      (call) =>
        call.method === 'chat.update' &&
        call.args.ts === preview.ts &&
        / \/ 500/.test(String(call.args.text)),
    ).length;
    return {
      latencyMs,
      wallMs,
      juheCalls: h.sandbox.requestCount('/personRisk/query') - juheBefore,
      maxOpen,
      peakRssMb: peakRss / 1024 / 1024,
      progressUpdates,
    };
  } finally {
    await h.close();
  }
}

export async function benchBatch(): Promise<BenchSection> {
  const runs: BatchRun[] = [];
  for (const latencyMs of LATENCIES_MS) runs.push(await runOnce(latencyMs));
  return {
    title: `Batch screening: ${ROWS} rows, all three sources, against the sandbox`,
    rows: [],
    extraTable: {
      header: [
        'Juhe latency',
        'Juhe calls',
        'wall (Start → summary and XLSX)',
        'rows/s',
        'Juhe calls open at once (max)',
        'peak RSS',
        'progress updates',
      ],
      rows: runs.map((run) => [
        `${run.latencyMs} ms`,
        run.juheCalls.toLocaleString('en-US'),
        formatDuration(run.wallMs),
        ((ROWS / run.wallMs) * 1000).toFixed(1),
        String(run.maxOpen),
        `${run.peakRssMb.toFixed(0)} MB`,
        String(run.progressUpdates),
      ]),
    },
    footnote:
      'The app in-process as in the end-to-end harness (PGlite in memory, pg-boss worker, Juhe client, sandbox, fake Slack; logs at info into a discarding stream). The file is uploaded and read through the modal, the preview posted, then measured from the Start click until the batch is reported (its XLSX uploaded and the summary in place). Latency 0: the sandbox subjects (6 in 10 with records); 300 ms: the sandbox\'s `FAULT:slow-300` with 500 distinct names. "Open at once" is counted around the Juhe client\'s queryRisk. Peak RSS of this one process (app, sandbox, fake Slack and database together), sampled every 50 ms. Progress updates: chat.update calls on the one message (at most every 3 s, the first at Start).',
  };
}
