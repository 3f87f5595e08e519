import { describe, expect, it } from 'vitest';
import { startApp } from '../src/bootstrap.js';
import { startFakeSlack } from '../src/local/fake-slack/server.js';
import { createLogger } from '../src/logging/logger.js';

describe('Socket Mode', () => {
  it('asks Slack (at SLACK_API_URL) for a socket URL with the app-level token', async () => {
    const fake = await startFakeSlack();
    try {
      const starting = startApp({
        config: {
          port: 0,
          juhe: { baseUrl: 'http://127.0.0.1:9', timeoutMs: 1000 },
          complianceChannels: new Set(),
          locale: 'en',
        },
        connection: { mode: 'socket', botToken: fake.token, appToken: 'xapp-1-test', apiUrl: fake.apiUrl },
        logger: createLogger({ level: 'silent' }),
        local: true,
      });
      // The fake has no WebSocket server: it answers apps.connections.open with an error, which ends start-up.
      await expect(starting).rejects.toThrow();
      const call = fake.calls.find((c) => c.method === 'apps.connections.open');
      expect(call).toBeDefined();
    } finally {
      await fake.close();
    }
  });
});
