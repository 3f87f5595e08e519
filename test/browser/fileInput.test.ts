import { readFileSync } from 'node:fs';
import { type ReceiverEvent, type ViewSubmitAction, webApi } from '@slack/bolt';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { SEED_IDS } from '../../src/local/fake-slack/index.js';
import { type LocalMode, startLocalMode } from '../../src/local/localMode.js';
import { createLogger } from '../../src/logging/logger.js';
import { launchChromium } from './support/chromium.js';
import { screenshot } from './support/screenshots.js';
import { openChannel, VISIBLE } from './support/workbenchSteps.js';

/**
 * A modal's file_input in the workbench: no product modal has one yet, so the test opens one through the
 * fake's views.open (as the app would), picks a fixture file the way a person does, submits, and reads
 * the view_submission the app received. Then the app's own upload shows on a message with a download link.
 */
const FIXTURE = new URL('../fixtures/batch/subjects.xlsx', import.meta.url);
const CALLBACK = 'workbench_file_input_test';

describe('a file_input in the workbench', () => {
  let local: LocalMode;
  let browser: Browser;
  let page: Page;
  let bot: InstanceType<typeof webApi.WebClient>;
  const submissions: ViewSubmitAction[] = [];
  const pageProblems: string[] = [];

  beforeAll(async () => {
    const loaded = loadConfig({});
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    local = await startLocalMode(loaded.config, createLogger({ level: 'silent' }), { port: 0 });
    // what the app receives (it acks a callback_id it does not know, and the modal closes)
    const app = local.app.slackApp.app;
    const processEvent = app.processEvent.bind(app);
    app.processEvent = (event: ReceiverEvent) => {
      const body = event.body as { type?: unknown };
      if (body.type === 'view_submission') submissions.push(body as unknown as ViewSubmitAction);
      return processEvent(event);
    };
    bot = new webApi.WebClient(local.fake.token, {
      slackApiUrl: local.fake.apiUrl,
      retryConfig: { retries: 0 },
      logLevel: webApi.LogLevel.ERROR,
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    page.on('pageerror', (error) => pageProblems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageProblems.push(message.text());
    });
    await page.goto(local.url);
  });

  afterAll(async () => {
    await browser?.close();
    await local?.stop();
  });

  it('picks a spreadsheet, uploads it as the person’s and submits it as Slack’s file object', async () => {
    await openChannel(page, SEED_IDS.generalChannel);
    await bot.views.open({
      trigger_id: local.fake.issueTriggerId({ user: SEED_IDS.analyst }),
      view: {
        type: 'modal',
        callback_id: CALLBACK,
        title: { type: 'plain_text', text: 'Batch screening' },
        submit: { type: 'plain_text', text: 'Check' },
        blocks: [
          {
            type: 'input',
            block_id: 'file',
            label: { type: 'plain_text', text: 'Spreadsheet' },
            element: { type: 'file_input', action_id: 'file', filetypes: ['csv', 'xlsx'], max_files: 1 },
          },
        ],
      },
    });
    const modal = page.locator('#modal');
    const picker = modal.locator('[data-file-picker]');
    await modal.getByText('Upload from your computer').waitFor(VISIBLE);
    expect(await picker.getAttribute('accept')).toBe('.csv,.xlsx');
    expect(await picker.getAttribute('multiple')).toBeNull();

    await picker.setInputFiles(FIXTURE.pathname);
    const listed = modal.locator('.bk-file', { hasText: 'subjects.xlsx' });
    await listed.waitFor(VISIBLE);
    await screenshot(page, 'file-input-01-picked');
    const [uploaded] = [...local.fake.store.files.values()].filter((file) => file.user === SEED_IDS.analyst);
    expect(uploaded?.bytes?.equals(readFileSync(FIXTURE))).toBe(true);

    await modal.locator('#modal-submit').click();
    await page.locator('#modal-backdrop').waitFor({ state: 'hidden', timeout: 10_000 });
    expect(submissions).toHaveLength(1);
    const value = submissions[0]?.view.state.values.file?.file;
    expect(value).toEqual({ type: 'file_input', files: [local.fake.slackFile(String(uploaded?.id))] });
    expect(value?.files?.[0]).toMatchObject({
      name: 'subjects.xlsx',
      filetype: 'xlsx',
      user: SEED_IDS.analyst,
    });
  });

  it('shows the app’s upload on its message with a download link that serves the file', async () => {
    const bytes = readFileSync(FIXTURE);
    await bot.files.uploadV2({
      channel_id: SEED_IDS.generalChannel,
      initial_comment: 'Batch results',
      file_uploads: [{ file: bytes, filename: 'results.xlsx' }],
    });
    const link = page.locator('#messages .wb-file', { hasText: 'results.xlsx' }).getByRole('link', {
      name: 'Download',
    });
    await link.waitFor(VISIBLE);
    await screenshot(page, 'file-input-02-download-link');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('results.xlsx');
    const path = await download.path();
    expect(readFileSync(path).equals(bytes)).toBe(true);
    expect(pageProblems).toEqual([]);
  });
});
