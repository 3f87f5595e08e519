import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SEED_IDS } from './seed.js';
import { type FakeSlack, startFakeSlack } from './server.js';

const { WebClient, LogLevel } = webApi;

/** The Slack error code a WebClient call failed with. */
async function slackError(call: Promise<unknown>): Promise<string | undefined> {
  try {
    await call;
    return undefined;
  } catch (error) {
    return (error as { data?: { error?: string } }).data?.error;
  }
}

describe('fake Slack: conversations.open and file uploads', () => {
  let fake: FakeSlack;
  let client: InstanceType<typeof WebClient>;

  beforeEach(async () => {
    fake = await startFakeSlack();
    client = new WebClient(fake.token, {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
      logLevel: LogLevel.ERROR,
    });
  });
  afterEach(async () => {
    await fake.close();
  });

  it('conversations.open gives one stable DM per user, and refuses what it does not know', async () => {
    const first = await client.conversations.open({ users: SEED_IDS.refused });
    const again = await client.conversations.open({ users: SEED_IDS.refused });
    expect(first.channel?.id).toBe('DU0REFUSED');
    expect(again).toMatchObject({ channel: { id: 'DU0REFUSED' }, already_open: true });
    const seeded = await client.conversations.open({ users: SEED_IDS.analyst, return_im: true });
    expect(seeded.channel).toMatchObject({ id: SEED_IDS.analystDm, is_im: true, user: SEED_IDS.analyst });
    expect(await slackError(client.conversations.open({ users: 'U0NOBODY' }))).toBe('user_not_found');
    expect(await slackError(client.conversations.open({ users: '' } as never))).toBe(
      'users_list_not_supplied',
    );
    expect(await slackError(client.conversations.open({ channel: SEED_IDS.generalChannel }))).toBe(
      'method_not_supported_for_channel_type',
    );
  });

  it('files.uploadV2 announces, uploads and shares both files in one message; the bytes are in the store', async () => {
    const csv = Buffer.from('\uFEFFa,b\r\n张三,1\r\n', 'utf8');
    const xlsx = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 1, 2, 3]);
    await client.files.uploadV2({
      channel_id: SEED_IDS.analystDm,
      initial_comment: 'Your export',
      file_uploads: [
        { file: csv, filename: 'audit.csv' },
        { file: xlsx, filename: 'audit.xlsx' },
      ],
    });
    expect(fake.calls.map((call) => call.method)).toEqual([
      'files.getUploadURLExternal',
      'files.getUploadURLExternal',
      'file_upload',
      'file_upload',
      'files.completeUploadExternal',
    ]);
    // the bytes are never in a recorded call: tests dump calls, and an export holds personal data
    expect(JSON.stringify(fake.calls)).not.toContain('张三');
    const files = fake.filesIn(SEED_IDS.analystDm);
    expect(files.map((file) => [file.name, file.length, file.completed])).toEqual([
      ['audit.csv', csv.length, true],
      ['audit.xlsx', xlsx.length, true],
    ]);
    expect(files[0]?.bytes?.equals(csv)).toBe(true);
    expect(files[1]?.bytes?.equals(xlsx)).toBe(true);
    const [message] = fake.messagesIn(SEED_IDS.analystDm);
    expect(message).toMatchObject({ text: 'Your export', via: 'files.completeUploadExternal' });
    expect(message?.files?.map((file) => file.name)).toEqual(['audit.csv', 'audit.xlsx']);
  });

  it('validates like Slack: arguments, unknown or unfinished files, channels the bot cannot post in', async () => {
    expect(await slackError(client.files.getUploadURLExternal({ filename: 'a.csv', length: 0 }))).toBe(
      'invalid_arguments',
    );
    expect(await slackError(client.files.getUploadURLExternal({ filename: '', length: 3 }))).toBe(
      'invalid_arguments',
    );
    const announced = await client.files.getUploadURLExternal({ filename: 'a.csv', length: 3 });
    expect(announced.upload_url).toMatch(new RegExp(`^${fake.url}/upload/v1/[0-9a-f]{32}$`));
    const fileId = String(announced.file_id);
    expect(
      await slackError(
        client.files.completeUploadExternal({ files: [{ id: fileId }], channel_id: SEED_IDS.analystDm }),
      ),
    ).toBe('file_not_uploaded');
    expect(await slackError(client.files.completeUploadExternal({ files: [{ id: 'F404' }] }))).toBe(
      'file_not_found',
    );

    const short = await fetch(String(announced.upload_url), { method: 'POST', body: 'ab' });
    expect([short.status, await short.text()]).toEqual([400, 'length_mismatch']);
    const raw = await fetch(String(announced.upload_url), { method: 'POST', body: 'abc' });
    expect([raw.status, await raw.text()]).toEqual([200, 'OK - 3']);
    expect(fake.fileById(fileId)?.bytes?.toString()).toBe('abc');
    const twice = await fetch(String(announced.upload_url), { method: 'POST', body: 'abc' });
    expect(twice.status).toBe(409);
    const unknown = await fetch(`${fake.url}/upload/v1/00ff`, { method: 'POST', body: 'abc' });
    expect(unknown.status).toBe(404);

    expect(
      await slackError(
        client.files.completeUploadExternal({
          files: [{ id: fileId }],
          channel_id: SEED_IDS.notMemberChannel,
        }),
      ),
    ).toBe('not_in_channel');
    // completing without a channel keeps the file private: no message anywhere
    await client.files.completeUploadExternal({ files: [{ id: fileId, title: 'Private' }] });
    expect(fake.fileById(fileId)).toMatchObject({ title: 'Private', completed: true, sharedIn: [] });
    expect(await slackError(client.files.completeUploadExternal({ files: [{ id: fileId }] }))).toBe(
      'file_already_completed',
    );
  });
});
