import type { Logger } from '../logging/logger.js';

/** One dependency an instance cannot serve without: it answers, or the instance is not ready. */
export interface ReadinessCheck {
  name: string;
  /** resolves when the dependency answered */
  check(): Promise<unknown>;
}

export type CheckResult = 'ok' | 'failed' | 'timed out';

export interface ReadinessReport {
  ok: boolean;
  checks: Record<string, CheckResult>;
}

export const READINESS_TIMEOUT_MS = 2_000;

/**
 * GET /readyz: every check at once, each bounded (a load balancer's probe must not hang on a database
 * that does not answer). The report names what failed, never why — the endpoint is unauthenticated and a
 * driver's message can name hosts — and the reason goes to the log once when a check starts failing, and
 * once when it recovers, not at every probe.
 */
export function createReadiness(
  checks: readonly ReadinessCheck[],
  logger: Logger,
  timeoutMs = READINESS_TIMEOUT_MS,
): () => Promise<ReadinessReport> {
  const failing = new Set<string>();
  const run = async (check: ReadinessCheck): Promise<[string, CheckResult]> => {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timed out'>((resolve) => {
      timer = setTimeout(() => resolve('timed out'), timeoutMs);
    });
    const result = await Promise.race([
      check.check().then(
        () => 'ok' as const,
        (error: unknown) => {
          if (!failing.has(check.name))
            logger.warn({ err: error, check: check.name }, 'readiness check failed');
          return 'failed' as const;
        },
      ),
      timedOut,
    ]).finally(() => clearTimeout(timer));
    if (result === 'ok') {
      if (failing.delete(check.name)) logger.info({ check: check.name }, 'readiness check passes again');
    } else {
      if (result === 'timed out' && !failing.has(check.name)) {
        logger.warn({ check: check.name, timeoutMs }, 'readiness check timed out');
      }
      failing.add(check.name);
    }
    return [check.name, result];
  };
  return async () => {
    const results = await Promise.all(checks.map(run));
    return { ok: results.every(([, result]) => result === 'ok'), checks: Object.fromEntries(results) };
  };
}
