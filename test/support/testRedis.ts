import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/**
 * The real Redis for the suites that need one: TEST_REDIS_URL (`.ci/run` sets it). Without it they are
 * skipped, except with CI=true, where a missing TEST_REDIS_URL fails them instead (a suite that did not
 * run is not a pass).
 */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL?.trim() || undefined;
export const REDIS_SUITE_RUNS = TEST_REDIS_URL !== undefined || process.env.CI === 'true';

/** A connection to the test Redis, on a database of its own key space (keys prefixed per test run). */
export function openTestRedis(): Redis {
  if (TEST_REDIS_URL === undefined) {
    throw new Error('TEST_REDIS_URL is not set: with CI=true the Redis suite must run, not be skipped');
  }
  return new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 2, lazyConnect: false });
}

/** A fresh key so runs (and parallel test files) never share state. */
export function uniqueKey(what: string): string {
  return `${what}-${randomBytes(6).toString('hex')}`;
}
