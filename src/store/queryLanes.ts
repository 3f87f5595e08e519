export type QueryLane = 'urgent' | 'normal';

/**
 * Work for a one-connection database, one piece at a time: the oldest urgent piece first, then the
 * oldest normal one. Why: PGlite runs one query at a time in arrival order, so under a burst the query an
 * ack waits for (the request receipt) sat behind every other lookup's writes and acks passed Slack's 3 s
 * (issue 12's side-by-side bench: 18 of a burst of 200). A piece that is running is never interrupted.
 */
export interface QueryLanes {
  run<T>(lane: QueryLane, work: () => Promise<T>): Promise<T>;
}

export function createQueryLanes(): QueryLanes {
  const waiting: Record<QueryLane, Array<() => void>> = { urgent: [], normal: [] };
  let busy = false;
  const next = () => {
    const start = waiting.urgent.shift() ?? waiting.normal.shift();
    if (start === undefined) {
      busy = false;
      return;
    }
    start();
  };
  return {
    run(lane, work) {
      return new Promise((resolve, reject) => {
        const start = () => {
          // through a promise: a piece that throws before it returns one must not stall every lane
          Promise.resolve().then(work).then(resolve, reject).finally(next);
        };
        if (busy) {
          waiting[lane].push(start);
          return;
        }
        busy = true;
        start();
      });
    },
  };
}
