import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackApp } from '../src/app.js';
import { buildServices, startApp } from '../src/bootstrap.js';
import { startJobEngine } from '../src/jobs/jobEngine.js';
import { startFakeSlack } from '../src/local/fake-slack/server.js';
import { createLogger } from '../src/logging/logger.js';
import { openComplianceRecord } from '../src/store/complianceRecord.js';
import type { Database } from '../src/store/database.js';
import { captureLog } from './support/capturedLog.js';
import { openTestPglite } from './support/testDatabase.js';

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

describe('Socket Mode replays', () => {
  // PGlite's first start (initdb) takes seconds: in the hook, not the test's own time
  let database: Database;
  beforeAll(async () => {
    database = await openTestPglite();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('an envelope payload delivered again (Slack redelivers with retry_attempt) runs once, acked empty', async () => {
    const fake = await startFakeSlack();
    let stopJobs = async () => {};
    const log = captureLog();
    const logger = createLogger({ level: 'info', destination: log.destination });
    try {
      const record = await openComplianceRecord(
        { auditRetentionDays: 1095, resultRetentionHours: 24 },
        { local: true, logger, database },
      );
      const options = {
        config: {
          port: 0,
          juhe: { baseUrl: 'http://127.0.0.1:9', timeoutMs: 1000 },
          complianceChannels: new Set<string>(),
          locale: 'en' as const,
        },
        connection: {
          mode: 'socket' as const,
          botToken: fake.token,
          appToken: 'xapp-1-test',
          apiUrl: fake.apiUrl,
        },
        logger,
      };
      const jobs = await startJobEngine(database, logger);
      stopJobs = () => jobs.stop();
      const { app } = createSlackApp(options.connection, await buildServices(options, record, jobs));
      // Socket Mode hands Bolt the payload already parsed; this is a slash command's
      const payload = {
        token: 'x',
        team_id: 'T1',
        channel_id: 'C1',
        user_id: 'U1',
        command: '/risk',
        text: 'help',
        api_app_id: 'A1',
        response_url: 'https://hooks.slack.com/commands/T1/1/x',
        trigger_id: '1.2.abc',
      };
      const deliver = async (retryNum?: number) => {
        const acks: unknown[][] = [];
        await app.processEvent({
          // a redelivery is parsed anew: key order is no part of the request
          body: Object.fromEntries(Object.entries(payload).reverse()),
          ack: async (...args: unknown[]) => {
            acks.push(args);
          },
          ...(retryNum !== undefined ? { retryNum, retryReason: 'timeout' } : {}),
        });
        return acks;
      };
      const first = await deliver();
      expect(first).toHaveLength(1);
      expect(JSON.stringify(first[0])).toMatch(/risk/i);
      expect(await deliver(1)).toEqual([[]]);
      const replays = log.records().filter((line) => line.msg === 'replayed Slack request ignored');
      expect(replays).toEqual([expect.objectContaining({ retryNum: 1, retryReason: 'timeout' })]);
    } finally {
      await stopJobs();
      await fake.close();
    }
  });
});
