import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { SlotStore } from '../juhe/callQueue.js';
import { FIRST_BACKOFF_MS, MAX_BACKOFF_MS } from '../juhe/slotStore.js';

/*
 * JUHE_MAX_CONCURRENCY across every instance: the slots held (a sorted set scored by lease expiry), the
 * waiters in line (scored by arrival, so the oldest goes first whichever instance it is on) and when each
 * waiter was last seen (a waiter whose instance died drops out), and the back-off pause. One Lua script
 * per step, on Redis's own clock, so instances whose clocks differ still agree. Hand-written because no
 * maintained Redis semaphore (redis-semaphore, bottleneck) reports a waiter's place in line, which the
 * "queued (position)" notice needs.
 */
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit = tonumber(ARGV[1])
local lease = tonumber(ARGV[2])
local alive = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local dead = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now)
for _, id in ipairs(dead) do redis.call('ZREM', KEYS[2], id) end
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
for i = 4, #ARGV do
  redis.call('ZADD', KEYS[2], 'NX', now + (i - 4) / 1000, ARGV[i])
  redis.call('ZADD', KEYS[3], now + alive, ARGV[i])
end
local paused = redis.call('PTTL', KEYS[4])
if paused > 0 then
  return {0, redis.call('ZRANK', KEYS[2], ARGV[4]) or 0, paused}
end
local granted = {}
local free = limit - redis.call('ZCARD', KEYS[1])
for i = 4, #ARGV do
  local id = ARGV[i]
  local rank = redis.call('ZRANK', KEYS[2], id)
  if rank == false or rank >= free then
    local result = {#granted, rank or 0, 0}
    for _, g in ipairs(granted) do table.insert(result, g) end
    return result
  end
  redis.call('ZADD', KEYS[1], now + lease, id)
  redis.call('ZREM', KEYS[2], id)
  redis.call('ZREM', KEYS[3], id)
  free = free - 1
  table.insert(granted, id)
end
local result = {#granted, 0, 0}
for _, g in ipairs(granted) do table.insert(result, g) end
return result
`;

const BACK_OFF = `
local previous = tonumber(redis.call('GET', KEYS[2]) or '0')
local pause = tonumber(ARGV[1])
if previous > 0 then pause = math.min(tonumber(ARGV[2]), previous * 2) end
redis.call('SET', KEYS[1], '1', 'PX', pause)
redis.call('SET', KEYS[2], pause, 'PX', pause * 4)
return pause
`;

interface SlotCommands {
  juheSlotTake(...args: (string | number)[]): Promise<(number | string)[]>;
  juheSlotBackOff(...args: (string | number)[]): Promise<number>;
}

/** Waiters not seen for this long (their instance stopped polling) leave the line. */
const WAITER_ALIVE_MS = 5_000;

export function createRedisSlotStore(options: {
  redis: Redis;
  /** a second connection for the freed-slot channel (a subscribed connection can do nothing else) */
  subscriber: Redis;
  /** the Juhe key these slots are for: only its digest names the keys */
  juheKey: string;
  api: string;
  limit: number;
  /** a slot whose call never released it (its instance died) is free again after this */
  leaseMs: number;
}): SlotStore {
  const { redis, subscriber, limit, leaseMs } = options;
  const keyDigest = createHash('sha256').update(options.juheKey).digest('hex').slice(0, 16);
  const prefix = `juhe-risk-slack:juhe-slots:${options.api}:${keyDigest}`;
  const keys = [`${prefix}:held`, `${prefix}:waiting`, `${prefix}:seen`, `${prefix}:paused`];
  const backoffKey = `${prefix}:backoff`;
  const channel = `${prefix}:freed`;
  // ids are unique per queue; the instance token makes them unique across instances
  const instance = randomBytes(6).toString('hex');
  const global = (id: string) => `${instance}:${id}`;
  const local = (id: string) => id.slice(instance.length + 1);
  const commands = redis as unknown as Redis & SlotCommands;
  if (!('juheSlotTake' in redis)) {
    redis.defineCommand('juheSlotTake', { numberOfKeys: 4, lua: TAKE });
    redis.defineCommand('juheSlotBackOff', { numberOfKeys: 2, lua: BACK_OFF });
  }
  const listeners: Array<() => void> = [];
  const onMessage = (from: string) => {
    if (from !== channel) return;
    for (const listener of listeners) listener();
  };
  subscriber.on('message', onMessage);
  const subscribed = subscriber.subscribe(channel);
  return {
    async take(ids) {
      await subscribed;
      const reply = await commands.juheSlotTake(...keys, limit, leaseMs, WAITER_ALIVE_MS, ...ids.map(global));
      const [count, ahead, pausedMs, ...granted] = reply;
      return {
        granted: granted.slice(0, Number(count)).map((id) => local(String(id))),
        ahead: Number(ahead),
        pausedMs: Number(pausedMs),
      };
    },
    async give(id) {
      await redis.zrem(keys[0] as string, global(id));
      await redis.publish(channel, '1');
    },
    async withdraw(ids) {
      if (ids.length === 0) return;
      const members = ids.map(global);
      await redis
        .multi()
        .zrem(keys[1] as string, ...members)
        .zrem(keys[2] as string, ...members)
        .exec();
    },
    async backOff() {
      return Number(
        await commands.juheSlotBackOff(keys[3] as string, backoffKey, FIRST_BACKOFF_MS, MAX_BACKOFF_MS),
      );
    },
    async recovered() {
      await redis.del(backoffKey);
    },
    onFreed(listener) {
      listeners.push(listener);
    },
    pollMs: 250,
    async close() {
      subscriber.off('message', onMessage);
      await subscriber.unsubscribe(channel).catch(() => undefined);
    },
  };
}
