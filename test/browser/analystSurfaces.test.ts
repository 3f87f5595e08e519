import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import type { Locale } from '../../src/i18n/catalog.js';
import { type LocalMode, startLocalMode } from '../../src/local/localMode.js';
import { createLogger } from '../../src/logging/logger.js';
import { launchChromium } from './support/chromium.js';
import { screenshot } from './support/screenshots.js';
import { openChannel as openChannelIn, typeInComposer, VISIBLE } from './support/workbenchSteps.js';

/**
 * The surfaces an analyst reads, in each locale, as the workbench shows them: an overview and the list
 * it opens beside itself, an enforced list with its amounts, an error with Try again, a finance result,
 * and the shortcut prefilled from an ordinary message. Each step leaves a screenshot in
 * artifacts/screenshots/ named by locale. Selectors go by Slack ids (action_id, block_id, callback_id),
 * not by wording, so both locales run the same steps.
 */
const HIDDEN = { state: 'hidden', timeout: 10_000 } as const;

describe.each<[Locale, { enforced: RegExp; amount: RegExp }]>([
  ['en', { enforced: /Enforcement target/, amount: /¥[\d,]+/ }],
  ['zh-CN', { enforced: /被执行人/, amount: /[\d.,]+ ?(万|亿)?元/ }],
])('analyst surfaces in %s', (locale, expected) => {
  let local: LocalMode;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const shot = (name: string) => screenshot(page, `${locale}/${name}`);

  beforeAll(async () => {
    const loaded = loadConfig({ LOCALE: locale });
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    local = await startLocalMode(loaded.config, createLogger({ level: 'silent' }), { port: 0 });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(local.url);
  });

  afterAll(async () => {
    await browser?.close();
    await local?.stop();
  });

  const messages = () => page.locator('#messages .wb-message');
  const modal = () => page.locator('#modal');

  const openChannel = (id: string) => openChannelIn(page, id);
  const type = (line: string) => typeInComposer(page, line);

  it('an overview opens a source as its own message and stays, with every source one click away', async () => {
    await openChannel('C0GENERAL');
    const before = await messages().count();
    await type('/risk 江苏德洲实业 张德洲');
    const overview = messages().nth(before);
    await overview.locator('[data-action-id="risk_show_type_2"]').waitFor(VISIBLE);
    await shot('11-overview');
    await overview.locator('[data-action-id="risk_show_type_2"]').click();
    const list = messages().nth(before + 1);
    await list.waitFor(VISIBLE);
    await list.getByText(expected.enforced).first().waitFor(VISIBLE);
    // the overview is still there, with all three buttons
    expect(await overview.locator('[data-action-id^="risk_show_type_"]').count()).toBe(3);
    expect(await list.textContent()).toMatch(expected.amount);
    await shot('12-overview-then-enforced-list');
    await overview.locator('[data-action-id="risk_show_type_1"]').click();
    await messages()
      .nth(before + 2)
      .waitFor(VISIBLE);
    await shot('13-overview-second-source');
  });

  it('an error names its query and offers Try again', async () => {
    const before = await messages().count();
    await type('/risk FAULT:reset 张德洲 1');
    const error = messages().nth(before);
    await error.locator('[data-action-id="risk_retry"]').waitFor(VISIBLE);
    expect(await error.textContent()).toContain('张*洲');
    expect(await error.textContent()).toContain('FAULT:reset');
    await shot('14-error-try-again');
  });

  it('a finance result says what each score measures', async () => {
    await type('/finance');
    await modal().locator('[data-block-id="idcard"] [data-element]').waitFor(VISIBLE);
    await modal().locator('[data-block-id="realname"] [data-element]').fill('张三');
    await modal().locator('[data-block-id="idcard"] [data-element]').fill('11010519491231002X');
    await modal().locator('[data-block-id="mobile"] [data-element]').fill('13812345678');
    await modal()
      .locator('[data-block-id="purpose"] [data-element]')
      .fill(locale === 'en' ? 'Credit limit review for a new supplier' : '新供应商授信额度审查');
    await modal().locator('[data-block-id="consent"] input[type="checkbox"]').check();
    await modal().locator('#modal-submit').click();
    await modal().getByText('预测金融能力').first().waitFor(VISIBLE);
    expect(await modal().textContent()).toContain('110105********002X');
    await shot('15-finance-result');
    await modal().locator('[data-close-view]').first().click();
    await page.locator('#modal-backdrop').waitFor(HIDDEN);
  });

  it('the message shortcut prefills the company and the person from an ordinary message', async () => {
    const line =
      locale === 'en'
        ? 'Please check 北京朝阳科技有限公司 李娜 before we sign'
        : '签约前请核查一下北京朝阳科技有限公司 李娜';
    await type(line);
    const asked = messages().filter({ hasText: '北京朝阳科技有限公司' }).last();
    await asked.hover();
    await asked.locator('.wb-more').click();
    await page.locator('[data-shortcut="risk_check_message"]').click();
    const keyword = modal().locator('[data-block-id="keyword"] [data-element]');
    await keyword.waitFor(VISIBLE);
    expect(await keyword.inputValue()).toBe('北京朝阳科技有限公司');
    expect(await modal().locator('[data-block-id="realname"] [data-element]').inputValue()).toBe('李娜');
    await shot('16-shortcut-prefilled');
    await modal().locator('[data-close-view]').first().click();
    await page.locator('#modal-backdrop').waitFor(HIDDEN);
  });

  it('ran without script errors', () => {
    expect(problems).toEqual([]);
  });
});
