import { Redis } from 'ioredis';
import type { Logger } from '../logging/logger.js';

/** REDIS_URL's two connections: commands, and one that only listens (a subscribed connection can do nothing else). */
export interface SharedRedis {
  commands: Redis;
  subscriber: Redis;
  /** PING on the command connection: GET /readyz */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens both connections and waits until Redis answers, so a wrong REDIS_URL stops start-up with a
 * clear message instead of every lookup waiting on it. The URL (it may hold a password) is never logged.
 */
export async function openSharedRedis(url: string, logger: Logger): Promise<SharedRedis> {
  const options = {
    // a command waits at most this many reconnects, then fails (the queue asks again; it never hangs)
    maxRetriesPerRequest: 3,
    connectTimeout: 5_000,
    lazyConnect: true,
  };
  const commands = new Redis(url, options);
  const subscriber = new Redis(url, options);
  for (const [role, connection] of [
    ['commands', commands],
    ['subscriber', subscriber],
  ] as const) {
    connection.on('error', (error: Error) =>
      logger.warn(
        { role, reason: (error as { code?: string }).code ?? error.message },
        'redis connection error',
      ),
    );
  }
  try {
    await Promise.all([commands.connect(), subscriber.connect()]);
    await commands.ping();
  } catch (error) {
    commands.disconnect();
    subscriber.disconnect();
    throw new Error(
      `REDIS_URL: Redis did not answer (${(error as { code?: string }).code ?? (error as Error).message})`,
    );
  }
  return {
    commands,
    subscriber,
    async ping() {
      await commands.ping();
    },
    async close() {
      await Promise.allSettled([commands.quit(), subscriber.quit()]);
    },
  };
}
