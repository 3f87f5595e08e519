import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postSignedToSlackEvents, slashCommandBody } from '../../src/local/fake-slack/payloads.js';
import { type FakeSlack, startFakeSlack } from '../../src/local/fake-slack/server.js';
import { DEFAULT_SANDBOX_KEYS, type JuheSandbox, startJuheSandbox } from '../../src/local/sandbox/server.js';
import { preparedDataDir } from '../support/dataDir.js';
import { startMain } from '../support/mainProcess.js';
import { IDS, waitUntil } from './harness.js';

const SECRET = 'shutdown-test-secret';
let fake: FakeSlack;
let sandbox: JuheSandbox;

beforeAll(async () => {
  fake = await startFakeSlack();
  sandbox = await startJuheSandbox();
});
afterAll(async () => {
  await fake.close();
  await sandbox.close();
});

describe('npm start in HTTP mode', () => {
  it('on SIGTERM stops taking requests, lets running work finish, and exits 0', async () => {
    const { child, lines } = startMain({
      DATA_DIR: await preparedDataDir(),
      SLACK_BOT_TOKEN: fake.token,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: '0',
      JUHE_BASE_URL: sandbox.url,
      JUHE_RISK_KEY: DEFAULT_SANDBOX_KEYS.risk,
      JUHE_FINANCE_KEY: DEFAULT_SANDBOX_KEYS.finance,
    });
    try {
      const listening = await waitUntil(
        () => lines.map((l) => JSON.parse(l)).find((l) => typeof l.url === 'string'),
        15_000,
      );
      const base = String(listening.url).replace('/slack/events', '').replace('localhost', '127.0.0.1');
      expect((await fetch(`${base}/healthz`)).status).toBe(200);

      // Juhe answers in 1.5 s: the work is still running when SIGTERM arrives.
      const responseUrl = fake.createResponseUrl({ channel: IDS.generalChannel, user: IDS.analyst });
      const body = slashCommandBody({
        command: '/risk',
        text: 'FAULT:slow-1500 张德洲 1',
        userId: IDS.analyst,
        channelId: IDS.generalChannel,
        triggerId: fake.issueTriggerId(),
        responseUrl,
      });
      const ack = await postSignedToSlackEvents(base, body, SECRET);
      expect(ack.status).toBe(200);
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
      // the answer was delivered before the process left
      expect(
        fake.calls.some((c) => c.method === 'response_url' && JSON.stringify(c.args).includes('5877')),
      ).toBe(true);
      expect(lines.some((l) => l.includes('"msg":"stopped"'))).toBe(true);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 60_000);

  it('refuses to start on bad configuration with one message listing every problem', async () => {
    const { child, stderr } = startMain({ SLACK_BOT_TOKEN: 'xoxb-1', JUHE_TIMEOUT_MS: 'soon', LOCALE: 'fr' });
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    const text = stderr.join('');
    expect(text).toContain('3 configuration problems');
    expect(text).toContain('JUHE_TIMEOUT_MS');
    expect(text).toContain('LOCALE');
    expect(text).toContain('SLACK_SIGNING_SECRET');
  }, 30_000);
});
