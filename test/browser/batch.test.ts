import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCH_SHEET_ROWS_BEFORE_TABLE } from '../../src/batch/batchReport.js';
import { loadConfig } from '../../src/config/config.js';
import { maskName } from '../../src/domain/masking.js';
import type { Locale } from '../../src/i18n/catalog.js';
import { SEED_IDS } from '../../src/local/fake-slack/index.js';
import { type LocalMode, startLocalMode } from '../../src/local/localMode.js';
import { createLogger } from '../../src/logging/logger.js';
import { launchChromium } from './support/chromium.js';
import { screenshot } from './support/screenshots.js';
import { openChannel, openThread, typeInComposer, VISIBLE } from './support/workbenchSteps.js';

/**
 * A small batch as an analyst runs it in the workbench, in each locale: `/risk batch` in the DM with the
 * app, the risk_batch modal, a CSV picked the way a person picks it (8 rows of the sandbox's subjects, row
 * 8 without a name), the purpose; the preview in the DM (accepted, rejected with the reason, the cost);
 * Start; the progress message while it runs (the sandbox answers each call in LATENCY_MS, so the batch
 * lasts two rounds of 4 rows); the summary in its place and the results XLSX in its thread, downloaded
 * through the workbench's link and read back. Selectors go by Slack ids and the workbench's classes; the
 * words asserted are the app's own in that locale.
 */
const FIXTURE = new URL('../fixtures/batch/sandbox-8.csv', import.meta.url);
const FILE = 'sandbox-8.csv';
/** 7 good rows, 4 at a time, each row's sources asked together: about 2 × LATENCY_MS in all */
const LATENCY_MS = 1_200;
/** the rows the sandbox has records for, as its fixtures have them (张德洲, 李娜, 王建国 失信 only, 赵敏) */
const GOOD_ROWS = [
  ['江苏常熟纺织有限公司第1分公司', '张德洲'],
  ['广州天河物流有限公司第2分公司', '王芳'],
  ['北京朝阳科技有限公司第3分公司', '李娜'],
  ['上海浦东建设有限公司第4分公司', '王建国'],
  ['武汉江汉餐饮管理有限公司第5分公司', '李无名'],
  ['杭州西湖贸易有限公司第6分公司', '赵敏'],
  ['重庆渝中商贸有限公司第7分公司', '周建华'],
] as const;
const BAD_ROW = 8;
const HIDDEN = { state: 'hidden', timeout: 10_000 } as const;
/** the batch itself takes about 2.5 s; the summary follows once the XLSX is uploaded */
const SUMMARY_WAIT = { state: 'visible', timeout: 20_000 } as const;

interface Words {
  purpose: string;
  modalTitle: string;
  previewSent: string;
  previewTitle: string;
  counts: string;
  cost: string;
  purposeLine: string;
  rejectedTitle: string;
  rejectedRow: string;
  onlyYou: string;
  start: string;
  cancel: string;
  progressTitle: string;
  sandbox: string;
  /** the line under the bar once a row is done: hits so far, the time left */
  progressDetail: RegExp;
  summaryTitle: string;
  screened: string;
  bySource: string;
  failed: string;
  rejected: string;
  inThread: string;
  /** the reply's comment, naming the batch by the short id its file name ends with */
  fileComment: (id: string) => string;
  download: string;
  sheetTitle: string;
  statusScreened: string;
  statusRejected: string;
}

describe.each<[Locale, Words]>([
  [
    'en',
    {
      purpose: 'Onboarding: counterparties of the 2026 tender',
      modalTitle: 'Batch screening',
      previewSent:
        'Your file was read. The preview is in your DM with the app: check the rows and the cost, then press Start.',
      previewTitle: `Batch screening: ${FILE}`,
      counts: 'Rows to screen: 7 · rows rejected: 1',
      cost: 'Cost: 19 Juhe calls — one per source in each row’s scope. Juhe bills only the calls that find records: at most 19.',
      purposeLine: 'Purpose: Onboarding: counterparties of the 2026 tender',
      rejectedTitle: 'Rejected rows (not screened, not billed):',
      rejectedRow: `Row ${BAD_ROW}: The person's name is missing.`,
      onlyYou: 'Only you can start or cancel this batch, and only you see its results.',
      start: 'Start',
      cancel: 'Cancel',
      progressTitle: `Screening: ${FILE}`,
      sandbox: 'Sandbox data — not real Juhe results',
      progressDetail: /^[0-7] with records so far · less than a minute left$/,
      summaryTitle: `Batch done: ${FILE}`,
      screened: '7 of 7 rows screened in',
      bySource: 'Subjects with records — 失信: 2 · 被执行: 1 · 限制消费: 2 · in any source: 3',
      failed: 'Rows failed: 0 (the file gives each error).',
      rejected: 'Rows rejected: 1.',
      inThread: 'Every row’s outcome is in the XLSX in this thread.',
      fileComment: (id) => `Results of the batch ${id}`,
      download: 'Download',
      sheetTitle: 'Batch screening results',
      statusScreened: 'screened',
      statusRejected: 'rejected',
    },
  ],
  [
    'zh-CN',
    {
      purpose: '2026 年招标的交易对手入职审查',
      modalTitle: '批量筛查',
      previewSent: '文件已读取。预览在您与本应用的私信中：请核对行数和费用，然后点击“开始”。',
      previewTitle: `批量筛查：${FILE}`,
      counts: '待筛查 7 行 · 已拒绝 1 行',
      cost: '费用：19 次聚合调用——每行范围内每个数据源一次。聚合仅对查到记录的调用计费：最多 19 次。',
      purposeLine: '用途：2026 年招标的交易对手入职审查',
      rejectedTitle: '已拒绝的行（不筛查，不计费）：',
      rejectedRow: `第 ${BAD_ROW} 行：缺少人员姓名。`,
      onlyYou: '只有您可以开始或取消此批次，其结果也仅您可见。',
      start: '开始',
      cancel: '取消',
      progressTitle: `正在筛查：${FILE}`,
      sandbox: '沙盒数据，并非聚合数据的真实结果',
      progressDetail: /^目前 [0-7] 个有记录 · 剩余不到一分钟$/,
      summaryTitle: `批量筛查完成：${FILE}`,
      screened: '7 行中已筛查 7 行，用时',
      bySource: '有记录的对象——失信：2 · 被执行：1 · 限制消费：2 · 任一数据源：3',
      failed: '失败的行：0（文件中列出每个错误）。',
      rejected: '被拒绝的行：1。',
      inThread: '每一行的结果见本消息列中的 XLSX。',
      fileComment: (id) => `批次 ${id} 的结果`,
      download: '下载',
      sheetTitle: '批量筛查结果',
      statusScreened: '已筛查',
      statusRejected: '已拒绝',
    },
  ],
])('a small batch in %s', (locale, words) => {
  let local: LocalMode;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const shot = (name: string) => screenshot(page, `${locale}/${name}`);

  beforeAll(async () => {
    const loaded = loadConfig({ LOCALE: locale });
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    local = await startLocalMode(loaded.config, createLogger({ level: 'silent' }), {
      port: 0,
      sandboxLatencyMs: LATENCY_MS,
      // each row done may update the progress: the default 3 s would skip the whole small batch
      batchProgressIntervalMs: 0,
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    await page.goto(local.url);
  });

  afterAll(async () => {
    await browser?.close();
    await local?.stop();
  });

  const modal = () => page.locator('#modal');
  /** the batch's one message in the DM: preview, then progress, then summary, updated in place */
  const batchMessage = () => page.locator('#messages .wb-message', { hasText: FILE });
  /** the message's lines as drawn, block by block (a section's mrkdwn may hold several) */
  const lines = (message: Locator) =>
    message.locator('.bk-section, .bk-header, .bk-context').evaluateAll((blocks) =>
      blocks.flatMap((block) =>
        (block as HTMLElement).innerText
          .split('\n')
          .map((line) => line.replace(/\s+/g, ' ').trim())
          .filter((line) => line !== ''),
      ),
    );

  it('/risk batch opens the risk_batch modal; a CSV and the purpose are read into a preview in the DM', async () => {
    await openChannel(page, SEED_IDS.analystDm);
    await typeInComposer(page, '/risk batch');
    await modal().locator('#modal-title').getByText(words.modalTitle).waitFor(VISIBLE);
    const picker = modal().locator('[data-block-id="file"] [data-file-picker]');
    expect(await picker.getAttribute('accept')).toBe('.csv,.xlsx');
    await picker.setInputFiles(FIXTURE.pathname);
    await modal().locator('.bk-file', { hasText: FILE }).waitFor(VISIBLE);
    await modal().locator('[data-block-id="purpose"] [data-element]').fill(words.purpose);
    await modal().locator('#modal-submit').click();

    await modal().getByText(words.previewSent).waitFor(VISIBLE);
    await modal().locator('[data-close-view]').first().click();
    await page.locator('#modal-backdrop').waitFor(HIDDEN);

    const preview = batchMessage();
    await preview.locator('[data-action-id="batch_start"]').waitFor(VISIBLE);
    expect(await lines(preview)).toEqual([
      words.previewTitle,
      words.counts,
      words.cost,
      words.purposeLine,
      words.rejectedTitle,
      words.rejectedRow,
      words.onlyYou,
    ]);
    expect(await preview.locator('[data-action-id="batch_start"]').textContent()).toBe(words.start);
    expect(await preview.locator('[data-action-id="batch_cancel"]').textContent()).toBe(words.cancel);
    expect(await batchMessage().count()).toBe(1);
    if (locale === 'en') {
      // "row’s": the apostrophe is a Latin one, not Noto Sans CJK's full-width (workbench.css)
      const apostrophe = await preview.evaluate((element) => {
        const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const at = node.textContent?.indexOf('’') ?? -1;
          if (at < 0) continue;
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + 1);
          const size = Number.parseFloat(getComputedStyle(node.parentElement as Element).fontSize);
          return range.getBoundingClientRect().width / size;
        }
        return undefined;
      });
      expect(apostrophe).toBeLessThan(0.4);
    }
    await shot('24-batch-preview');
  });

  it('Start: the one message shows the progress while the rows are screened', async () => {
    await batchMessage().locator('[data-action-id="batch_start"]').click();
    // a row done and more to do: shown between the first round of 4 rows and the second
    const running = page
      .locator('#messages .wb-message')
      .filter({ has: page.locator('.bk-section', { hasText: /^\s*[█░]{20}\s+[1-6] \/ 7\s*$/ }) });
    await running.waitFor(VISIBLE);
    await shot('25-batch-progress');
    // still running after the screenshot, so the screenshot shows it running
    const shown = await lines(running);
    expect(shown[0]).toBe(words.progressTitle);
    expect(shown[1]).toContain(words.sandbox);
    expect(shown[2]).toMatch(/^[█░]{20} [1-6] \/ 7$/);
    expect(shown[3]).toMatch(words.progressDetail);
    expect(await running.locator('[data-action-id="batch_cancel"]').textContent()).toBe(words.cancel);
    expect(await running.locator('[data-action-id="batch_start"]').count()).toBe(0);
  });

  it('ends with the summary in its place and the XLSX in its thread, with a Download link', async () => {
    const summary = page.locator('#messages .wb-message', { hasText: words.summaryTitle });
    await summary.locator('.wb-replies').waitFor(SUMMARY_WAIT);
    const shown = await lines(summary);
    expect(shown[0]).toBe(words.summaryTitle);
    expect(shown[1]).toContain(words.sandbox);
    expect(shown[2]).toMatch(new RegExp(`^${words.screened} \\d+ (s\\.|秒。)$`));
    expect(shown).toContain(words.bySource);
    expect(shown).toContain(words.failed);
    expect(shown).toContain(words.rejected);
    expect(shown).toContain(words.inThread);
    expect(await summary.locator('[data-action-id]').count()).toBe(0);
    expect(await batchMessage().count()).toBe(1);

    const thread = await openThread(page, summary);
    const file = page.locator('.wb-file', { hasText: /batch-\d{8}-\d{4}-[0-9a-f]{8}\.xlsx/ });
    const reply = thread.locator('.wb-message', { has: file });
    await reply.waitFor(VISIBLE);
    expect(await reply.locator('.wb-file').count()).toBe(1);
    expect(await reply.locator('.wb-file-download').textContent()).toBe(words.download);
    // in the narrow thread pane the size and the link stay on one line each (workbench.css)
    for (const part of ['.wb-file-size', '.wb-file-download']) {
      const lineTops = await reply.locator(part).evaluate((element) => {
        // a flex item is one box however its text wraps: its text's line boxes tell
        const range = document.createRange();
        range.selectNodeContents(element);
        return new Set(Array.from(range.getClientRects()).map((rect) => Math.round(rect.top))).size;
      });
      expect(lineTops, part).toBe(1);
    }
    const name = (await reply.locator('.wb-file-name').textContent()) ?? '';
    const id = /^batch-\d{8}-\d{4}-([0-9a-f]{8})\.xlsx$/.exec(name)?.[1] ?? 'no id';
    expect(await reply.locator('.wb-text').textContent()).toBe(words.fileComment(id));
    await shot('26-batch-summary-and-xlsx');
  });

  it('the XLSX downloads through the workbench link: every row of the file, names masked', async () => {
    const link = page
      .locator('#thread-messages .wb-file', { hasText: '.xlsx' })
      .getByRole('link', { name: words.download });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^batch-\d{8}-\d{4}-[0-9a-f]{8}\.xlsx$/);
    const bytes = readFileSync(await download.path());
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Error('no sheet');
    const rows: unknown[][] = [];
    sheet.eachRow((row) => {
      rows.push((row.values as unknown[]).slice(1));
    });
    expect(rows[0]?.[0]).toBe(words.sheetTitle);
    const body = rows.slice(BATCH_SHEET_ROWS_BEFORE_TABLE + 1);
    // the header row, then one row per data row of the CSV
    expect(rows).toHaveLength(BATCH_SHEET_ROWS_BEFORE_TABLE + 1 + 8);
    expect(body.map((cells) => cells[0])).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    const status = (cells: unknown[]) => cells[cells.length - 1];
    expect(body.filter((cells) => status(cells) === words.statusScreened)).toHaveLength(7);
    expect(body.filter((cells) => cells[0] === BAD_ROW).map(status)).toEqual([words.statusRejected]);
    const good = body.filter((cells) => cells[0] !== BAD_ROW);
    expect(good.map((cells) => [cells[1], cells[2]])).toEqual(
      GOOD_ROWS.map(([keyword, name]) => [keyword, maskName(name)]),
    );
    for (const [, name] of GOOD_ROWS) expect(JSON.stringify(rows)).not.toContain(`"${name}"`);
  });

  it('ran without script errors', () => {
    expect(problems).toEqual([]);
  });
});
