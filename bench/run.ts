/*
 * `npm run bench`: latency and throughput of the pieces of juhe-risk-slack, all on loopback.
 * Progress goes to stderr; the results go to stdout as one Markdown block for the README.
 * `npm run bench -- <words>` runs only the benchmarks whose step name contains them (e.g. `-- watch cycle`, `-- batch`,
 * `-- side by side`).
 */
import { arch, availableParallelism, cpus, platform } from 'node:os';
import { benchBatch } from './batchBench.js';
import { benchEndToEnd } from './endToEndBench.js';
import { benchFormatters } from './formatterBench.js';
import { benchJuheClient } from './juheClientBench.js';
import { retainedTotal } from './measure.js';
import { benchPrivacy } from './privacyBench.js';
import { benchRecord } from './recordBench.js';
import { benchSideBySide } from './sideBySideBench.js';
import { benchStartup } from './startupBench.js';
import { type BenchSection, renderSection } from './table.js';
import { benchValidators } from './validatorBench.js';
import { benchWatchCycle } from './watchCycleBench.js';

function progress(text: string): void {
  process.stderr.write(`bench: ${text}\n`);
}

async function main(): Promise<void> {
  const started = performance.now();
  const sections: BenchSection[] = [];
  const steps: Array<[string, () => BenchSection | BenchSection[] | Promise<BenchSection | BenchSection[]>]> =
    [
      ['Juhe client against the sandbox', () => benchJuheClient()],
      ['formatters', () => benchFormatters()],
      ['privacy scrub and logger', () => benchPrivacy()],
      ['validators', () => benchValidators()],
      ['compliance record on PGlite and PostgreSQL', () => benchRecord()],
      ['end to end through the app', () => benchEndToEnd()],
      ['start-up, tsx and compiled', () => benchStartup()],
      ['watch cycle over 1,000 watches on PGlite and PostgreSQL', () => benchWatchCycle()],
      ['batch screening: 500 rows at Juhe 0 and 300 ms on PGlite and PostgreSQL', () => benchBatch()],
      ['side by side with a bare Bolt app: 100/s, a burst of 200, 1,000 in flight', () => benchSideBySide()],
    ];
  const only = process.argv.slice(2).join(' ').trim().toLowerCase();
  const chosen = only === '' ? steps : steps.filter(([what]) => what.toLowerCase().includes(only));
  if (chosen.length === 0) throw new Error(`no benchmark named like "${only}"`);
  for (const [what, step] of chosen) {
    const stepStarted = performance.now();
    progress(`${what}…`);
    const result = await step();
    sections.push(...(Array.isArray(result) ? result : [result]));
    progress(`${what} done in ${((performance.now() - stepStarted) / 1000).toFixed(1)} s`);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const cpuModel = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const header = [
    '## Benchmarks (`npm run bench`)',
    `Node ${process.version} · ${platform()} ${arch()} · ${availableParallelism()} CPUs (${cpuModel}) · ${new Date().toISOString()} · whole run ${seconds} s`,
  ];
  const body = sections.map(renderSection);
  process.stdout.write(`\n${[...header, ...body].join('\n\n')}\n`);
  // Read once so the measured results count as used.
  progress(`done (checksum ${retainedTotal() % 997})`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
