import { type LatencySummary, summarize } from './stats.js';

/** One row of a results table: a latency summary plus an optional rate and note. */
export interface BenchRow extends LatencySummary {
  name: string;
  /** operations per second over the whole measured run, when a rate means something */
  perSecond?: number;
  /** unit of perSecond, e.g. 'calls/s' or 'lines/s' */
  rateUnit?: string;
  note?: string;
}

/**
 * Keeps results alive so the optimiser cannot drop the measured call as dead code; read once at the end.
 */
let retained = 0;
export function retain(value: string | unknown[] | number): void {
  retained += typeof value === 'number' ? value : value.length;
}
export function retainedTotal(): number {
  return retained;
}

export interface SyncBenchOptions {
  name: string;
  warmup: number;
  /** measured calls in total (rounded down to whole batches) */
  iterations: number;
  /**
   * Calls timed together. Sub-microsecond calls are timed in batches because performance.now() itself
   * costs tens of ns; the percentiles are then over batch means, which hides single-call outliers.
   */
  batch?: number;
  rateUnit?: string;
  note?: string;
}

/** Times a synchronous function; samples are per-call means of each batch. */
export function benchSync(options: SyncBenchOptions, fn: () => unknown): BenchRow {
  const batch = Math.max(1, options.batch ?? 1);
  for (let i = 0; i < options.warmup; i++) keep(fn());
  const batches = Math.max(1, Math.floor(options.iterations / batch));
  const samples: number[] = new Array(batches);
  const started = performance.now();
  for (let b = 0; b < batches; b++) {
    const batchStarted = performance.now();
    for (let i = 0; i < batch; i++) keep(fn());
    samples[b] = (performance.now() - batchStarted) / batch;
  }
  const elapsedMs = performance.now() - started;
  const count = batches * batch;
  return {
    name: options.name,
    ...summarize(samples, count),
    perSecond: (count / elapsedMs) * 1000,
    rateUnit: options.rateUnit ?? 'calls/s',
    ...(options.note ? { note: options.note } : {}),
  };
}

function keep(value: unknown): void {
  if (typeof value === 'string' || Array.isArray(value)) retain(value);
  else if (value && typeof value === 'object') retain(Object.keys(value).length);
}

export interface AsyncRunResult {
  latenciesMs: number[];
  elapsedMs: number;
  failures: number;
  /** the message of the first failure, so a broken run says why */
  firstError?: string;
}

/**
 * Runs `total` calls of `fn` with at most `concurrency` in flight (workers pulling the next index), timing
 * each call. A failed call is counted, not timed.
 */
export async function runConcurrent(
  total: number,
  concurrency: number,
  fn: (index: number) => Promise<unknown>,
): Promise<AsyncRunResult> {
  const latenciesMs: number[] = [];
  let failures = 0;
  let firstError: string | undefined;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      const index = next++;
      const started = performance.now();
      try {
        await fn(index);
        latenciesMs.push(performance.now() - started);
      } catch (error) {
        failures++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  const elapsedMs = performance.now() - started;
  return { latenciesMs, elapsedMs, failures, ...(firstError ? { firstError } : {}) };
}

export function asyncRow(
  name: string,
  result: AsyncRunResult,
  extra: { rateUnit?: string; note?: string } = {},
): BenchRow {
  const count = result.latenciesMs.length + result.failures;
  const failed = result.failures > 0 ? `${result.failures} failed (${result.firstError})` : undefined;
  const note = [extra.note, failed].filter(Boolean).join('; ');
  return {
    name,
    ...summarize(result.latenciesMs, count),
    perSecond: (count / result.elapsedMs) * 1000,
    rateUnit: extra.rateUnit ?? 'calls/s',
    ...(note ? { note } : {}),
  };
}
