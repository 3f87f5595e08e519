import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { type LocalMode, startLocalMode } from '../../src/local/localMode.js';
import { createLogger } from '../../src/logging/logger.js';
import { launchChromium } from './support/chromium.js';
import { screenshot } from './support/screenshots.js';
import { openChannel as openChannelIn, typeInComposer, VISIBLE } from './support/workbenchSteps.js';

/**
 * Local mode from a clean start, used the way a person would use it: type commands, click buttons,
 * fill modals. Every wait is on something visible; screenshots of each step land in
 * artifacts/screenshots/; with UPDATE_README_SCREENSHOT=1 the /risk result also becomes docs/workbench.png.
 */
const README_SCREENSHOT = join(process.cwd(), 'docs', 'workbench.png');
const GONE = { state: 'detached', timeout: 10_000 } as const;

describe('local mode in a browser', () => {
  let local: LocalMode;
  let browser: Browser;
  let page: Page;
  /** script errors and console errors (CSP violations land there) */
  const pageProblems: string[] = [];

  beforeAll(async () => {
    // An empty environment: no Slack token (local mode), no Juhe keys (sandbox), nothing carried over.
    const loaded = loadConfig({});
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    local = await startLocalMode(loaded.config, createLogger({ level: 'silent' }), { port: 0 });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (error) => pageProblems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageProblems.push(message.text());
    });
    page.on('request', (request) => {
      if (!request.url().startsWith(local.url))
        pageProblems.push(`request off this server: ${request.url()}`);
    });
    await page.goto(local.url);
  });

  afterAll(async () => {
    await browser?.close();
    await local?.stop();
  });

  const messages = () => page.locator('#messages');
  const lastMessage = () => page.locator('#messages .wb-message').last();
  const modal = () => page.locator('#modal');

  const openChannel = (id: string) => openChannelIn(page, id);
  const type = (line: string) => typeInComposer(page, line);

  async function fill(blockId: string, value: string): Promise<void> {
    await modal().locator(`[data-block-id="${blockId}"] [data-element]`).fill(value);
  }

  async function textOf(locator: Locator): Promise<string> {
    return ((await locator.textContent()) ?? '').replace(/\s+/g, ' ');
  }

  it('shows /risk results privately in an ordinary channel and pages through them', async () => {
    await openChannel('C0GENERAL');
    await type('/risk 江苏 张德洲 1');
    const result = messages().locator('.wb-message', { hasText: 'Page 1 of 4' });
    await result.waitFor(VISIBLE);
    expect(await textOf(result)).toContain('Only visible to you');
    expect(await textOf(result)).toContain('(2018)苏0581执5877号');
    expect(await textOf(result)).toContain('Sandbox data');

    // The README's picture: the result from its header down, as someone would first see it.
    await result.evaluate((element) => element.scrollIntoView({ block: 'start' }));
    const resultShot = await screenshot(page, '01-risk-result');
    // Refreshing the committed picture is a deliberate act, so ordinary runs leave the work tree clean.
    if (process.env.UPDATE_README_SCREENSHOT === '1') {
      mkdirSync(join(process.cwd(), 'docs'), { recursive: true });
      copyFileSync(resultShot, README_SCREENSHOT);
    }

    await result.getByRole('button', { name: 'Next ▶' }).click();
    await messages().getByText('Page 2 of 4').waitFor(VISIBLE);
    await messages().getByText('Page 1 of 4').waitFor(GONE);
    await screenshot(page, '02-risk-page-2');

    await lastMessage().getByRole('button', { name: '◀ Previous' }).click();
    await messages().getByText('Page 1 of 4').waitFor(VISIBLE);
    await messages().getByText('Page 2 of 4').waitFor(GONE);
    await screenshot(page, '03-risk-back-to-page-1');
  });

  it('posts a visible summary in the compliance channel with the details in its thread', async () => {
    await openChannel('C0COMPLIANCE');
    await type('/risk 江苏 张德洲');
    const parent = messages().locator('.wb-message', { has: page.locator('.wb-replies') });
    await parent.waitFor(VISIBLE);
    expect(await parent.getAttribute('data-ephemeral')).toBeNull();
    await parent.locator('.wb-replies').click();
    const thread = page.locator('#thread-messages');
    await thread.locator('.wb-message').nth(1).waitFor(VISIBLE);
    const details = await textOf(thread.locator('.wb-message').nth(1));
    expect(details).toContain('31');
    expect(details).toContain('Sandbox data');
    await screenshot(page, '04-compliance-thread');
    await page.locator('#thread-close').click();
  });

  it('answers the "Risk check" message shortcut in the message thread', async () => {
    await type('江苏 张德洲 限消');
    const asked = messages().locator('.wb-message', { hasText: '江苏 张德洲 限消' });
    await asked.hover();
    await asked.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: /Risk check/ }).click();
    await modal().locator('[data-block-id="keyword"] [data-element]').waitFor(VISIBLE);
    expect(await modal().locator('[data-block-id="realname"] [data-element]').inputValue()).toBe('张德洲');
    await screenshot(page, '05-shortcut-modal');
    await modal().locator('#modal-submit').click();
    await page.locator('#modal-backdrop').waitFor({ state: 'hidden', timeout: 10_000 });
    await asked.locator('.wb-replies').waitFor(VISIBLE);
    await asked.locator('.wb-replies').click();
    await page.locator('#thread-messages').getByText('Consumption ban').first().waitFor(VISIBLE);
    await screenshot(page, '06-shortcut-thread');
    await page.locator('#thread-close').click();
  });

  it('checks /finance inline and shows the three decoded bands', async () => {
    await openChannel('C0GENERAL');
    await type('/finance');
    await modal().locator('[data-block-id="idcard"] [data-element]').waitFor(VISIBLE);
    await fill('realname', '张三');
    await fill('idcard', '110105194912310021');
    await fill('mobile', '13812345678');
    await fill('purpose', 'Credit limit review for a new supplier contract');
    await modal().locator('[data-block-id="consent"] input[type="checkbox"]').check();
    await modal().locator('#modal-submit').click();
    const idcardError = modal().locator('[data-block-id="idcard"] .bk-error');
    await idcardError.waitFor(VISIBLE);
    expect(await modal().locator('.bk-error').count()).toBe(1);
    await screenshot(page, '07-finance-invalid-idcard');

    await fill('idcard', '11010519491231002X');
    await modal().locator('#modal-submit').click();
    await modal().getByText('预测金融能力').waitFor(VISIBLE);
    const shown = await textOf(modal());
    // 张三 scores range 16, history 17, stability 38 in the sandbox (docs/sandbox.md).
    expect(shown).toContain('up to 1,500 CNY (inclusive) · score 16');
    expect(shown).toContain('up to 6 months (inclusive) · score 17');
    expect(shown).toContain('up to 6 months (inclusive) · score 38');
    expect(shown).toContain('历史属性指数');
    expect(shown).toContain('近期稳定指数');
    expect(shown).toContain('110105********002X');
    expect(shown).not.toContain('11010519491231002X');
    await screenshot(page, '08-finance-bands');
    await modal().locator('[data-close-view]').first().click();
    await page.locator('#modal-backdrop').waitFor({ state: 'hidden', timeout: 10_000 });
  });

  it('shows Slack’s generic error at the top of a modal whose submission got no usable ack', async () => {
    await type('/finance');
    await modal().locator('[data-block-id="idcard"] [data-element]').waitFor(VISIBLE);
    await fill('realname', '张三');
    const [view] = local.fake.openViews('U0ANALYST');
    if (!view) throw new Error('no modal open');
    // What the workbench does when the ack times out or Slack refuses it (slackClient.test.ts covers when).
    local.fake.showSubmissionFailure(view.id);
    const banner = modal().locator('.wb-modal-failure');
    await banner.waitFor(VISIBLE);
    expect(await banner.getAttribute('role')).toBe('alert');
    expect(await textOf(banner)).toBe('We had some trouble connecting. Try again?');
    // The modal is otherwise as it was, typed text included.
    expect(await modal().locator('[data-block-id="realname"] [data-element]').inputValue()).toBe('张三');
    await screenshot(page, '09-modal-submission-failure');
    await modal().locator('[data-close-view="stack"]').click();
    await page.locator('#modal-backdrop').waitFor({ state: 'hidden', timeout: 10_000 });
  });

  it('× on a pushed modal closes the whole stack; Cancel goes back to the view below', async () => {
    await type('/finance');
    const title = modal().locator('#modal-title');
    await title.getByText('Economic rating').waitFor(VISIBLE);
    const details = { type: 'modal', title: { type: 'plain_text', text: 'Details' }, blocks: [] };
    local.fake.store.pushView('U0ANALYST', details, false);
    await title.getByText('Details').waitFor(VISIBLE);
    await modal().locator('.wb-modal-footer [data-close-view]').click();
    await title.getByText('Economic rating').waitFor(VISIBLE);

    local.fake.store.pushView('U0ANALYST', details, false);
    await title.getByText('Details').waitFor(VISIBLE);
    await modal().getByRole('button', { name: 'Close', exact: true }).click();
    await page.locator('#modal-backdrop').waitFor({ state: 'hidden', timeout: 10_000 });
    expect(local.fake.openViews('U0ANALYST')).toEqual([]);
  });

  it('answers an unknown command with Slackbot’s line only, no workbench toast', async () => {
    const before = pageProblems.length;
    await type('/nope now');
    await messages().getByText('/nope is not a valid command').waitFor(VISIBLE);
    expect(await page.locator('#toast').isHidden()).toBe(true);
    // The API's 400 for it is expected; the browser logs every 4xx.
    expect(pageProblems.splice(before)).toEqual([
      'Failed to load resource: the server responded with a status of 400 (Bad Request)',
    ]);
  });

  it('refuses a user who is not on the allow-list', async () => {
    await page.locator('#user-switcher').selectOption('U0REFUSED');
    await openChannel('C0GENERAL');
    await type('/risk 江苏 张德洲 1');
    const refusal = messages().locator('.wb-message--ephemeral').last();
    await refusal.waitFor(VISIBLE);
    await messages()
      .getByText(/not allowed|not on the list|access/i)
      .first()
      .waitFor(VISIBLE);
    // The analyst's private results are not visible to someone else.
    expect(await messages().getByText('Page 1 of 4').count()).toBe(0);
    await screenshot(page, '10-refused-user');
  });

  it('ran without script errors, CSP violations or requests to anywhere else', () => {
    expect(pageProblems).toEqual([]);
  });
});
