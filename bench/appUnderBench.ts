import type { RunningApp } from '../src/bootstrap.js';
import type { SignedPostResult } from '../src/local/fake-slack/payloads.js';
import { SEED_IDS } from '../src/local/fake-slack/seed.js';
import type { FakeSlack } from '../src/local/fake-slack/server.js';
import type { JuheSandbox } from '../src/local/sandbox/server.js';
import { startHarness } from '../test/e2e/harness.js';
import { NullSink } from './nullSink.js';
import { ResponseUrlAnswers, type ResponseUrlPost } from './responseUrlAnswers.js';

const REPLY_TIMEOUT_MS = 10_000;

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
  /** resolves on the answer posted to `responseUrl` from now on (not the "Screening…" notice before it) */
  nextPostTo(responseUrl: string): Promise<ResponseUrlPost>;
  close(): Promise<void>;
}

export const BENCH_IDS = SEED_IDS;

export async function startAppUnderBench(): Promise<AppUnderBench> {
  const logSink = new NullSink();
  const harness = await startHarness({ log: { level: 'info', destination: logSink } });
  const { app, fake, sandbox } = harness;

  const answers = new ResponseUrlAnswers(fake, REPLY_TIMEOUT_MS);

  return {
    app,
    fake,
    sandbox,
    logSink,
    post: (body) => harness.post(body),
    nextPostTo: (responseUrl) => answers.next(responseUrl),
    async close() {
      answers.close();
      await harness.close();
    },
  };
}
