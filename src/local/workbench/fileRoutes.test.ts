import { readFileSync } from 'node:fs';
import { type ReceiverEvent, type ViewSubmitAction, webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.js';
import { createLogger } from '../../logging/logger.js';
import { FILE_INPUT_MAX_BYTES, SEED_IDS } from '../fake-slack/index.js';
import { type LocalMode, startLocalMode } from '../localMode.js';
import type { WorkspaceSnapshot } from './workspaceSnapshot.js';

const { analyst, refused, analystDm } = SEED_IDS;
const { WebClient, LogLevel } = webApi;
const XLSX = readFileSync(new URL('../../../test/fixtures/batch/subjects.xlsx', import.meta.url));
/** A callback_id no product modal uses: the app acks it without doing anything. */
const TEST_CALLBACK = 'workbench_file_input_test';

describe('workbench file routes on a local-mode app', () => {
  let local: LocalMode;
  let base: string;
  let bot: InstanceType<typeof WebClient>;
  /** every view_submission the app received, as the workbench sent it */
  const submissions: ViewSubmitAction[] = [];

  beforeAll(async () => {
    const loaded = loadConfig({});
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    local = await startLocalMode(loaded.config, createLogger({ level: 'silent' }), { port: 0 });
    base = local.url.replace(/\/$/, '');
    bot = new WebClient(local.fake.token, {
      slackApiUrl: local.fake.apiUrl,
      retryConfig: { retries: 0 },
      logLevel: LogLevel.ERROR,
    });
    // What the app receives, read where both receivers hand Bolt a verified body (no listener of its own:
    // the app's guard acks a callback_id it does not know before any listener would run).
    const app = local.app.slackApp.app;
    const processEvent = app.processEvent.bind(app);
    app.processEvent = (event: ReceiverEvent) => {
      const body = event.body as { type?: unknown };
      if (body.type === 'view_submission') submissions.push(body as unknown as ViewSubmitAction);
      return processEvent(event);
    };
  });

  afterAll(async () => {
    await local?.stop();
  });

  const upload = (query: Record<string, string>, body: BodyInit, headers: Record<string, string> = {}) =>
    fetch(`${base}/workbench/api/files?${new URLSearchParams(query)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', ...headers },
      body,
    });
  const download = (fileId: string, user: string) =>
    fetch(`${base}/workbench/api/files/${fileId}?user=${user}`);

  it('uploads a picked file into the fake workspace as the person’s own', async () => {
    const response = await upload({ user: analyst, filename: 'subjects.xlsx' }, XLSX);
    expect(response.status).toBe(200);
    const { file } = (await response.json()) as { file: { id: string; name: string; size: number } };
    expect(file).toEqual({ id: expect.stringMatching(/^F/), name: 'subjects.xlsx', size: XLSX.length });
    expect(local.fake.fileById(file.id)).toMatchObject({ user: analyst, completed: true, sharedIn: [] });
    expect(local.fake.fileById(file.id)?.bytes?.equals(XLSX)).toBe(true);
    const csv = await upload({ user: analyst, filename: 'a.csv', mimetype: 'text/csv' }, 'name\n');
    const { file: csvFile } = (await csv.json()) as { file: { id: string } };
    expect(local.fake.fileById(csvFile.id)?.mimetype).toBe('text/csv');
  });

  it('refuses uploads Slack’s client would not make, and ones from another site', async () => {
    expect(
      (await upload({ user: analyst, filename: 'a.csv' }, 'x', { 'content-type': 'text/plain' })).status,
    ).toBe(415);
    const big = await upload(
      { user: analyst, filename: 'big.csv' },
      new Uint8Array(FILE_INPUT_MAX_BYTES + 1),
    );
    expect([big.status, ((await big.json()) as { error: string }).error]).toEqual([413, 'file_too_large']);
    expect((await upload({ user: 'U0NOBODY', filename: 'a.csv' }, 'x')).status).toBe(404);
    expect((await upload({ user: 'UBOT', filename: 'a.csv' }, 'x')).status).toBe(404);
    expect((await upload({ user: analyst, filename: '' }, 'x')).status).toBe(400);
    const foreign = await upload({ user: analyst, filename: 'a.csv' }, 'x', {
      origin: 'http://evil.example',
    });
    expect(foreign.status).toBe(403);
  });

  it('downloads a file the person may see, as an attachment; others get 404', async () => {
    const mine = (await (await upload({ user: analyst, filename: '名单.xlsx' }, XLSX)).json()) as {
      file: { id: string };
    };
    const response = await download(mine.file.id, analyst);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename*=UTF-8''${encodeURIComponent('名单.xlsx')}`,
    );
    expect(response.headers.get('content-security-policy')).toBe('sandbox');
    expect(Buffer.from(await response.arrayBuffer()).equals(XLSX)).toBe(true);
    expect((await download(mine.file.id, refused)).status).toBe(404);
    expect((await download('F0NOPE', analyst)).status).toBe(404);
    expect((await download('../../package.json', analyst)).status).toBe(404);
    expect((await download(mine.file.id, 'U0NOBODY')).status).toBe(404);
  });

  it('lists the app’s uploads on messages with their ids, and serves them to the people in the conversation', async () => {
    const bytes = Buffer.from('\uFEFF主体,结果\r\n', 'utf8');
    await bot.files.uploadV2({
      channel_id: analystDm,
      initial_comment: 'Your export',
      file_uploads: [{ file: bytes, filename: 'export.csv' }],
    });
    const snapshot = (await (
      await fetch(`${base}/workbench/api/state?user=${analyst}`)
    ).json()) as WorkspaceSnapshot;
    const message = snapshot.messages[analystDm]?.find((candidate) => candidate.files !== undefined);
    const [shown] = message?.files ?? [];
    expect(shown).toEqual({ id: expect.stringMatching(/^F/), name: 'export.csv', size: bytes.length });
    const response = await download(String(shown?.id), analyst);
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
    expect((await download(String(shown?.id), refused)).status).toBe(404);
  });

  it('submits a modal’s file_input with Slack’s file objects; only the person’s own uploads', async () => {
    const opened = await bot.views.open({
      trigger_id: local.fake.issueTriggerId({ user: analyst }),
      view: {
        type: 'modal',
        callback_id: TEST_CALLBACK,
        title: { type: 'plain_text', text: 'Batch' },
        submit: { type: 'plain_text', text: 'Check' },
        blocks: [
          {
            type: 'input',
            block_id: 'file',
            label: { type: 'plain_text', text: 'File' },
            element: { type: 'file_input', action_id: 'file', filetypes: ['csv', 'xlsx'], max_files: 1 },
          },
        ],
      },
    });
    const viewId = String(opened.view?.id);
    const submit = (files: string[], user = analyst) =>
      fetch(`${base}/workbench/api/view/submit`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user, viewId, values: { file: { file: { type: 'file_input', files } } } }),
      });
    const theirs = local.fake.uploadUserFile({ user: refused, filename: 'x.csv', bytes: Buffer.from('a') });
    expect((await submit([theirs.id])).status).toBe(400);
    expect((await submit(['F0NOPE'])).status).toBe(400);
    expect(submissions).toHaveLength(0);

    const { file } = (await (await upload({ user: analyst, filename: 'subjects.xlsx' }, XLSX)).json()) as {
      file: { id: string };
    };
    expect(await (await submit([file.id])).json()).toEqual({ ok: true, status: 200 });
    const [body] = submissions;
    expect(body?.view.state.values.file?.file).toEqual({
      type: 'file_input',
      files: [local.fake.slackFile(file.id)],
    });
    const sent = body?.view.state.values.file?.file?.files?.[0];
    expect(sent).toMatchObject({
      id: file.id,
      name: 'subjects.xlsx',
      filetype: 'xlsx',
      size: XLSX.length,
      user: analyst,
    });
    // what the app would do next: fetch it with its bot token
    const bytes = await fetch(String(sent?.url_private_download), {
      headers: { authorization: `Bearer ${local.fake.token}` },
    });
    expect(Buffer.from(await bytes.arrayBuffer()).equals(XLSX)).toBe(true);
    expect(local.fake.viewById(viewId)?.state).toBe('closed');
  });
});
