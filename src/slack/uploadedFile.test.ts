import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLog } from '../../test/support/capturedLog.js';
import { SEED_IDS } from '../local/fake-slack/seed.js';
import { type FakeSlack, startFakeSlack } from '../local/fake-slack/server.js';
import { createLogger } from '../logging/logger.js';
import { createUploadedFiles } from './uploadedFile.js';

/**
 * The file a person picked, fetched from (the fake) Slack: only with the bot token, only from Slack's own
 * host, never beyond the size cap, and never Slack's sign-in page taken for the file.
 */
let fake: FakeSlack;
beforeAll(async () => {
  fake = await startFakeSlack();
});
afterAll(async () => {
  await fake.close();
});

function files(options: { token?: string; apiUrl?: string; maxBytes?: number } = {}) {
  const { lines, destination } = captureLog();
  const client = new webApi.WebClient(fake.token, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
  return {
    lines,
    files: createUploadedFiles({
      client,
      botToken: options.token ?? fake.token,
      ...(options.apiUrl === undefined
        ? { apiUrl: fake.apiUrl }
        : options.apiUrl
          ? { apiUrl: options.apiUrl }
          : {}),
      logger: createLogger({ level: 'debug', destination }),
      ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}),
    }),
  };
}

const CSV = new TextEncoder().encode('keyword,realname\n江苏,张德洲\n');

describe('reading an uploaded file', () => {
  it('files.info, then url_private_download with the bot token: the bytes and the name', async () => {
    const { id } = fake.uploadUserFile({ user: SEED_IDS.analyst, filename: 'list.csv', bytes: CSV });
    const read = await files().files.read(id);
    expect(read).toEqual({ ok: true, name: 'list.csv', bytes: CSV });
    expect(fake.calls.filter((call) => call.method === 'file_download').at(-1)?.args).toMatchObject({
      file_id: id,
      authorized: true,
    });
  });

  it('a token Slack does not accept: its 200 sign-in page is not taken for the file', async () => {
    const { id } = fake.uploadUserFile({ user: SEED_IDS.analyst, filename: 'list.csv', bytes: CSV });
    const { files: reader, lines } = files({ token: 'xoxb-not-the-token' });
    expect(await reader.read(id)).toEqual({ ok: false, problem: 'unreadable' });
    expect(lines.join('\n')).toContain('HTML page');
  });

  it('never sends the token to a host that is not Slack’s (here: no SLACK_API_URL, so only files.slack.com)', async () => {
    const { id } = fake.uploadUserFile({ user: SEED_IDS.analyst, filename: 'list.csv', bytes: CSV });
    const before = fake.calls.filter((call) => call.method === 'file_download').length;
    const { files: reader, lines } = files({ apiUrl: '' });
    expect(await reader.read(id)).toEqual({ ok: false, problem: 'unreadable' });
    expect(fake.calls.filter((call) => call.method === 'file_download')).toHaveLength(before);
    expect(lines.join('\n')).toContain('refused to send the bot token');
  });

  it('a file over the cap is too large; an unknown file is unreadable', async () => {
    const { id } = fake.uploadUserFile({ user: SEED_IDS.analyst, filename: 'list.csv', bytes: CSV });
    expect(await files({ maxBytes: 10 }).files.read(id)).toEqual({ ok: false, problem: 'too_large' });
    expect(await files().files.read('F0NOSUCHFILE')).toEqual({ ok: false, problem: 'unreadable' });
  });
});
