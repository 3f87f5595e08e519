/**
 * A run's lease in the database (a batch's, a watch check's) kept alive by a timer while the run lives.
 *
 * Why a timer and not a lease long enough for the work: a row's Juhe calls may wait up to
 * JUHE_QUEUE_TIMEOUT_MS for a slot and then take their whole JUHE_TIMEOUT_MS budget, so a lease sized for
 * that is minutes long — and a failed attempt's retry, or an instance taking over from a dead one, waits
 * all of it out. Renewed every third of its length (every 5 s, one small UPDATE), a short lease lapses
 * only when its holder is gone: within 15 s, about when pg-boss notices the dead worker's heartbeat stop.
 */
export const RUN_LEASE_MS = 15_000;

export interface RunLease {
  /** the lease as of now: `leaseUntil` moves to now + leaseMs */
  renew(): Promise<void>;
  /**
   * Stops the renewals. `release` gives the lease up at once (the run failed here and its job is retried
   * on any instance without waiting the lease out); otherwise it runs to its end.
   */
  stop(options?: { release?: boolean }): Promise<void>;
}

export interface RunLeaseDeps {
  leaseMs: number;
  /** writes the lease's new end; a run that no longer holds it changes nothing */
  writeUntil(until: Date): Promise<void>;
  now(): Date;
  onRenewFailed(error: unknown): void;
}

export function keepRunLease(deps: RunLeaseDeps): RunLease {
  let renewing: Promise<void> | undefined;
  let stopped = false;
  const renew = async () => {
    if (stopped) return;
    await deps.writeUntil(new Date(deps.now().getTime() + deps.leaseMs));
  };
  const timer = setInterval(
    () => {
      // one renewal at a time: a slow database does not pile them up
      if (renewing !== undefined) return;
      renewing = renew()
        .catch((error: unknown) => deps.onRenewFailed(error))
        .finally(() => {
          renewing = undefined;
        });
    },
    Math.max(1, Math.floor(deps.leaseMs / 3)),
  );
  // a lease must not keep a stopping process alive
  timer.unref();
  return {
    renew,
    async stop(options) {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      // a renewal on its way would otherwise land after the release and hold the lease again
      await renewing;
      if (options?.release) await deps.writeUntil(deps.now());
    },
  };
}

/**
 * `work` under a lease kept alive while it runs. When it throws, the lease is given up at once: the job's
 * retry (pg-boss, seconds later, any instance) takes the run without waiting the lease out.
 */
export async function whileLeased(deps: RunLeaseDeps, work: () => Promise<void>): Promise<void> {
  const lease = keepRunLease(deps);
  try {
    await work();
  } catch (error) {
    await lease.stop({ release: true }).catch(() => undefined);
    throw error;
  }
  await lease.stop();
}
