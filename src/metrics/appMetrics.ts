import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Everything GET /metrics shows (docs/design.md § Metrics), on a registry of the app's own: tests run
 * several apps in one process, and each scrape must show that app's figures only.
 */
export interface AppMetrics {
  registry: Registry;
  /** one per Juhe call (retries inside a call are one call): outcome is `0`, a Juhe code, or TIMEOUT/NETWORK/BUSY/… */
  juheCalls: Counter<'api' | 'outcome'>;
  /** from the call's start (after its queue wait) to its answer */
  juheCallSeconds: Histogram<'api'>;
  /** calls Juhe billed (error_code 0) */
  juheBilledCalls: Counter<'api'>;
  /** calls waiting for a slot of JUHE_MAX_CONCURRENCY on this instance */
  juheQueueLength: Gauge;
  /** how long a call waited for its slot (also the ones told busy) */
  juheQueueWaitSeconds: Histogram;
  /** calls this instance has open at Juhe now */
  juheCallsOpen: Gauge;
  /** page cache lookups by tier (memory, redis, database) and result (hit, miss) */
  pageCacheLookups: Counter<'tier' | 'result'>;
  /** bytes the in-memory page cache holds (bounded by CACHE_MAX_MB) */
  pageCacheBytes: Gauge;
  /** Slack Web API attempts that failed, by method and error (src/metrics/slackApiMetrics.ts) */
  slackApiErrors: Counter<'method' | 'error'>;
  /** Slack Web API attempts tried again by the client's retry policy (a delivery job's retry waits in `jobs`) */
  slackApiRetries: Counter<'method'>;
}

/** Seconds: a Juhe call is tens of ms to the 10 s default budget. */
const CALL_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Seconds: a wait is nothing, or up to JUHE_QUEUE_TIMEOUT_MS (60 s by default). */
const WAIT_BUCKETS = [0.001, 0.01, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

export function createAppMetrics(options: { defaultMetrics?: boolean } = {}): AppMetrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) {
    // process CPU, memory, GC, handles and the event-loop lag (nodejs_eventloop_lag_*)
    collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  }
  const registers = [registry];
  return {
    registry,
    juheCalls: new Counter({
      name: 'juhe_calls_total',
      help: 'Juhe calls by api and outcome (0 = answered and billed)',
      labelNames: ['api', 'outcome'] as const,
      registers,
    }),
    juheCallSeconds: new Histogram({
      name: 'juhe_call_duration_seconds',
      help: 'Juhe call latency, from the start of the call (after its queue wait) to its end',
      labelNames: ['api'] as const,
      buckets: CALL_BUCKETS,
      registers,
    }),
    juheBilledCalls: new Counter({
      name: 'juhe_billed_calls_total',
      help: 'Juhe calls Juhe billed (error_code 0)',
      labelNames: ['api'] as const,
      registers,
    }),
    juheQueueLength: new Gauge({
      name: 'juhe_queue_length',
      help: 'Juhe calls waiting on this instance for a slot of JUHE_MAX_CONCURRENCY',
      registers,
    }),
    juheQueueWaitSeconds: new Histogram({
      name: 'juhe_queue_wait_seconds',
      help: 'How long a Juhe call waited for its slot',
      buckets: WAIT_BUCKETS,
      registers,
    }),
    juheCallsOpen: new Gauge({
      name: 'juhe_calls_open',
      help: 'Juhe calls this instance has open now',
      registers,
    }),
    pageCacheLookups: new Counter({
      name: 'page_cache_lookups_total',
      help: 'Risk page cache lookups by tier (memory, redis, database) and result (hit, miss)',
      labelNames: ['tier', 'result'] as const,
      registers,
    }),
    pageCacheBytes: new Gauge({
      name: 'page_cache_bytes',
      help: 'Bytes held by the in-memory risk page cache (at most CACHE_MAX_MB)',
      registers,
    }),
    slackApiErrors: new Counter({
      name: 'slack_api_errors_total',
      help: 'Slack Web API attempts that failed, by method and error (a Slack error code, ratelimited, http_NNN, request_failed)',
      labelNames: ['method', 'error'] as const,
      registers,
    }),
    slackApiRetries: new Counter({
      name: 'slack_api_retries_total',
      help: 'Slack Web API attempts tried again by the Web API client, by method',
      labelNames: ['method'] as const,
      registers,
    }),
  };
}
