import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchRow } from './measure.js';
import { summarize } from './stats.js';
import type { BenchSection } from './table.js';

const ROOT = new URL('..', import.meta.url).pathname;
const RUNS = 5;
/** How long the app sits idle before its memory is read. */
const IDLE_MS = 1000;

interface StartWay {
  name: string;
  command: string;
  args: string[];
}

/** The two ways to start: TypeScript through tsx (development), compiled JavaScript (production). */
const WAYS: readonly StartWay[] = [
  {
    name: 'tsx src/main.ts (npm run start:dev)',
    command: join(ROOT, 'node_modules/.bin/tsx'),
    args: ['src/main.ts'],
  },
  { name: 'node dist/main.js (production)', command: process.execPath, args: ['dist/main.js'] },
];

/** Resident memory of a process and every descendant (tsx runs the app in a child process), in MB. */
function treeRssMb(rootPid: number): number {
  const parents = new Map<number, number>();
  const rssKb = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      parents.set(pid, Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? 0));
      rssKb.set(pid, Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0));
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0;
  const inTree = (pid: number): boolean => {
    for (let at: number | undefined = pid; at !== undefined && at > 1; at = parents.get(at)) {
      if (at === rootPid) return true;
    }
    return false;
  };
  for (const [pid, kb] of rssKb) if (inTree(pid)) total += kb;
  return total / 1024;
}

async function waitForHealthy(child: ChildProcess, lines: string[], deadlineMs: number): Promise<void> {
  const deadline = performance.now() + deadlineMs;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}`);
    const url = lines.map((line) => /"url":"(http[^"]+)"/.exec(line)?.[1]).find(Boolean);
    if (url) {
      const response = await fetch(new URL('/healthz', url.replace('localhost', '127.0.0.1'))).catch(
        () => undefined,
      );
      if (response?.status === 200) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the app did not become healthy in time');
}

async function startOnce(way: StartWay): Promise<{ ms: number; rssMb: number }> {
  const started = performance.now();
  const child = spawn(way.command, way.args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const lines: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => lines.push(...String(chunk).split('\n')));
  try {
    await waitForHealthy(child, lines, 30_000);
    const ms = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    return { ms, rssMb: treeRssMb(child.pid ?? -1) };
  } finally {
    child.kill('SIGTERM');
    if (child.exitCode === null) await once(child, 'exit');
  }
}

/**
 * Start-up: from spawning the process to `GET /healthz` answering 200 (local mode, which starts the
 * fake Slack, the sandbox and the workbench too), and the idle resident memory of the process tree.
 */
export async function benchStartup(): Promise<BenchSection> {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'ignore' });
  const rows: BenchRow[] = [];
  for (const way of WAYS) {
    const samples: number[] = [];
    const rss: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const { ms, rssMb } = await startOnce(way);
      samples.push(ms);
      rss.push(rssMb);
    }
    const meanRss = rss.reduce((sum, value) => sum + value, 0) / rss.length;
    rows.push({
      name: way.name,
      ...summarize(samples),
      note: `idle RSS of the process tree ${meanRss.toFixed(0)} MB (mean of ${RUNS})`,
    });
  }
  return {
    title: 'Start-up: spawn to GET /healthz 200, local mode',
    rows,
    footnote: `${RUNS} cold starts each, sequentially; RSS read from /proc ${IDLE_MS} ms after /healthz first answered.`,
  };
}
