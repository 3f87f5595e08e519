import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * One Juhe call for the same page at the same time across instances (today's in-process dedupe, made
 * global): the first to claim a question fetches it; the others wait until it is released (the page is
 * then stored) and look again. A claim expires on its own, so an instance that died holding one only
 * delays the others by its lease.
 */
export interface SharedFlight {
  /** true: this caller asks Juhe; false: another instance is asking now */
  claim(question: string): Promise<boolean>;
  /** until the claim on `question` is released or expired (at most the lease) */
  waitFor(question: string): Promise<void>;
  release(question: string): Promise<void>;
}

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/** How often a waiter looks whether the claim is gone: a page turn waits at most this much more than the call. */
const WAIT_POLL_MS = 25;

export function createRedisSingleFlight(options: {
  redis: Redis;
  /** turns a question into a key that does not reveal it (an HMAC blind index) */
  keyOf: (question: string) => string;
  /** a call's whole budget, queue wait included: the longest a claim may be held */
  leaseMs: number;
}): SharedFlight {
  const { redis, leaseMs } = options;
  const owner = randomBytes(8).toString('hex');
  const keyOf = (question: string) => `juhe-risk-slack:flight:${options.keyOf(question)}`;
  return {
    async claim(question) {
      return (await redis.set(keyOf(question), owner, 'PX', leaseMs, 'NX')) === 'OK';
    },
    async waitFor(question) {
      const key = keyOf(question);
      const until = performance.now() + leaseMs;
      while (performance.now() < until) {
        if ((await redis.exists(key)) === 0) return;
        await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
      }
    },
    async release(question) {
      await redis.eval(RELEASE, 1, keyOf(question), owner);
    },
  };
}
