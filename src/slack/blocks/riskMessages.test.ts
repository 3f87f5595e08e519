import type { ActionsBlock, KnownBlock, SectionBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { RiskPage, RiskRecord } from '../../juhe/types.js';
import { checkMessage as messageLimitViolations } from '../../local/fake-slack/blockLimits.js';
import { PAGINATION_BLOCK_ID, WATCH_ACTIONS_BLOCK_ID } from '../ids.js';
import { decodePageCursor } from '../pageCursor.js';
import { createPresenter } from '../presenter.js';
import { decodeWatchTarget } from '../watchTarget.js';
import { riskHelpMessage } from './riskHelp.js';
import { riskOverviewMessage } from './riskOverview.js';
import { riskPageMessage } from './riskPage.js';
import { riskParentMessage } from './riskParent.js';
import { riskUsageMessage } from './riskUsage.js';
import { riskWorkingMessage } from './riskWorking.js';

const subject = { keyword: '江苏德洲实业有限公司', realname: '张德洲' };
/** 06:45 UTC is 14:45 in Beijing */
const fetchedAt = new Date('2025-06-06T06:45:07Z');
const footer = { requesterId: 'U123ABC', fetchedAt };
/** The one place the sandbox marker is applied; formatters only say their message carries Juhe data. */
const sandbox = createPresenter('en', true);

function record(caseNo: string, published: Date | null, overrides: Partial<RiskRecord> = {}): RiskRecord {
  return {
    caseNo,
    publishedDate: published,
    court: '常熟市人民法院',
    id: `id-${caseNo}`,
    personName: '张德洲',
    relations: [{ type: '1', description: '失信信息', fulfilment: '全部未履行' }],
    ...overrides,
  };
}

/** The vendor doc's first two records, as the second page of 2-record pages. */
const vendorRecords = [
  record('(2018)苏0581执5877号', new Date(2019, 1, 27)),
  record('(2018)苏0581执4604号', new Date(2018, 9, 26)),
];

function page(overrides: Partial<RiskPage> = {}): RiskPage {
  return {
    type: 1,
    pageIndex: 2,
    pageSize: 2,
    totalRecords: 31,
    totalPages: 16,
    records: vendorRecords,
    orderId: 'JH4011908021558278080790',
    billed: true,
    noRecords: false,
    ...overrides,
  };
}

const noRecordsPage = (): RiskPage =>
  page({
    pageIndex: 1,
    totalRecords: 0,
    totalPages: 0,
    records: [],
    noRecords: true,
    billed: false,
    orderId: null,
  });

/** The actions blocks but the Watch button's, which every result carries (asserted on its own). */
function actionsOf(blocks: KnownBlock[]): ActionsBlock[] {
  return blocks.filter(
    (block): block is ActionsBlock => block.type === 'actions' && block.block_id !== WATCH_ACTIONS_BLOCK_ID,
  );
}

function watchValueOf(blocks: KnownBlock[]): unknown {
  const watch = blocks.find((block) => block.block_id === WATCH_ACTIONS_BLOCK_ID) as ActionsBlock | undefined;
  const button = watch?.elements[0] as { action_id?: string; value?: string } | undefined;
  expect(button?.action_id).toBe('risk_watch');
  return decodeWatchTarget(button?.value);
}

function sectionTexts(blocks: KnownBlock[]): string[] {
  return blocks
    .filter((block): block is SectionBlock => block.type === 'section')
    .map((block) => block.text?.text ?? '');
}

describe('riskPageMessage', () => {
  it('renders a 2-record page exactly', () => {
    const message = riskPageMessage({ locale: 'en', subject, page: page(), footer });
    expect(message).toEqual({
      carriesJuheData: true,
      text: '失信 records for 张德洲 (江苏德洲实业有限公司): page 2 of 16, 31 records',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Dishonest debtor (失信)' } },
        {
          type: 'section',
          text: { type: 'mrkdwn', text: '*Person:* 张德洲\n*Company / keyword:* 江苏德洲实业有限公司' },
        },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'Page 2 of 16 · 31 records' }] },
        { type: 'divider' },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '*(2018)苏0581执5877号*\nPublished 2019-02-27 · Court: 常熟市人民法院\nPerson: 张德洲 · Fulfilment: 全部未履行',
          },
        },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '*(2018)苏0581执4604号*\nPublished 2018-10-26 · Court: 常熟市人民法院\nPerson: 张德洲 · Fulfilment: 全部未履行',
          },
        },
        { type: 'divider' },
        {
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              text: 'Source: Juhe · order JH4011908021558278080790 · 2025-06-06 14:45 CST · requested by <@U123ABC>',
            },
          ],
        },
        {
          type: 'actions',
          block_id: 'risk_pagination',
          elements: [
            {
              type: 'button',
              action_id: 'risk_prev_page',
              text: { type: 'plain_text', text: '◀ Previous' },
              value: '{"v":1,"k":"江苏德洲实业有限公司","n":"张德洲","t":1,"p":1,"s":2}',
            },
            {
              type: 'button',
              action_id: 'risk_next_page',
              text: { type: 'plain_text', text: 'Next ▶' },
              value: '{"v":1,"k":"江苏德洲实业有限公司","n":"张德洲","t":1,"p":3,"s":2}',
            },
          ],
        },
        {
          type: 'actions',
          block_id: 'risk_watch_actions',
          elements: [
            {
              type: 'button',
              action_id: 'risk_watch',
              text: { type: 'plain_text', text: 'Watch' },
              value: '{"v":1,"k":"江苏德洲实业有限公司","n":"张德洲","s":1,"c":{"1":31}}',
            },
            {
              type: 'button',
              action_id: 'risk_export',
              text: { type: 'plain_text', text: 'Export' },
              value: '{"v":1,"k":"江苏德洲实业有限公司","n":"张德洲","s":1,"c":{"1":31}}',
            },
          ],
        },
      ],
    });
    expect(messageLimitViolations(message)).toEqual([]);
  });

  it('renders the same page in zh-CN', () => {
    const message = riskPageMessage({ locale: 'zh-CN', subject, page: page(), footer });
    expect(message.text).toBe('张德洲（江苏德洲实业有限公司）的失信记录：第 2 / 16 页，共 31 条记录');
    expect(message.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: '失信被执行人' },
    });
    expect(sectionTexts(message.blocks)).toEqual([
      '*人员*：张德洲\n*关联企业*：江苏德洲实业有限公司',
      '*(2018)苏0581执5877号*\n发布日期 2019-02-27 · 执行法院：常熟市人民法院\n姓名：张德洲 · 履行情况：全部未履行',
      '*(2018)苏0581执4604号*\n发布日期 2018-10-26 · 执行法院：常熟市人民法院\n姓名：张德洲 · 履行情况：全部未履行',
    ]);
    expect(message.blocks).toContainEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: '第 2 / 16 页 · 共 31 条记录' }],
    });
  });

  it.each([
    ['first', 1, 16, ['risk_next_page']],
    ['middle', 8, 16, ['risk_prev_page', 'risk_next_page']],
    ['last', 16, 16, ['risk_prev_page']],
    ['single', 1, 1, []],
  ])('on the %s page shows %j', (_position, pageIndex, totalPages, expected) => {
    const message = riskPageMessage({ locale: 'en', subject, page: page({ pageIndex, totalPages }), footer });
    const actions = actionsOf(message.blocks);
    if (expected.length === 0) {
      expect(actions).toEqual([]);
      return;
    }
    expect(actions).toHaveLength(1);
    expect(actions[0]?.block_id).toBe(PAGINATION_BLOCK_ID);
    const buttons = actions[0]?.elements ?? [];
    expect(buttons.map((button) => button.action_id)).toEqual(expected);
    const targets = buttons.map((button) => decodePageCursor('value' in button ? button.value : undefined));
    const expectedTargets = expected.map((id) => (id === 'risk_prev_page' ? pageIndex - 1 : pageIndex + 1));
    expect(targets.map((cursor) => cursor?.pageIndex)).toEqual(expectedTargets);
    expect(targets[0]).toMatchObject({
      keyword: subject.keyword,
      realname: subject.realname,
      type: 1,
      pageSize: 2,
    });
  });

  it('says "No records in this source" for an empty source, never clean, with no buttons', () => {
    const en = riskPageMessage({ locale: 'en', subject, page: noRecordsPage(), footer });
    expect(en.text).toBe('失信: no records in this source for 张德洲 (江苏德洲实业有限公司)');
    expect(sectionTexts(en.blocks)[1]).toMatch(
      /^\*No records in this source\*\nJuhe returned no 失信 records/,
    );
    expect(actionsOf(en.blocks)).toEqual([]);
    // an empty source is what a watch is for: hearing when a record appears
    expect(watchValueOf(en.blocks)).toEqual({ ...subject, scope: 1, counts: { 1: 0 } });
    const zh = riskPageMessage({ locale: 'zh-CN', subject, page: noRecordsPage(), footer });
    expect(sectionTexts(zh.blocks)[1]).toMatch(/^\*该来源无记录\*\n/);
    for (const message of [en, zh]) {
      expect(JSON.stringify(message)).not.toMatch(/clean|no risk|无风险/i);
      expect(messageLimitViolations(message)).toEqual([]);
    }
    // Juhe sent no order id for a 240102: the footer leaves it out
    expect(en.blocks.at(-2)).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: 'Source: Juhe · 2025-06-06 14:45 CST · requested by <@U123ABC>' }],
    });
  });

  it('marks sandbox data and cached results', () => {
    const message = sandbox.message(
      riskPageMessage({ locale: 'en', subject, page: page(), footer: { ...footer, fromCache: true } }),
    );
    expect(message.blocks[1]).toEqual({
      type: 'context',
      block_id: 'sandbox_marker',
      elements: [{ type: 'mrkdwn', text: ':test_tube: Sandbox data — not real Juhe results' }],
    });
    expect(JSON.stringify(message.blocks)).toContain(
      'data as of 2025-06-06 14:45 CST (cached) · requested by',
    );
  });

  it('shows an unknown date, escapes Juhe data and truncates long fields', () => {
    const long = record(`(2020)${'执'.repeat(300)}号`, null, {
      court: `<b>法院 & Co</b>${'院'.repeat(300)}`,
      personName: '<@U999>',
      relations: [],
    });
    const message = riskPageMessage({ locale: 'en', subject, page: page({ records: [long] }), footer });
    const text = sectionTexts(message.blocks)[1] ?? '';
    expect(text).toContain('Publication date unknown');
    expect(text).toContain('Court: &lt;b&gt;法院 &amp; Co&lt;/b&gt;院');
    expect(text).toContain('Person: &lt;@U999&gt;');
    expect(text).not.toContain('Status:');
    expect(text.split('\n')[0]).toHaveLength(122);
    expect(text.split('\n')[0]).toMatch(/^\*\(2020\)执+…\*$/);
    expect(messageLimitViolations(message)).toEqual([]);
  });

  it('puts 50 records in at most 50 blocks, overflow records joined', () => {
    const records = Array.from({ length: 50 }, (_, i) =>
      record(`(2019)苏0581执${i + 1}号`, new Date(2019, 0, 1)),
    );
    const message = sandbox.message(
      riskPageMessage({
        locale: 'en',
        subject,
        page: page({ pageIndex: 2, pageSize: 50, totalRecords: 200, totalPages: 4, records }),
        footer,
      }),
    );
    expect(message.blocks).toHaveLength(50);
    const recordSections = sectionTexts(message.blocks).slice(1);
    // 41 slots for 50 records: 32 alone, then 9 pairs
    expect(recordSections).toHaveLength(41);
    expect(recordSections[31]).toMatch(/^\*\(2019\)苏0581执32号\*\n[^*]*$/);
    expect(recordSections[32]).toMatch(/^\*\(2019\)苏0581执33号\*\n[\s\S]*\n\n\*\(2019\)苏0581执34号\*/);
    const shown = recordSections.join('\n\n').match(/执\d+号/g);
    expect(shown).toHaveLength(50);
    expect(messageLimitViolations(message)).toEqual([]);
  });
});

describe('page summary', () => {
  function summaryOf(message: { blocks: KnownBlock[] }): unknown {
    return message.blocks.find((block) => block.type === 'context' && !block.block_id);
  }

  it('says only how many records there are when they fit on one page, in both languages', () => {
    const single = page({ pageIndex: 1, pageSize: 10, totalRecords: 2, totalPages: 1 });
    expect(summaryOf(riskPageMessage({ locale: 'en', subject, page: single, footer }))).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: '2 records' }],
    });
    expect(summaryOf(riskPageMessage({ locale: 'zh-CN', subject, page: single, footer }))).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: '共 2 条记录' }],
    });
  });

  it('keeps "Page x of y" when there is more than one page', () => {
    const many = page({ pageIndex: 1, pageSize: 10, totalRecords: 31, totalPages: 4 });
    expect(summaryOf(riskPageMessage({ locale: 'en', subject, page: many, footer }))).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: 'Page 1 of 4 · 31 records' }],
    });
  });
});

describe('an overview with no records anywhere', () => {
  const empty = (type: 1 | 2 | 3) => ({ type, page: { ...noRecordsPage(), type } });
  const noneFound = (locale: 'en' | 'zh-CN') =>
    riskOverviewMessage({ locale, subject, entries: [empty(1), empty(2), empty(3)], footer }).blocks.filter(
      (block) => block.type === 'context',
    );

  it('says it is not a clearance, in both languages', () => {
    expect(noneFound('en')[0]).toEqual({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: "Juhe returned no records in any of the three sources for this person and keyword. That is not a clearance: check the spelling of the name and the keyword, or try the company's 统一社会信用代码 or registration number.",
        },
      ],
    });
    expect(noneFound('zh-CN')[0]).toEqual({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: '按此姓名和关键词，聚合数据在三个来源中均未返回记录。这并不代表核查通过：请核对姓名和关键词是否有误，或改用企业的统一社会信用代码或注册号重新查询。',
        },
      ],
    });
  });

  it('says nothing of the kind when a source has records or failed', () => {
    const withRecords = riskOverviewMessage({
      locale: 'en',
      subject,
      entries: [empty(1), { type: 2, page: page({ type: 2, pageIndex: 1 }) }, empty(3)],
      footer,
    });
    const withFailure = riskOverviewMessage({
      locale: 'en',
      subject,
      entries: [empty(1), empty(2), { type: 3, error: { category: 'timeout', code: 'TIMEOUT' } }],
      footer,
    });
    for (const message of [withRecords, withFailure]) {
      expect(JSON.stringify(message.blocks)).not.toContain('not a clearance');
    }
  });
});

describe('riskOverviewMessage', () => {
  const overview = riskOverviewMessage({
    locale: 'en',
    subject,
    entries: [
      { type: 1, page: page({ pageIndex: 1, pageSize: 10, totalPages: 4 }) },
      { type: 2, page: { ...noRecordsPage(), type: 2 } },
      { type: 3, error: { category: 'timeout', code: 'TIMEOUT' } },
    ],
    footer,
  });

  it('shows a count, preview and button per source, and the error of a failed one', () => {
    expect(overview.text).toBe(
      'Risk overview for 张德洲 (江苏德洲实业有限公司): 失信: 31 records · 被执行: No records in this source · 限制消费: check failed',
    );
    expect(overview.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Risk overview' },
    });
    expect(overview.blocks.slice(3, 6)).toEqual([
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text:
            '*Dishonest debtor (失信)*: 31 records\n' +
            '• *(2018)苏0581执5877号* · 2019-02-27 · 常熟市人民法院 · Fulfilment: 全部未履行\n' +
            '• *(2018)苏0581执4604号* · 2018-10-26 · 常熟市人民法院 · Fulfilment: 全部未履行\n' +
            '…and 29 more',
        },
        accessory: {
          type: 'button',
          action_id: 'risk_show_type_1',
          text: { type: 'plain_text', text: 'Show all 31' },
          value: '{"v":1,"k":"江苏德洲实业有限公司","n":"张德洲","t":1,"p":1,"s":10}',
        },
      },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: '*Enforcement target (被执行)*: No records in this source' },
      },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: '*Consumption ban (限制消费)*: :warning: Juhe did not answer in time, try again.',
        },
      },
    ]);
    expect(messageLimitViolations(overview)).toEqual([]);
  });

  it('keeps one entry per type so button action_ids stay unique', () => {
    const message = riskOverviewMessage({
      locale: 'zh-CN',
      subject,
      entries: [
        { type: 1, page: page() },
        { type: 1, page: page() },
      ],
      footer,
      previewCount: 1,
    });
    expect(message.text).toBe('张德洲（江苏德洲实业有限公司）的风险概览：失信：31 条记录');
    expect(sectionTexts(message.blocks)[1]).toBe(
      '*失信被执行人*：31 条记录\n• *(2018)苏0581执5877号* · 2019-02-27 · 常熟市人民法院 · 履行情况：全部未履行\n……另有 30 条',
    );
    expect(messageLimitViolations(message)).toEqual([]);
  });
});

describe('riskParentMessage', () => {
  const parent = sandbox.message(
    riskParentMessage({
      locale: 'en',
      requesterId: 'U123ABC',
      subject,
      scope: 'all',
      counts: [
        { type: 1, count: 31 },
        { type: 2, count: 0 },
        { type: 3, count: null },
      ],
    }),
  );

  it('masks the name everywhere and says where the details are', () => {
    expect(JSON.stringify(parent)).not.toContain('张德洲');
    expect(parent).toEqual({
      text: '<@U123ABC> ran a risk check on 张*洲 (江苏德洲实业有限公司): 失信: 31 records · 被执行: No records in this source · 限制消费: check failed. Details in thread.',
      blocks: [
        {
          type: 'context',
          block_id: 'sandbox_marker',
          elements: [{ type: 'mrkdwn', text: ':test_tube: Sandbox data — not real Juhe results' }],
        },
        {
          type: 'section',
          text: { type: 'mrkdwn', text: ':mag: <@U123ABC> ran a risk check. Details in thread.' },
        },
        {
          type: 'section',
          fields: [
            { type: 'plain_text', text: 'Person: 张*洲' },
            { type: 'plain_text', text: 'Company / keyword: 江苏德洲实业有限公司' },
            { type: 'plain_text', text: 'Sources: all three sources' },
            { type: 'plain_text', text: '失信: 31 records' },
            { type: 'plain_text', text: '被执行: No records in this source' },
            { type: 'plain_text', text: '限制消费: check failed' },
          ],
        },
      ],
    });
    expect(messageLimitViolations(parent)).toEqual([]);
  });

  it('masks in zh-CN and in the working message too', () => {
    const zh = riskParentMessage({
      locale: 'zh-CN',
      requesterId: 'U1',
      subject: { keyword: 'K', realname: '欧阳晓锋' },
      scope: 2,
      counts: [{ type: 2, count: 1 }],
    });
    expect(JSON.stringify(zh)).not.toContain('欧阳晓锋');
    expect(JSON.stringify(zh)).toContain('欧**锋');
    expect(zh.text).toBe('<@U1> 对欧**锋（K）发起了风险核查：被执行：1 条记录。详情见消息列。');
    const working = riskWorkingMessage('en', subject, 1);
    expect(JSON.stringify(working)).not.toContain('张德洲');
    expect(working.blocks).toEqual([
      {
        type: 'section',
        block_id: 'risk_screening',
        text: {
          type: 'plain_text',
          text: ':mag: Screening 张*洲 (江苏德洲实业有限公司) in Dishonest debtor (失信)…',
          emoji: true,
        },
      },
    ]);
  });
});

describe('zh-CN as a native analyst reads it', () => {
  it('labels the parent without saying 来源 twice, names the thread 消息列, and puts no space beside a name', () => {
    const zh = riskParentMessage({
      locale: 'zh-CN',
      requesterId: 'U1',
      subject,
      scope: 'all',
      counts: [
        { type: 1, count: 31 },
        { type: 2, count: 0 },
        { type: 3, count: null },
      ],
    });
    expect(zh.text).toBe(
      '<@U1> 对张*洲（江苏德洲实业有限公司）发起了风险核查：失信：31 条记录 · 被执行：该来源无记录 · 限制消费：查询失败。详情见消息列。',
    );
    expect(zh.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: ':mag: <@U1> 发起了风险核查。详情见消息列。' } },
      {
        type: 'section',
        fields: [
          { type: 'plain_text', text: '人员：张*洲' },
          { type: 'plain_text', text: '关联企业：江苏德洲实业有限公司' },
          { type: 'plain_text', text: '核查范围：全部来源' },
          { type: 'plain_text', text: '失信：31 条记录' },
          { type: 'plain_text', text: '被执行：该来源无记录' },
          { type: 'plain_text', text: '限制消费：查询失败' },
        ],
      },
    ]);
  });

  it('says what is being screened without a doubled type label', () => {
    const texts = (scope: 'all' | 1) =>
      riskWorkingMessage('zh-CN', subject, scope).blocks.map((block) =>
        block.type === 'section' ? block.text?.text : undefined,
      );
    expect(texts('all')).toEqual([':mag: 正在核查张*洲（江苏德洲实业有限公司），范围：全部来源……']);
    expect(texts(1)).toEqual([':mag: 正在核查张*洲（江苏德洲实业有限公司），范围：失信被执行人……']);
  });

  it('writes the footer in 北京时间 once, and a cached page as 数据截至', () => {
    const fresh = riskPageMessage({ locale: 'zh-CN', subject, page: page(), footer });
    const cached = riskPageMessage({
      locale: 'zh-CN',
      subject,
      page: page({ pageIndex: 1, totalPages: 1, totalRecords: 2 }),
      footer: { ...footer, fromCache: true },
    });
    const footerOf = (message: { blocks: KnownBlock[] }) =>
      message.blocks.filter((block) => block.type === 'context').at(-1);
    expect(footerOf(fresh)).toEqual({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: '来源：聚合数据 · 订单号 JH4011908021558278080790 · 2025-06-06 14:45（北京时间） · 查询人 <@U123ABC>',
        },
      ],
    });
    expect(footerOf(cached)).toEqual({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: '来源：聚合数据 · 订单号 JH4011908021558278080790 · 数据截至 2025-06-06 14:45（北京时间，缓存） · 查询人 <@U123ABC>',
        },
      ],
    });
  });

  it('explains an empty source in plain Chinese, in the blocks and the notification text', () => {
    const zh = riskPageMessage({ locale: 'zh-CN', subject, page: { ...noRecordsPage(), type: 2 }, footer });
    expect(zh.text).toBe('张德洲（江苏德洲实业有限公司）的被执行记录：该来源无记录');
    expect(sectionTexts(zh.blocks)[1]).toBe(
      '*该来源无记录*\n按此姓名和关键词，聚合数据未返回被执行记录。这并不代表核查通过：请核对姓名和关键词是否有误，或改用企业的统一社会信用代码或注册号重新查询。',
    );
  });
});

describe('riskHelpMessage and riskUsageMessage', () => {
  it('lists usage, quoting, the example, every type word and the form', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const help = JSON.stringify(riskHelpMessage(locale));
      for (const expected of [
        '/risk &lt;keyword&gt; &lt;realname&gt; [type]',
        '/risk \\"江苏德洲实业有限公司\\" 张德洲 失信',
        '1 失信 dishonest',
        '2 被执行 enforced',
        '3 限制消费 限消 restricted',
        'all 全部',
        '`/risk`',
      ]) {
        expect(help, `${locale}: ${expected}`).toContain(expected);
      }
      expect(messageLimitViolations(riskHelpMessage(locale))).toEqual([]);
    }
  });

  it('says what was wrong, how to fix it, and gives an example', () => {
    const message = riskUsageMessage('en', { code: 'unknown_type', word: '<bad>' });
    expect(message.text).toBe(
      '“&lt;bad&gt;” is not a type. Use one of `1 失信 dishonest`, `2 被执行 enforced`, `3 限制消费 限消 restricted`, `all 全部`, or leave it out to check all three sources.',
    );
    expect(sectionTexts(message.blocks)[0]).toMatch(
      /^:warning: “&lt;bad&gt;” is not a type\.\nUse one of .*\nExample: `\/risk "江苏德洲实业有限公司" 张德洲 失信`$/,
    );
  });

  it('explains an invalid name with the validator message and never echoes a personal id', () => {
    const name = riskUsageMessage('zh-CN', { code: 'realname_invalid', detailCode: 'name_dots' });
    expect(name.text).toContain('人员姓名无效：间隔号（·）只能单个使用');
    const id = riskUsageMessage('en', { code: 'keyword_is_personal_id', word: '11010519491231002X' });
    expect(JSON.stringify(id)).not.toContain('11010519491231002X');
    expect(id.text).toMatch(/^The keyword looks like a 身份证 or mobile number/);
  });
});

describe('riskPageMessage for a page that no longer exists', () => {
  it('says so instead of "page 5 of 4", with Previous leading to the last page', () => {
    const message = riskPageMessage({
      locale: 'en',
      subject,
      page: page({ pageIndex: 5, totalPages: 4, totalRecords: 31, records: [] }),
      footer,
    });
    const text = sectionTexts(message.blocks).join('\n');
    expect(text).toContain('Page 5 no longer exists: this source now has 31 records on 4 page(s).');
    expect(text).not.toContain('No records in this source');
    expect(JSON.stringify(message.blocks)).not.toContain('Page 5 of 4');
    expect(message.text).toContain('Page 5 no longer exists');
    const buttons = actionsOf(message.blocks).flatMap((block) => block.elements);
    expect(buttons).toHaveLength(1);
    const previous = buttons[0] as { action_id: string; value: string };
    expect(previous.action_id).toBe('risk_prev_page');
    expect(decodePageCursor(previous.value)?.pageIndex).toBe(4);
  });
});

describe('record fields under their own names, newest first', () => {
  const enforced = [
    record('(2019)苏0581执1号', new Date(2019, 4, 13), {
      relations: [{ type: '2', description: '被执行人信息', fulfilment: '执行标的：125000元' }],
    }),
    record('(2020)苏0581执2号', new Date(2020, 5, 18), {
      relations: [
        {
          type: '2',
          description: '被执行人信息',
          fulfilment: '执行标的：950418538元（含迟延履行期间的债务利息）',
        },
      ],
    }),
    record('(2021)苏0581执3号', null, {
      relations: [{ type: '9', description: '终本案件', fulfilment: '未结' }],
    }),
  ];
  const enforcedPage = page({ type: 2, pageIndex: 1, totalPages: 1, totalRecords: 3, records: enforced });
  const contexts = (blocks: KnownBlock[]) =>
    blocks.flatMap((block) =>
      block.type === 'context'
        ? block.elements.map((element) => ('text' in element ? element.text : ''))
        : [],
    );

  it('shows the amount enforced, the unknown shape as it came, newest first, and says it reordered (en)', () => {
    const message = riskPageMessage({ locale: 'en', subject, page: enforcedPage, footer });
    expect(sectionTexts(message.blocks).slice(1)).toEqual([
      '*(2020)苏0581执2号*\nPublished 2020-06-18 · Court: 常熟市人民法院\nPerson: 张德洲 · Amount enforced: ¥950,418,538（含迟延履行期间的债务利息）',
      '*(2019)苏0581执1号*\nPublished 2019-05-13 · Court: 常熟市人民法院\nPerson: 张德洲 · Amount enforced: ¥125,000',
      '*(2021)苏0581执3号*\nPublication date unknown · Court: 常熟市人民法院\nPerson: 张德洲 · Details: 终本案件：未结',
    ]);
    expect(contexts(message.blocks)).toContain('Sorted newest first: Juhe sent this page in another order.');
  });

  it('reads in 万 / 亿 in zh-CN, with the same order note', () => {
    const message = riskPageMessage({ locale: 'zh-CN', subject, page: enforcedPage, footer });
    expect(sectionTexts(message.blocks).slice(1, 3)).toEqual([
      '*(2020)苏0581执2号*\n发布日期 2020-06-18 · 执行法院：常熟市人民法院\n姓名：张德洲 · 执行标的：9.50 亿元（含迟延履行期间的债务利息）',
      '*(2019)苏0581执1号*\n发布日期 2019-05-13 · 执行法院：常熟市人民法院\n姓名：张德洲 · 执行标的：12.50 万元',
    ]);
    expect(contexts(message.blocks)).toContain('本页已按发布日期从新到旧排列（聚合数据返回的顺序不同）。');
  });

  it('says nothing about order when Juhe already sent the page newest first', () => {
    const message = riskPageMessage({ locale: 'en', subject, page: page(), footer });
    expect(contexts(message.blocks).some((text) => text.startsWith('Sorted newest first'))).toBe(false);
  });

  it('shows a 限制消费 record’s order under its own label', () => {
    const restricted = page({
      type: 3,
      records: [
        record('(2020)苏0581执5号', new Date(2020, 1, 1), {
          relations: [{ type: '3', description: '限制高消费', fulfilment: '限制消费令' }],
        }),
      ],
    });
    expect(
      sectionTexts(riskPageMessage({ locale: 'en', subject, page: restricted, footer }).blocks)[1],
    ).toMatch(/Order: 限制消费令$/);
    expect(
      sectionTexts(riskPageMessage({ locale: 'zh-CN', subject, page: restricted, footer }).blocks)[1],
    ).toMatch(/措施：限制消费令$/);
  });
});
