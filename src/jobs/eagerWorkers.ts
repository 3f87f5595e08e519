import type { PgBoss } from 'pg-boss';

export interface EagerWorkers {
  /** new work was queued: one idle worker looks for it now (busy ones look again when their job ends) */
  wake(): void;
}

/**
 * `count` pg-boss workers on one queue, each taking one job at a time and looking for the next the moment
 * it is done. Why not `work(queue, { localConcurrency })`: it returns the first worker's id only, so
 * notifyWorker could wake one of them, and a worker that finished a job waited out its poll (0.5 s)
 * before the next — an instance delivered about 10 answers a second however much was waiting (issue 12's
 * side-by-side bench). One idle worker is woken per piece of new work, not all: each wake is a fetch.
 */
export async function startEagerWorkers<Data extends object>(
  boss: PgBoss,
  queue: string,
  count: number,
  handle: (data: Data) => Promise<void>,
  /** how often an idle worker looks for work nobody woke it for */
  pollingIntervalSeconds = 0.5,
): Promise<EagerWorkers> {
  const idle: string[] = [];
  for (let i = 0; i < count; i += 1) {
    let id = '';
    id = await boss.work<Data>(queue, { pollingIntervalSeconds }, async ([job]) => {
      if (job === undefined) return;
      const at = idle.indexOf(id);
      if (at !== -1) idle.splice(at, 1);
      try {
        await handle(job.data);
      } finally {
        idle.push(id);
        // a backlog drains without a poll per job
        boss.notifyWorker(id);
      }
    });
    idle.push(id);
  }
  return {
    wake() {
      // the longest idle first, then to the back of the line: two answers stored at once wake two
      // workers. None idle: every worker looks again as its job ends.
      const id = idle.shift();
      if (id === undefined) return;
      idle.push(id);
      boss.notifyWorker(id);
    },
  };
}
