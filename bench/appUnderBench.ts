import type { RunningApp } from '../src/bootstrap.js';
import type { SignedPostResult } from '../src/local/fake-slack/payloads.js';
import { SEED_IDS } from '../src/local/fake-slack/seed.js';
import type { FakeSlack } from '../src/local/fake-slack/server.js';
import type { FakeCall } from '../src/local/fake-slack/store.js';
import type { JuheSandbox } from '../src/local/sandbox/server.js';
import { startHarness } from '../test/e2e/harness.js';
import { NullSink } from './nullSink.js';

const REPLY_TIMEOUT_MS = 10_000;

export interface ResponseUrlPost {
  call: FakeCall;
  /** performance.now() when the fake Slack recorded the post */
  at: number;
}

/**
 * The end-to-end harness (real HTTP receiver, Bolt, Juhe client between the fake Slack and the Juhe
 * sandbox), logging at `info` into a discarding stream as a production deployment would.
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
  const logSink = new NullSink();
  const harness = await startHarness({ log: { level: 'info', destination: logSink } });
  const { app, fake, sandbox } = harness;

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
    post: (body) => harness.post(body),
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
      await harness.close();
    },
  };
}
