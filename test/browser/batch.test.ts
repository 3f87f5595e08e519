import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { SEED_IDS } from '../../src/local/fake-slack/index.js';
import { type LocalMode, startLocalMode } from '../../src/local/localMode.js';
import { createLogger } from '../../src/logging/logger.js';
import { launchChromium } from './support/chromium.js';
import { screenshot } from './support/screenshots.js';
import { openChannel, typeInComposer, VISIBLE } from './support/workbenchSteps.js';

/**
 * A small batch as an analyst runs it in the workbench: `/risk batch`, a CSV picked in the modal's
 * file_input, the purpose, the preview in the DM with the app, Start, the progress in place, the summary
 * with the XLSX in its thread. Rows answer slowly (the sandbox's `FAULT:slow-…`) so the progress shows.
 */
const ROWS = 8;
const PURPOSE = 'Onboarding: counterparties of the 2026 tender';
const NAMES = ['测甲', '测乙', '测丙', '测丁', '测戊', '测己', '测庚', '测辛'];

describe('a batch in the workbench', () => {
  let local: LocalMode;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  let file: string;

  beforeAll(async () => {
    const loaded = loadConfig({});
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    local = await startLocalMode(loaded.config, createLogger({ level: 'silent' }), { port: 0 });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(local.url);
    file = join(mkdtempSync(join(tmpdir(), 'batch-')), 'counterparties.csv');
    const rows = NAMES.slice(0, ROWS).map((name) => `FAULT:slow-1200,${name},失信`);
    writeFileSync(file, ['keyword,realname,type', ...rows, ',张德洲,'].join('\n'));
  });

  afterAll(async () => {
    await browser?.close();
    await local?.stop();
  });

  const modal = () => page.locator('#modal');
  const inDm = (text: string) => page.locator('#messages .wb-message', { hasText: text });

  it('/risk batch, a CSV picked and a purpose: the preview in the DM, nothing billed yet', async () => {
    await openChannel(page, SEED_IDS.generalChannel);
    await typeInComposer(page, '/risk batch');
    await modal().getByText('Upload a CSV or XLSX').waitFor(VISIBLE);
    await modal().locator('[data-file-picker]').setInputFiles(file);
    await modal().locator('.bk-file', { hasText: 'counterparties.csv' }).waitFor(VISIBLE);
    await modal().locator('[data-block-id="purpose"] [data-element]').fill(PURPOSE);
    await screenshot(page, 'batch-01-modal');
    await modal().locator('#modal-submit').click();
    await modal().getByText('The preview is in your DM').waitFor(VISIBLE);
    // × closes the whole stack, as in Slack
    await modal().locator('[data-close-view="stack"]').click();
    await page.locator('#modal-backdrop').waitFor({ state: 'hidden', timeout: 10_000 });
    await openChannel(page, SEED_IDS.analystDm);
    const preview = inDm('Batch screening: counterparties.csv');
    await preview.waitFor(VISIBLE);
    const text = (await preview.textContent()) ?? '';
    expect(text).toContain(`${ROWS} rows to screen`);
    expect(text).toContain('Row 10:');
    expect(text).toContain(`Cost: ${ROWS} Juhe calls`);
    await screenshot(page, 'batch-02-preview');
  });

  it('Start: the progress in place, then the summary and the XLSX in its thread', async () => {
    await inDm('Batch screening: counterparties.csv').locator('[data-action-id="batch_start"]').click();
    // the preview, now the progress: a bar and `n / 8` in the same message
    const progress = page.locator('#messages .wb-message', { hasText: new RegExp(`\\d / ${ROWS}`) });
    await progress.waitFor(VISIBLE);
    expect((await progress.textContent()) ?? '').toContain('Screening: counterparties.csv');
    await screenshot(page, 'batch-03-progress');
    const summary = inDm('Batch done: counterparties.csv');
    await summary.waitFor({ state: 'visible', timeout: 30_000 });
    const text = (await summary.textContent()) ?? '';
    expect(text).toContain(`${ROWS} of ${ROWS} rows screened`);
    expect(text).toContain('Not a clearance');
    await summary.locator('.wb-replies').click();
    await page.locator('#thread-messages .wb-file', { hasText: '.xlsx' }).waitFor(VISIBLE);
    await screenshot(page, 'batch-04-summary');
    expect(problems).toEqual([]);
  });
});
