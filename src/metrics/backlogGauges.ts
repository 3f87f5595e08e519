import { Gauge } from 'prom-client';
import type { Logger } from '../logging/logger.js';
import type { AppMetrics } from './appMetrics.js';

/** One job queue's counts as pg-boss keeps them (getQueues: refreshed by its monitor every few seconds). */
export interface JobQueueCounts {
  name: string;
  readyCount: number;
  deferredCount: number;
  activeCount: number;
  failedCount: number;
}

export interface BacklogSources {
  /** lookups whose answer or failure has not reached Slack yet */
  pendingDeliveries(): Promise<number>;
  jobQueues(): Promise<JobQueueCounts[]>;
}

const JOB_STATES = [
  ['ready', 'readyCount'],
  ['deferred', 'deferredCount'],
  ['active', 'activeCount'],
  ['failed', 'failedCount'],
] as const;

/**
 * The work waiting, read from the database at each scrape: these are shared by every instance, so each
 * instance shows the deployment's figure. A scrape whose read fails keeps the last figures (and says so in
 * the log) rather than failing /metrics as a whole.
 */
export function registerBacklogGauges(metrics: AppMetrics, sources: BacklogSources, logger: Logger): void {
  const registers = [metrics.registry];
  new Gauge({
    name: 'slack_deliveries_pending',
    help: 'Lookups whose answer or failure has not reached Slack yet (all instances)',
    registers,
    async collect() {
      try {
        this.set(await sources.pendingDeliveries());
      } catch (error) {
        logger.warn({ err: error }, 'pending deliveries not counted for /metrics');
      }
    },
  });
  new Gauge({
    name: 'jobs',
    help: 'pg-boss jobs by queue and state: ready, deferred (a retry or a later start), active, failed (kept)',
    labelNames: ['queue', 'state'] as const,
    registers,
    async collect() {
      try {
        for (const queue of await sources.jobQueues()) {
          for (const [state, count] of JOB_STATES) this.set({ queue: queue.name, state }, queue[count]);
        }
      } catch (error) {
        logger.warn({ err: error }, 'job queues not counted for /metrics');
      }
    },
  });
}
