import type { PgBoss } from 'pg-boss';

/**
 * `count` pg-boss workers on one queue, each taking one job at a time and looking for the next the moment
 * it is done. Why not `work(queue, { localConcurrency })`: it returns the first worker's id only, so
 * notifyWorker could wake one of them, and a worker that finished a job waited out its poll (0.5 s)
 * before the next — an instance delivered about 10 answers a second however much was waiting (issue 12's
 * side-by-side bench). Returns the ids, for waking them all when new work is queued.
 */
export async function startEagerWorkers<Data extends object>(
  boss: PgBoss,
  queue: string,
  count: number,
  handle: (data: Data) => Promise<void>,
  /** how often an idle worker looks for work nobody woke it for */
  pollingIntervalSeconds = 0.5,
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    let id = '';
    id = await boss.work<Data>(queue, { pollingIntervalSeconds }, async ([job]) => {
      if (job === undefined) return;
      try {
        await handle(job.data);
      } finally {
        // a backlog drains without a poll per job
        boss.notifyWorker(id);
      }
    });
    ids.push(id);
  }
  return ids;
}
