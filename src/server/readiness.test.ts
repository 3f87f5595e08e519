import { describe, expect, it } from 'vitest';
import { createLogger } from '../logging/logger.js';
import { createReadiness } from './readiness.js';

function capturedLogger() {
  const lines: Array<{ msg: string; check?: string }> = [];
  const logger = createLogger({
    level: 'info',
    destination: { write: (line: string) => void lines.push(JSON.parse(line)) },
  });
  return { logger, lines };
}

describe('readiness', () => {
  it('ready when every check answers; names each', async () => {
    const { logger } = capturedLogger();
    const probe = createReadiness(
      [
        { name: 'database', check: async () => 1 },
        { name: 'redis', check: async () => 'PONG' },
      ],
      logger,
    );
    expect(await probe()).toEqual({ ok: true, checks: { database: 'ok', redis: 'ok' } });
  });

  it('a check that throws or does not answer in time makes it unready, naming which; logged once, and its recovery', async () => {
    const { logger, lines } = capturedLogger();
    let redisDown = true;
    const probe = createReadiness(
      [
        { name: 'database', check: () => new Promise(() => {}) },
        {
          name: 'redis',
          check: async () => {
            if (redisDown) throw new Error('connect ECONNREFUSED 10.0.0.7:6379');
          },
        },
      ],
      logger,
      50,
    );
    const report = await probe();
    expect(report).toEqual({ ok: false, checks: { database: 'timed out', redis: 'failed' } });
    // the reason is in the log, never in the unauthenticated answer
    expect(JSON.stringify(report)).not.toContain('10.0.0.7');
    await probe();
    redisDown = false;
    expect((await probe()).checks.redis).toBe('ok');
    // the refusal comes at once, the timeout 50 ms later; neither again on the second probe
    expect(lines.map((line) => [line.msg, line.check])).toEqual([
      ['readiness check failed', 'redis'],
      ['readiness check timed out', 'database'],
      ['readiness check passes again', 'redis'],
    ]);
  });
});
