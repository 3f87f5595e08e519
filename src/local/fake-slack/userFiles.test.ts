import { readFileSync } from 'node:fs';
import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkBlocks, checkHomeView, checkView } from './blockLimits.js';
import { LOGIN_PAGE_HTML } from './fileDownloads.js';
import { FILE_INPUT_MAX_BYTES } from './fileObjects.js';
import { fileInputValue, viewSubmissionPayload, withFileInputValues } from './payloads.js';
import { FAKE_WORKSPACE, SEED_IDS } from './seed.js';
import { type FakeSlack, startFakeSlack } from './server.js';
import { UserFileError } from './store.js';

const { WebClient, LogLevel } = webApi;
const FIXTURE = new URL('../../../test/fixtures/batch/subjects.xlsx', import.meta.url);
const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function slackError(call: Promise<unknown>): Promise<string | undefined> {
  try {
    await call;
    return undefined;
  } catch (error) {
    return (error as { data?: { error?: string } }).data?.error;
  }
}

const plain = (text: string) => ({ type: 'plain_text', text });
const fileBlock = (element: Record<string, unknown>) => ({
  type: 'input',
  block_id: 'file',
  label: plain('Spreadsheet'),
  element: { type: 'file_input', action_id: 'file', ...element },
});
const batchModal = (element: Record<string, unknown> = {}) => ({
  type: 'modal',
  callback_id: 'risk_batch',
  title: plain('Batch screening'),
  submit: plain('Check'),
  blocks: [fileBlock(element)],
});

describe('fake Slack: files a person uploads in a file_input', () => {
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

  it('uploadUserFile stores the file complete, owned by the person, shared nowhere', () => {
    const bytes = readFileSync(FIXTURE);
    const file = fake.uploadUserFile({ user: SEED_IDS.analyst, filename: 'subjects.xlsx', bytes });
    expect(file).toMatchObject({
      id: expect.stringMatching(/^F[0-9A-Z]+$/),
      name: 'subjects.xlsx',
      title: 'subjects.xlsx',
      length: bytes.length,
      user: SEED_IDS.analyst,
      mimetype: XLSX_MIME,
      filetype: 'xlsx',
      completed: true,
      sharedIn: [],
    });
    expect(fake.fileById(file.id)?.bytes?.equals(bytes)).toBe(true);
    // the browser's word for the type is kept; Slack's filetype still comes from the name
    const csv = fake.uploadUserFile({
      user: SEED_IDS.analyst,
      filename: 'list.CSV',
      bytes: Buffer.from('a\n'),
      mimetype: 'application/vnd.ms-excel',
    });
    expect([csv.mimetype, csv.filetype]).toEqual(['application/vnd.ms-excel', 'csv']);
  });

  it('refuses what Slack’s client refuses: over 10 MB, someone not in the workspace, the bot', () => {
    const upload = (user: string, size: number) => () =>
      fake.uploadUserFile({ user, filename: 'big.csv', bytes: new Uint8Array(size) });
    expect(upload(SEED_IDS.analyst, FILE_INPUT_MAX_BYTES)).not.toThrow();
    expect(upload(SEED_IDS.analyst, FILE_INPUT_MAX_BYTES + 1)).toThrow(UserFileError);
    expect(upload(SEED_IDS.analyst, FILE_INPUT_MAX_BYTES + 1)).toThrow(/more than the 10485760/);
    expect(upload('U0NOBODY', 3)).toThrow(/no person U0NOBODY/);
    expect(upload(FAKE_WORKSPACE.botUserId, 3)).toThrow(UserFileError);
    expect(() =>
      fake.uploadUserFile({ user: SEED_IDS.analyst, filename: ' ', bytes: new Uint8Array(1) }),
    ).toThrow(/not a file name/);
  });

  it('files.info returns Slack’s file object; unknown or never-uploaded files are file_not_found', async () => {
    const bytes = readFileSync(FIXTURE);
    const file = fake.uploadUserFile({ user: SEED_IDS.analyst, filename: 'subjects.xlsx', bytes });
    const info = await client.files.info({ file: file.id });
    expect(info.file).toMatchObject({
      id: file.id,
      name: 'subjects.xlsx',
      title: 'subjects.xlsx',
      mimetype: XLSX_MIME,
      filetype: 'xlsx',
      size: bytes.length,
      user: SEED_IDS.analyst,
      user_team: FAKE_WORKSPACE.teamId,
      is_external: false,
      mode: 'hosted',
      url_private: `${fake.url}/files-pri/${FAKE_WORKSPACE.teamId}-${file.id}/subjects.xlsx`,
      url_private_download: `${fake.url}/files-pri/${FAKE_WORKSPACE.teamId}-${file.id}/download/subjects.xlsx`,
      channels: [],
      ims: [],
      groups: [],
    });
    expect(typeof info.file?.created).toBe('number');
    expect(await slackError(client.files.info({ file: 'F0NOPE' }))).toBe('file_not_found');
    const announced = await client.files.getUploadURLExternal({ filename: 'x.csv', length: 3 });
    expect(await slackError(client.files.info({ file: String(announced.file_id) }))).toBe('file_not_found');
    expect(await slackError(client.apiCall('files.info', {}))).toBe('invalid_arguments');
  });

  it('files.info also describes the app’s own uploads, shared where they were', async () => {
    await client.files.uploadV2({
      channel_id: SEED_IDS.analystDm,
      file_uploads: [{ file: Buffer.from('a,b\n'), filename: 'export.csv' }],
    });
    const [shared] = fake.filesIn(SEED_IDS.analystDm);
    const info = await client.files.info({ file: String(shared?.id) });
    expect(info.file).toMatchObject({
      user: FAKE_WORKSPACE.botUserId,
      bot_id: FAKE_WORKSPACE.botId,
      filetype: 'csv',
      size: 4,
      ims: [SEED_IDS.analystDm],
    });
  });

  it('serves url_private(_download) only with the bot token; without it Slack’s 200 sign-in page', async () => {
    const bytes = readFileSync(FIXTURE);
    const file = fake.uploadUserFile({ user: SEED_IDS.analyst, filename: 'subjects.xlsx', bytes });
    const { url_private: privateUrl, url_private_download: downloadUrl } = fake.slackFile(file.id) ?? {};
    const withToken = { authorization: `Bearer ${fake.token}` };

    const download = await fetch(String(downloadUrl), { headers: withToken });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe(XLSX_MIME);
    expect(download.headers.get('content-disposition')).toContain("filename*=UTF-8''subjects.xlsx");
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
    const inline = await fetch(String(privateUrl), { headers: withToken });
    expect([inline.status, inline.headers.get('content-disposition')]).toEqual([200, null]);
    expect(Buffer.from(await inline.arrayBuffer()).equals(bytes)).toBe(true);

    const refusals: Array<Record<string, string>> = [
      {},
      { authorization: 'Bearer xoxb-wrong' },
      { authorization: fake.token },
    ];
    for (const headers of refusals) {
      const refused = await fetch(String(downloadUrl), { headers });
      expect(refused.status).toBe(200);
      expect(refused.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await refused.text()).toBe(LOGIN_PAGE_HTML);
    }
    // a token in the query string is not honoured for files
    const query = await fetch(`${downloadUrl}?token=${fake.token}`);
    expect(query.headers.get('content-type')).toMatch(/^text\/html/);

    const unknown = await fetch(`${fake.url}/files-pri/${FAKE_WORKSPACE.teamId}-F0NOPE/x.csv`, {
      headers: withToken,
    });
    expect(unknown.status).toBe(404);
    const otherTeam = await fetch(String(downloadUrl).replace(FAKE_WORKSPACE.teamId, 'T0OTHER'), {
      headers: withToken,
    });
    expect(otherTeam.status).toBe(404);

    // recorded like uploads: which file, whether the token was there, never the bytes
    const downloads = fake.calls.filter((call) => call.method === 'file_download');
    expect(downloads[0]).toMatchObject({ ok: true, args: { file_id: file.id, authorized: true } });
    expect(downloads[2]).toMatchObject({ ok: false, error: 'login_page', args: { authorized: false } });
    expect(downloads.at(-1)).toMatchObject({ ok: false, error: 'file_not_found' });
  });

  it('a view_submission carries the picked files in state.values as Slack does', () => {
    const file = fake.uploadUserFile({
      user: SEED_IDS.analyst,
      filename: 'subjects.csv',
      bytes: Buffer.from('name\n张三\n'),
    });
    const values = withFileInputValues(fake, {
      file: { file: { type: 'file_input', files: [file.id] } },
      purpose: { purpose: { type: 'plain_text_input', value: 'Onboarding' } },
      empty: { pick: { type: 'file_input', files: [] } },
    });
    const payload = viewSubmissionPayload({
      user: SEED_IDS.analyst,
      trigger_id: fake.issueTriggerId(),
      view: { id: 'V1', callback_id: 'risk_batch', hash: 'h', state: { values } },
    });
    const view = payload.view as { state: { values: Record<string, Record<string, unknown>> } };
    expect(view.state.values.file?.file).toEqual({
      type: 'file_input',
      files: [fake.slackFile(file.id)],
    });
    expect(view.state.values.file?.file).toMatchObject({
      files: [
        {
          id: file.id,
          name: 'subjects.csv',
          mimetype: 'text/csv',
          filetype: 'csv',
          size: Buffer.byteLength('name\n张三\n'),
          user: SEED_IDS.analyst,
          url_private_download: expect.stringMatching(/\/download\/subjects\.csv$/),
        },
      ],
    });
    expect(view.state.values.purpose?.purpose).toEqual({ type: 'plain_text_input', value: 'Onboarding' });
    expect(view.state.values.empty?.pick).toEqual({ type: 'file_input', files: [] });
    expect(() => fileInputValue(fake, ['F0NOPE'])).toThrow(/no file F0NOPE/);
  });

  it('views.open takes a file_input in an input block and refuses one anywhere else', async () => {
    const trigger = () => fake.issueTriggerId();
    await client.views.open({
      trigger_id: trigger(),
      view: batchModal({ filetypes: ['csv', 'xlsx'], max_files: 1 }) as never,
    });
    expect(
      await slackError(
        client.views.open({ trigger_id: trigger(), view: batchModal({ max_files: 11 }) as never }),
      ),
    ).toBe('invalid_blocks');
  });
});

describe('block limits: file_input', () => {
  it('accepts filetypes and max_files from 1 to 10 in a modal’s input block', () => {
    expect(checkView(batchModal())).toEqual([]);
    expect(checkView(batchModal({ filetypes: ['csv', 'xlsx'], max_files: 1 }))).toEqual([]);
    expect(checkView(batchModal({ max_files: 10 }))).toEqual([]);
  });

  it('checks max_files and filetypes', () => {
    const path = 'view.blocks[0].element';
    expect(checkView(batchModal({ max_files: 0 }))).toEqual([
      `${path}.max_files: must be a whole number from 1 to 10, got 0`,
    ]);
    expect(checkView(batchModal({ max_files: 11 }))).toEqual([
      `${path}.max_files: must be a whole number from 1 to 10, got 11`,
    ]);
    expect(checkView(batchModal({ max_files: 1.5 }))).toHaveLength(1);
    expect(checkView(batchModal({ filetypes: [] }))).toEqual([
      `${path}.filetypes: must be a non-empty array of file extensions`,
    ]);
    expect(checkView(batchModal({ filetypes: ['.csv', 3] }))).toEqual([
      `${path}.filetypes[0]: must be a file extension such as "csv", got ".csv"`,
      `${path}.filetypes[1]: must be a file extension such as "csv", got 3`,
    ]);
  });

  it('refuses a file_input outside an input block, and input blocks outside modals', () => {
    const element = { type: 'file_input', action_id: 'file' };
    expect(checkBlocks([{ type: 'actions', elements: [element] }], 'modal')).toEqual([
      'blocks[0].elements[0]: file_input is only allowed as the element of an input block in a modal',
    ]);
    expect(
      checkBlocks([{ type: 'section', text: { type: 'mrkdwn', text: 'x' }, accessory: element }], 'modal'),
    ).toEqual([
      'blocks[0].accessory: file_input is only allowed as the element of an input block in a modal',
    ]);
    expect(checkBlocks([fileBlock({})], 'message')).toEqual([
      'blocks[0]: input blocks are only allowed in modals',
    ]);
    expect(checkHomeView({ type: 'home', blocks: [fileBlock({})] })).toEqual([
      'view.blocks[0]: input blocks are only allowed in modals',
    ]);
  });
});
