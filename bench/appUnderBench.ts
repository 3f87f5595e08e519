import { type RunningApp, startApp } from '../src/bootstrap.js';
import { postSignedToSlackEvents, type SignedPostResult } from '../src/fake-slack/payloads.js';
import { SEED_IDS } from '../src/fake-slack/seed.js';
import { type FakeSlack, startFakeSlack } from '../src/fake-slack/server.js';
import type { FakeCall } from '../src/fake-slack/store.js';
import { createLogger } from '../src/logging/logger.js';
import { DEFAULT_SANDBOX_KEYS, type JuheSandbox, startJuheSandbox } from '../src/sandbox/server.js';
import { NullSink } from './nullSink.js';

const SIGNING_SECRET = 'bench-signing-secret-not-real';
const REPLY_TIMEOUT_MS = 10_000;

export interface ResponseUrlPost {
  call: FakeCall;
  /** performance.now() when the fake Slack recorded the post */
  at: number;
}

/**
 * The real app (HTTP receiver, Bolt, Juhe client) between the fake Slack and the Juhe sandbox, like
 * test/e2e/harness.ts, but logging at `info` into a discarding stream as a production deployment would.
 */
export interface AppUnderBench {
  app: RunningApp;
  fake: FakeSlack;
  sandbox: JuheSandbox;
  logSink: NullSink;
  /** POSTs a signed body to /slack/events */
  post(body: string): Promise<SignedPostResult>;
  /** resolves on the first post to `responseUrl` from now on */
  nextPostTo(responseUrl: string): Promise<ResponseUrlPost>;
  close(): Promise<void>;
}

export const BENCH_IDS = SEED_IDS;

export async function startAppUnderBench(): Promise<AppUnderBench> {
  const sandbox = await startJuheSandbox();
  const fake = await startFakeSlack();
  const logSink = new NullSink();
  const logger = createLogger({ level: 'info', destination: logSink });
  const app = await startApp({
    config: {
      port: 0,
      juhe: {
        baseUrl: sandbox.url,
        riskKey: DEFAULT_SANDBOX_KEYS.risk,
        financeKey: DEFAULT_SANDBOX_KEYS.finance,
        timeoutMs: 8000,
      },
      complianceChannels: new Set([SEED_IDS.complianceChannel]),
      locale: 'en',
    },
    connection: { mode: 'http', botToken: fake.token, signingSecret: SIGNING_SECRET, apiUrl: fake.apiUrl },
    logger,
    host: '127.0.0.1',
    sandbox: true,
    drainTimeoutMs: 5000,
  });
  const baseUrl = app.url as string;

  const waiting = new Map<string, { resolve: (post: ResponseUrlPost) => void; timer: NodeJS.Timeout }>();
  fake.on('change', (change) => {
    if (change.kind !== 'call' || change.call.method !== 'response_url') return;
    const url = change.call.responseUrl ?? '';
    const waiter = waiting.get(url);
    if (!waiter) return;
    waiting.delete(url);
    clearTimeout(waiter.timer);
    waiter.resolve({ call: change.call, at: performance.now() });
  });

  return {
    app,
    fake,
    sandbox,
    logSink,
    post: (body) => postSignedToSlackEvents(baseUrl, body, SIGNING_SECRET),
    nextPostTo(responseUrl) {
      return new Promise<ResponseUrlPost>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(responseUrl);
          reject(new Error(`no response_url post within ${REPLY_TIMEOUT_MS} ms`));
        }, REPLY_TIMEOUT_MS);
        waiting.set(responseUrl, { resolve, timer });
      });
    },
    async close() {
      for (const waiter of waiting.values()) clearTimeout(waiter.timer);
      waiting.clear();
      await app.stop();
      await fake.close();
      await sandbox.close();
    },
  };
}
