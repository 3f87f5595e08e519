import type { KnownBlock, SectionBlock } from '@slack/types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RiskType } from '../../domain/riskType.js';
import { compareSnapshots, type WatchChanges, type WatchSnapshot } from '../../domain/watchChanges.js';
import { type Locale, t } from '../../i18n/catalog.js';
import type { RiskRecord } from '../../juhe/types.js';
import { checkMessage } from '../../local/fake-slack/blockLimits.js';
import type { ChangesNoticeBody, ExpiryNoticeBody, FailureNoticeBody } from '../../watches/watchMonitor.js';
import { ALERT_ACTIONS_BLOCK_ID } from '../ids.js';
import { createPresenter } from '../presenter.js';
import { decodeRetryQuery } from '../retryQuery.js';
import {
  changesSummaryText,
  changeTexts,
  checkFailedMessage,
  currentResultsQuery,
  expiryWarningMessage,
  fieldChangeText,
  watchAlertMessage,
  watchExpiredMessage,
} from './watchNotices.js';

/*
 * The sandbox fixture 刘卫东 (src/local/sandbox/fixtures/risk.ts), generation 0 → 1. The records' person is
 * given here as its mask: an alert names no one in full (see the report on watchAlertMessage, which prints
 * a record's personName as Juhe sent it).
 */
const NAME = '刘卫东';
const MASK = '刘*东';
const KEYWORD = '深圳南山科技有限公司';
const COURT = '深圳市南山区人民法院';
const CATEGORY = { 1: '失信信息', 2: '被执行人信息', 3: '限制高消费' } as const;
const WATCH_ID = '7b0c5a52-0d7e-4c55-9a3e-2f0d7f6f9a11';
const NOTICE_ID = '3f1e2d4c-5b6a-4978-8695-a4b3c2d1e0f9';
/** 01:00 UTC is the default schedule's 09:00 in Beijing */
const CHECKED_AT = new Date('2026-03-02T01:00:12Z');
const PREVIOUS_AT = new Date('2026-03-01T01:00:09Z');

function record(id: string, type: RiskType, caseNo: string, published: Date, value: string): RiskRecord {
  return {
    caseNo,
    publishedDate: published,
    court: COURT,
    id,
    personName: MASK,
    relations: [{ type: String(type), description: CATEGORY[type], fulfilment: value }],
  };
}

const W1_CASE = '(2023)粤0305执4512号';
const W3_CASE = '(2024)粤0305执1876号';
const W1_0 = record('a419b19e3a7054c95a638dadf1151caf2', 1, W1_CASE, new Date(2023, 8, 14), '全部未履行');
const W1_1 = record('a419b19e3a7054c95a638dadf1151caf2', 1, W1_CASE, new Date(2023, 8, 14), '部分履行');
const W2 = record(
  '121108ef83fc969e899fdeeedd3795772',
  1,
  '(2022)粤0305执7730号',
  new Date(2023, 2, 22),
  '全部未履行',
);
const W3_0 = record(
  '51a8d946da750e15a66e96df6101c5602',
  2,
  W3_CASE,
  new Date(2024, 1, 27),
  '执行标的：125000元',
);
const W3_1 = record(
  '51a8d946da750e15a66e96df6101c5602',
  2,
  W3_CASE,
  new Date(2024, 1, 27),
  '执行标的：98000元',
);
const W4 = record(
  '641655944047e02fed9ba68dd316db522',
  1,
  '(2024)粤0305执3069号',
  new Date(2024, 5, 18),
  '全部未履行',
);

/** A watch on 失信 alone: one new record (W4), one removed (W2, lifted after payment), one changed (W1). */
const ONE_OF_EACH: WatchChanges = compareSnapshots(
  { sources: [{ type: 1, records: [W1_0, W2] }] },
  { sources: [{ type: 1, records: [W4, W1_1] }] },
);

const body = (overrides: Partial<ChangesNoticeBody> = {}): ChangesNoticeBody => ({
  watchId: WATCH_ID,
  keyword: KEYWORD,
  realname: NAME,
  types: [1],
  changes: ONE_OF_EACH,
  checkedAt: CHECKED_AT,
  comparedWith: PREVIOUS_AT,
  truncatedTypes: [],
  ...overrides,
});

const ACKNOWLEDGED = { user: 'U0ANALYST', at: new Date('2026-03-02T02:15:00Z') };

/** Every text a person reads (and the notification fallback): not button values or input values. */
function visibleTexts(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(visibleTexts);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => {
    if (key === 'text' && typeof inner === 'string') return [inner];
    if (key === 'value' || key === 'initial_value' || key === 'private_metadata') return [];
    return visibleTexts(inner);
  });
}

function sectionTexts(blocks: KnownBlock[]): string[] {
  return blocks
    .filter((block): block is SectionBlock => block.type === 'section')
    .map((block) => block.text?.text ?? '');
}

describe('watchAlertMessage', () => {
  it('one new, one removed and one changed record, exactly (en)', () => {
    const message = watchAlertMessage({ locale: 'en', noticeId: NOTICE_ID, body: body() });
    expect(message).toEqual({
      carriesJuheData: true,
      text: 'Watched subject changed: 刘*东 (深圳南山科技有限公司): 1 new · 1 removed · 1 changed',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Watched subject changed' } },
        { type: 'section', text: { type: 'mrkdwn', text: '刘*东 · 深圳南山科技有限公司 · 失信' } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: '1 new · 1 removed · 1 changed' }] },
        { type: 'divider' },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '*New record* · 失信\n*(2024)粤0305执3069号*\nPublished 2024-06-18 · Court: 深圳市南山区人民法院\nPerson: 刘*东 · Fulfilment: 全部未履行',
          },
        },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '*Removed record* · 失信: no longer in Juhe’s answer (e.g. lifted after payment)\n*(2022)粤0305执7730号*\nPublished 2023-03-22 · Court: 深圳市南山区人民法院\nPerson: 刘*东 · Fulfilment: 全部未履行',
          },
        },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '*Changed record* · 失信: (2023)粤0305执4512号\n• Fulfilment: 全部未履行 → 部分履行',
          },
        },
        { type: 'divider' },
        {
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              text: 'Checked 2026-03-02 09:00 CST, compared with the check of 2026-03-01 09:00 CST.',
            },
          ],
        },
        {
          type: 'actions',
          block_id: 'watch_alert_actions',
          elements: [
            {
              type: 'button',
              action_id: 'watch_acknowledge',
              text: { type: 'plain_text', text: 'Acknowledge' },
              value: NOTICE_ID,
              style: 'primary',
            },
            {
              type: 'button',
              action_id: 'watch_open_results',
              text: { type: 'plain_text', text: 'Open current results' },
              value: 'page:{"v":1,"k":"深圳南山科技有限公司","n":"刘卫东","t":1,"p":1,"s":10}',
            },
          ],
        },
      ],
    });
    expect(checkMessage(message)).toEqual([]);
  });

  it('the same alert in zh-CN', () => {
    const message = watchAlertMessage({ locale: 'zh-CN', noticeId: NOTICE_ID, body: body() });
    expect(message).toEqual({
      carriesJuheData: true,
      text: '监控对象有变化：刘*东（深圳南山科技有限公司）：新增 1 · 移除 1 · 变更 1',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: '监控对象有变化' } },
        { type: 'section', text: { type: 'mrkdwn', text: '刘*东 · 深圳南山科技有限公司 · 失信' } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: '新增 1 · 移除 1 · 变更 1' }] },
        { type: 'divider' },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '*新增记录* · 失信\n*(2024)粤0305执3069号*\n发布日期 2024-06-18 · 执行法院：深圳市南山区人民法院\n姓名：刘*东 · 履行情况：全部未履行',
          },
        },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '*移除记录* · 失信：已不在聚合数据的返回中（如还款后撤销）\n*(2022)粤0305执7730号*\n发布日期 2023-03-22 · 执行法院：深圳市南山区人民法院\n姓名：刘*东 · 履行情况：全部未履行',
          },
        },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '*记录有变更* · 失信：(2023)粤0305执4512号\n• 履行情况：全部未履行 → 部分履行',
          },
        },
        { type: 'divider' },
        {
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              text: '核查于北京时间 2026-03-02 09:00，与北京时间 2026-03-01 09:00 的核查比较。',
            },
          ],
        },
        {
          type: 'actions',
          block_id: 'watch_alert_actions',
          elements: [
            {
              type: 'button',
              action_id: 'watch_acknowledge',
              text: { type: 'plain_text', text: '确认已阅' },
              value: NOTICE_ID,
              style: 'primary',
            },
            {
              type: 'button',
              action_id: 'watch_open_results',
              text: { type: 'plain_text', text: '查看当前结果' },
              value: 'page:{"v":1,"k":"深圳南山科技有限公司","n":"刘卫东","t":1,"p":1,"s":10}',
            },
          ],
        },
      ],
    });
    expect(checkMessage(message)).toEqual([]);
  });

  it('acknowledged: the Acknowledge button gone, who and when shown, Open current results kept (en)', () => {
    const message = watchAlertMessage({
      locale: 'en',
      noticeId: NOTICE_ID,
      body: body(),
      acknowledged: ACKNOWLEDGED,
    });
    const unacknowledged = watchAlertMessage({ locale: 'en', noticeId: NOTICE_ID, body: body() });
    // the same alert up to the checked note; then who acknowledged, then the one button
    expect(message.text).toBe(unacknowledged.text);
    expect(message.blocks.slice(0, -2)).toEqual(unacknowledged.blocks.slice(0, -1));
    expect(message.blocks.slice(-2)).toEqual([
      {
        type: 'context',
        elements: [
          { type: 'mrkdwn', text: ':white_check_mark: Acknowledged by <@U0ANALYST> at 2026-03-02 10:15 CST' },
        ],
      },
      {
        type: 'actions',
        block_id: 'watch_alert_actions',
        elements: [
          {
            type: 'button',
            action_id: 'watch_open_results',
            text: { type: 'plain_text', text: 'Open current results' },
            value: 'page:{"v":1,"k":"深圳南山科技有限公司","n":"刘卫东","t":1,"p":1,"s":10}',
          },
        ],
      },
    ]);
    expect(message.blocks).toHaveLength(unacknowledged.blocks.length + 1);
    expect(JSON.stringify(message)).not.toContain('watch_acknowledge');
    expect(checkMessage(message)).toEqual([]);
  });

  it('acknowledged, in zh-CN', () => {
    const message = watchAlertMessage({
      locale: 'zh-CN',
      noticeId: NOTICE_ID,
      body: body(),
      acknowledged: ACKNOWLEDGED,
    });
    expect(message.blocks.slice(-2)).toEqual([
      {
        type: 'context',
        elements: [
          { type: 'mrkdwn', text: ':white_check_mark: 已由 <@U0ANALYST> 于北京时间 2026-03-02 10:15 确认' },
        ],
      },
      {
        type: 'actions',
        block_id: ALERT_ACTIONS_BLOCK_ID,
        elements: [
          {
            type: 'button',
            action_id: 'watch_open_results',
            text: { type: 'plain_text', text: '查看当前结果' },
            value: 'page:{"v":1,"k":"深圳南山科技有限公司","n":"刘卫东","t":1,"p":1,"s":10}',
          },
        ],
      },
    ]);
  });

  it('an acknowledging user id is bounded and escaped, so it cannot become another mention', () => {
    const message = watchAlertMessage({
      locale: 'en',
      noticeId: NOTICE_ID,
      body: body(),
      acknowledged: { user: 'U1><!channel', at: ACKNOWLEDGED.at },
    });
    expect(visibleTexts(message.blocks)).toContain(
      ':white_check_mark: Acknowledged by <@U1&gt;&lt;!channel> at 2026-03-02 10:15 CST',
    );
  });

  it('all three sources, generation 0 → 1: the amount enforced too; Open current results is the overview', () => {
    const before: WatchSnapshot = {
      sources: [
        { type: 1, records: [W1_0, W2] },
        { type: 2, records: [W3_0] },
        { type: 3, records: [] },
      ],
    };
    const after: WatchSnapshot = {
      sources: [
        { type: 1, records: [W4, W1_1] },
        { type: 2, records: [W3_1] },
        { type: 3, records: [] },
      ],
    };
    const changes = compareSnapshots(before, after);
    const message = watchAlertMessage({
      locale: 'en',
      noticeId: NOTICE_ID,
      body: body({ types: [1, 2, 3], changes }),
    });
    expect(message.text).toBe(
      'Watched subject changed: 刘*东 (深圳南山科技有限公司): 1 new · 1 removed · 2 changed',
    );
    expect(sectionTexts(message.blocks)).toEqual([
      '刘*东 · 深圳南山科技有限公司 · all three sources',
      '*New record* · 失信\n*(2024)粤0305执3069号*\nPublished 2024-06-18 · Court: 深圳市南山区人民法院\nPerson: 刘*东 · Fulfilment: 全部未履行',
      '*Removed record* · 失信: no longer in Juhe’s answer (e.g. lifted after payment)\n*(2022)粤0305执7730号*\nPublished 2023-03-22 · Court: 深圳市南山区人民法院\nPerson: 刘*东 · Fulfilment: 全部未履行',
      '*Changed record* · 失信: (2023)粤0305执4512号\n• Fulfilment: 全部未履行 → 部分履行',
      '*Changed record* · 被执行: (2024)粤0305执1876号\n• Amount enforced: ¥125,000 → ¥98,000',
    ]);
    const open = message.blocks.at(-1) as { elements: Array<{ action_id: string; value: string }> };
    expect(open.elements.map((button) => button.action_id)).toEqual([
      'watch_acknowledge',
      'watch_open_results',
    ]);
    expect(open.elements[1]?.value).toBe(
      'all:{"v":1,"k":"深圳南山科技有限公司","n":"刘卫东","t":1,"p":1,"s":1}',
    );
    expect(decodeRetryQuery(open.elements[1]?.value)).toEqual({
      scope: 'all',
      keyword: KEYWORD,
      realname: NAME,
    });

    const zh = watchAlertMessage({
      locale: 'zh-CN',
      noticeId: NOTICE_ID,
      body: body({ types: [1, 2, 3], changes }),
    });
    expect(sectionTexts(zh.blocks).slice(-1)).toEqual([
      '*记录有变更* · 被执行：(2024)粤0305执1876号\n• 执行标的：12.50 万元 → 9.80 万元',
    ]);
  });

  it('a first comparison with no earlier check says –; sources read only in part are named', () => {
    const message = watchAlertMessage({
      locale: 'en',
      noticeId: NOTICE_ID,
      body: body({ types: [1, 2, 3], comparedWith: null, truncatedTypes: [1, 2] }),
    });
    expect(message.blocks).toContainEqual({
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: 'Checked 2026-03-02 09:00 CST, compared with the check of – CST.' },
        { type: 'mrkdwn', text: 'Only the first 50 pages of 失信 are compared.' },
        { type: 'mrkdwn', text: 'Only the first 50 pages of 被执行 are compared.' },
      ],
    });
    const zh = watchAlertMessage({
      locale: 'zh-CN',
      noticeId: NOTICE_ID,
      body: body({ truncatedTypes: [3] }),
    });
    expect(visibleTexts(zh.blocks)).toContain('限制消费只比较前 50 页。');
  });

  it('Juhe text and the keyword are escaped: no mention, no link', () => {
    const loud = { ...W4, caseNo: '<!channel> (2024)粤0305执3069号', court: '<https://evil.example|法院>' };
    const message = watchAlertMessage({
      locale: 'en',
      noticeId: NOTICE_ID,
      body: body({
        keyword: '<!here> & Co',
        changes: { added: [{ type: 1, record: loud }], removed: [], changed: [] },
      }),
    });
    const texts = visibleTexts(message);
    expect(texts.join('\n')).not.toMatch(/<!channel>|<!here>|<https:/);
    expect(texts).toContain('刘*东 · &lt;!here&gt; &amp; Co · 失信');
  });

  it('shows the name masked everywhere a person reads it, in both locales, acknowledged or not', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      for (const acknowledged of [undefined, ACKNOWLEDGED]) {
        const message = watchAlertMessage({
          locale,
          noticeId: NOTICE_ID,
          body: body(),
          ...(acknowledged ? { acknowledged } : {}),
        });
        const texts = visibleTexts(message).join('\n');
        expect(texts).not.toContain(NAME);
        expect(texts).toContain(MASK);
      }
    }
  });

  it('is marked as Juhe data: the sandbox marker goes on, inside the limits', () => {
    const presented = createPresenter('en', true).message(
      watchAlertMessage({ locale: 'en', noticeId: NOTICE_ID, body: body() }),
    );
    expect(presented).not.toHaveProperty('carriesJuheData');
    expect(presented.blocks).toHaveLength(11);
    expect(checkMessage(presented)).toEqual([]);
  });

  describe('any number of changes fits one message and says how many were left out', () => {
    const change = (index: number, kind: 'added' | 'removed' | 'changed', type: RiskType) => {
      const base = record(
        `id-${kind}-${index}`,
        type,
        `(2024)粤0305执${1000 + index}号${'附'.repeat(index % 7 === 0 ? 300 : 0)}`,
        new Date(2024, index % 12, 1 + (index % 28)),
        type === 2 ? `执行标的：${1000 * (index + 1)}元` : '全部未履行',
      );
      return {
        base,
        later: { ...base, relations: [{ type: '1', description: '失信信息', fulfilment: '部分履行' }] },
      };
    };
    const changesOf = (added: number, removed: number, changed: number, types: RiskType[]): WatchChanges => {
      const typeAt = (index: number) => types[index % types.length] as RiskType;
      return {
        added: Array.from({ length: added }, (_v, i) => ({
          type: typeAt(i),
          record: change(i, 'added', typeAt(i)).base,
        })),
        removed: Array.from({ length: removed }, (_v, i) => ({
          type: typeAt(i),
          record: change(i, 'removed', typeAt(i)).base,
        })),
        changed: Array.from({ length: changed }, (_v, i) => {
          const { base, later } = change(i, 'changed', typeAt(i));
          return {
            type: typeAt(i),
            before: base,
            after: later,
            fields: [
              {
                field: 'relation' as const,
                kind: 'fulfilment' as const,
                from: { kind: 'fulfilment' as const, text: '全部未履行' },
                to: { kind: 'fulfilment' as const, text: '部分履行' },
              },
              { field: 'court' as const, from: COURT, to: `${COURT}${'附'.repeat(i % 5 === 0 ? 200 : 0)}` },
            ],
          };
        }),
      };
    };

    /** The change sections: between the head's divider and the tail's. */
    function changeBlocks(blocks: KnownBlock[]): KnownBlock[] {
      const first = blocks.findIndex((block) => block.type === 'divider');
      const last = blocks.findLastIndex((block) => block.type === 'divider');
      return blocks.slice(first + 1, last);
    }

    it('0–200 changes, either locale, acknowledged or not, with the sandbox marker', () => {
      const counts = fc
        .tuple(fc.nat({ max: 200 }), fc.nat({ max: 200 }), fc.nat({ max: 200 }))
        .filter(([a, r, c]) => a + r + c <= 200);
      fc.assert(
        fc.property(
          counts,
          fc.constantFrom<Locale>('en', 'zh-CN'),
          fc.boolean(),
          fc.subarray<RiskType>([1, 2, 3], { minLength: 1 }),
          fc.subarray<RiskType>([1, 2, 3]),
          ([added, removed, changed], locale, acknowledged, types, truncatedTypes) => {
            const changes = changesOf(added, removed, changed, types);
            const message = watchAlertMessage({
              locale,
              noticeId: NOTICE_ID,
              body: body({ types, changes, truncatedTypes }),
              ...(acknowledged ? { acknowledged: ACKNOWLEDGED } : {}),
            });
            const presented = createPresenter(locale, true).message(message);
            expect(checkMessage(presented)).toEqual([]);
            expect(presented.blocks.length).toBeLessThanOrEqual(50);
            expect(message.blocks.length).toBeLessThanOrEqual(49);

            const total = added + removed + changed;
            const middle = changeBlocks(message.blocks);
            const shown = middle.filter((block) => block.type === 'section').length;
            const notes = middle.filter((block) => block.type === 'context');
            if (shown === total) {
              expect(notes).toEqual([]);
            } else {
              expect(shown).toBeLessThan(total);
              expect(notes).toEqual([
                {
                  type: 'context',
                  elements: [{ type: 'mrkdwn', text: t(locale, 'alert.more', { count: total - shown }) }],
                },
              ]);
              // every block the message may use is used before changes are left out
              expect(message.blocks).toHaveLength(49);
            }
            // the summary always counts every change, shown or not
            expect(message.blocks[2]).toEqual({
              type: 'context',
              elements: [{ type: 'mrkdwn', text: changesSummaryText(locale, changes) }],
            });
            // new first, then removed, then changed, in order: what is shown is a prefix
            expect(sectionTexts(middle)).toEqual(changeTexts(locale, changes).slice(0, shown));
          },
        ),
        { numRuns: 150 },
      );
    });

    it('at the edge: 42 changes all shown; 43 shows 41 and says 2 more (41 and 2 when acknowledged)', () => {
      const at = (count: number, acknowledged: boolean) =>
        watchAlertMessage({
          locale: 'en',
          noticeId: NOTICE_ID,
          body: body({ changes: changesOf(count, 0, 0, [1]) }),
          ...(acknowledged ? { acknowledged: ACKNOWLEDGED } : {}),
        });
      expect(sectionTexts(changeBlocks(at(42, false).blocks))).toHaveLength(42);
      const over = changeBlocks(at(43, false).blocks);
      expect(sectionTexts(over)).toHaveLength(41);
      expect(over.at(-1)).toEqual({
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: '…and 2 more changes that do not fit here: open the current results to see every record.',
          },
        ],
      });
      expect(sectionTexts(changeBlocks(at(41, true).blocks))).toHaveLength(41);
      const overAcknowledged = changeBlocks(at(42, true).blocks);
      expect(sectionTexts(overAcknowledged)).toHaveLength(40);
      expect(overAcknowledged.at(-1)).toMatchObject({
        elements: [{ text: expect.stringContaining('…and 2 more') }],
      });
      const most = changeBlocks(at(200, false).blocks);
      expect(most.at(-1)).toMatchObject({ elements: [{ text: expect.stringContaining('…and 159 more') }] });
    });
  });
});

describe('the parts of an alert', () => {
  it('fieldChangeText names each field, old → new, (none) for nothing', () => {
    expect(fieldChangeText('en', { field: 'caseNo', from: 'A', to: 'B' })).toBe('Case number: A → B');
    expect(fieldChangeText('en', { field: 'court', from: COURT, to: null })).toBe(
      'Court: 深圳市南山区人民法院 → (none)',
    );
    expect(fieldChangeText('en', { field: 'published', from: null, to: '2024-06-18' })).toBe(
      'Published: (none) → 2024-06-18',
    );
    expect(fieldChangeText('en', { field: 'person', from: '刘*东', to: '刘*栋' })).toBe(
      'Person: 刘*东 → 刘*栋',
    );
    expect(
      fieldChangeText('en', {
        field: 'relation',
        kind: 'order',
        from: null,
        to: { kind: 'order', text: '限制消费令' },
      }),
    ).toBe('Order: (none) → 限制消费令');
    expect(
      fieldChangeText('en', {
        field: 'relation',
        kind: 'other',
        from: { kind: 'other', text: '终本案件：未结' },
        to: { kind: 'other', text: '终本案件：已结' },
      }),
    ).toBe('Details: 终本案件：未结 → 终本案件：已结');
    expect(
      fieldChangeText('zh-CN', {
        field: 'relation',
        kind: 'amount',
        from: { kind: 'amount', yuan: 125000, remark: '' },
        to: null,
      }),
    ).toBe('执行标的：12.50 万元 → （无）');
  });

  it('fieldChangeText escapes and bounds a text value', () => {
    expect(fieldChangeText('en', { field: 'court', from: '<@U1>', to: '法'.repeat(200) })).toBe(
      `Court: &lt;@U1&gt; → ${'法'.repeat(119)}…`,
    );
  });

  it('a changed record without a case number is named –', () => {
    const [text] = changeTexts('en', {
      added: [],
      removed: [],
      changed: [{ type: 3, before: W1_0, after: { ...W1_1, caseNo: ' ' }, fields: [] }],
    });
    expect(text).toBe('*Changed record* · 限制消费: –');
  });

  it('changesSummaryText counts each kind', () => {
    expect(changesSummaryText('en', ONE_OF_EACH)).toBe('1 new · 1 removed · 1 changed');
    expect(changesSummaryText('zh-CN', { added: [], removed: [], changed: [] })).toBe(
      '新增 0 · 移除 0 · 变更 0',
    );
  });

  it('currentResultsQuery: page 1 of the one watched source, else the overview', () => {
    expect(currentResultsQuery({ keyword: KEYWORD, realname: NAME, types: [2] })).toEqual({
      scope: 'page',
      cursor: { keyword: KEYWORD, realname: NAME, type: 2, pageIndex: 1, pageSize: 10 },
    });
    expect(currentResultsQuery({ keyword: KEYWORD, realname: NAME, types: [1, 3] })).toEqual({
      scope: 'all',
      keyword: KEYWORD,
      realname: NAME,
    });
  });
});

const expiry: ExpiryNoticeBody = {
  watchId: WATCH_ID,
  keyword: KEYWORD,
  realname: NAME,
  types: [1, 2, 3],
  expiresAt: new Date('2026-05-30T01:00:00Z'),
};

describe('expiryWarningMessage', () => {
  it('a week ahead: Renew for the maximum, or Stop watching (en)', () => {
    const text =
      ':hourglass: Your watch on 刘*东 · 深圳南山科技有限公司 · all three sources ends on 2026-05-30. Renew it to keep watching for another 90 days.';
    const message = expiryWarningMessage('en', expiry, 90);
    expect(message).toEqual({
      text,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text } },
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              action_id: 'watch_renew',
              text: { type: 'plain_text', text: 'Renew for 90 days' },
              value: WATCH_ID,
              style: 'primary',
            },
            {
              type: 'button',
              action_id: 'watch_stop',
              text: { type: 'plain_text', text: 'Stop watching' },
              value: WATCH_ID,
              style: 'danger',
            },
          ],
        },
      ],
    });
    expect(checkMessage(message)).toEqual([]);
  });

  it('zh-CN', () => {
    const text =
      ':hourglass: 您对刘*东 · 深圳南山科技有限公司 · 全部来源的监控将于 2026-05-30 结束。续期可再监控 90 天。';
    const message = expiryWarningMessage('zh-CN', expiry, 90);
    expect(message.text).toBe(text);
    expect(message.blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text } });
    expect(visibleTexts(message.blocks[1])).toEqual(['续期 90 天', '停止监控']);
  });

  it('the end date is the China date: 20:00 UTC on the 29th is already the 30th in Beijing', () => {
    const message = expiryWarningMessage(
      'en',
      { ...expiry, expiresAt: new Date('2026-05-29T20:00:00Z') },
      90,
    );
    expect(message.text).toContain('ends on 2026-05-30.');
  });

  it('carries no Juhe data, so it is never marked as sandbox data', () => {
    expect(expiryWarningMessage('en', expiry, 90)).not.toHaveProperty('carriesJuheData');
  });
});

describe('watchExpiredMessage', () => {
  it('says when it ended and how long watches last; no buttons', () => {
    const text =
      'Your watch on 刘*东 · 深圳南山科技有限公司 · all three sources ended on 2026-05-30, 90 days after it was started or last renewed. Start a new watch to keep watching.';
    expect(watchExpiredMessage('en', expiry, 90)).toEqual({
      text,
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
    });
    const zh =
      '您对刘*东 · 深圳南山科技有限公司 · 全部来源的监控已于 2026-05-30 结束（自开始或上次续期起 90 天）。如需继续，请重新开始监控。';
    expect(watchExpiredMessage('zh-CN', expiry, 90)).toEqual({
      text: zh,
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: zh } }],
    });
    expect(checkMessage(watchExpiredMessage('en', expiry, 90))).toEqual([]);
  });
});

describe('checkFailedMessage', () => {
  const failure: FailureNoticeBody = {
    watchId: WATCH_ID,
    keyword: KEYWORD,
    realname: NAME,
    types: [1, 2, 3],
    category: 'quota',
    code: '10012',
    nextCheckAt: new Date('2026-03-03T01:00:00Z'),
  };

  it('the failure in words, the next check, told once; Stop watching; marked as Juhe data (en)', () => {
    const text =
      'The scheduled check of 刘*东 · 深圳南山科技有限公司 · all three sources failed. The Juhe query limit has been reached. Try again later, or ask a Slack admin to check the Juhe plan.\nThe watch stays on; the next check is at 2026-03-03 09:00 CST. You will not be told of this failure again unless it changes.';
    const message = checkFailedMessage('en', failure);
    expect(message).toEqual({
      carriesJuheData: true,
      text,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text } },
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              action_id: 'watch_stop',
              text: { type: 'plain_text', text: 'Stop watching' },
              value: WATCH_ID,
              style: 'danger',
            },
          ],
        },
      ],
    });
    expect(checkMessage(createPresenter('en', true).message(message))).toEqual([]);
  });

  it('zh-CN', () => {
    expect(checkFailedMessage('zh-CN', failure).text).toBe(
      '刘*东 · 深圳南山科技有限公司 · 全部来源的计划核查失败。已达到聚合数据的查询次数限制。请稍后再试，或请 Slack 管理员检查聚合数据套餐。\n监控仍然有效，下次核查在北京时间 2026-03-03 09:00。此失败不会再次通知您，除非情况有变。',
    );
  });
});

describe('no notice names the person in full', () => {
  it.each(['en', 'zh-CN'] as const)('%s', (locale) => {
    const failure: FailureNoticeBody = {
      ...expiry,
      category: 'network',
      code: 'TIMEOUT',
      nextCheckAt: CHECKED_AT,
    };
    for (const message of [
      expiryWarningMessage(locale, expiry, 90),
      watchExpiredMessage(locale, expiry, 90),
      checkFailedMessage(locale, failure),
    ]) {
      const texts = visibleTexts(message).join('\n');
      expect(texts).toContain(MASK);
      expect(JSON.stringify(message)).not.toContain(NAME);
    }
  });
});
