import { describe, expect, it } from 'vitest';
import { watchCost } from '../../domain/watchCost.js';
import { WATCH_ACTIONS_BLOCK_ID } from '../ids.js';
import { decodeWatchTarget } from '../watchTarget.js';
import {
  renewWatchButton,
  sourcesText,
  stopWatchButton,
  watchActions,
  watchCostText,
  watchCountsText,
  watchFallbackNames,
  watchSubjectText,
} from './watchText.js';

const LIU = { keyword: '深圳南山科技有限公司', realname: '刘卫东', types: [1, 2, 3] as const };
const WATCH_ID = '7b0c5a52-0d7e-4c55-9a3e-2f0d7f6f9a11';

describe('sourcesText', () => {
  it.each([
    ['en', [1, 2, 3], 'all three sources'],
    ['en', [3, 1, 2], 'all three sources'],
    ['en', [1], '失信'],
    ['en', [2], '被执行'],
    ['en', [3], '限制消费'],
    ['en', [1, 3], '失信 · 限制消费'],
    ['en', [3, 1], '限制消费 · 失信'],
    ['zh-CN', [1, 2, 3], '全部来源'],
    ['zh-CN', [2, 3], '被执行 · 限制消费'],
  ] as const)('%s %j: %s', (locale, types, expected) => {
    expect(sourcesText(locale, types)).toBe(expected);
  });
});

describe('watchSubjectText', () => {
  it('the name masked, the keyword and the sources', () => {
    expect(watchSubjectText('en', LIU)).toBe('刘*东 · 深圳南山科技有限公司 · all three sources');
    expect(watchSubjectText('zh-CN', LIU)).toBe('刘*东 · 深圳南山科技有限公司 · 全部来源');
    expect(watchSubjectText('en', { ...LIU, realname: '欧阳明轩', types: [2] })).toBe(
      '欧**轩 · 深圳南山科技有限公司 · 被执行',
    );
    expect(watchSubjectText('en', { ...LIU, realname: 'Wei Dong Liu', types: [1] })).toBe(
      'W** **** **u · 深圳南山科技有限公司 · 失信',
    );
  });

  it('never the full name', () => {
    for (const locale of ['en', 'zh-CN'] as const)
      expect(watchSubjectText(locale, LIU)).not.toContain('刘卫东');
  });

  it('escapes the keyword so it cannot mention or link, and cuts it at 100 characters', () => {
    expect(watchSubjectText('en', { ...LIU, keyword: '<!channel> & <@U1>' })).toBe(
      '刘*东 · &lt;!channel&gt; &amp; &lt;@U1&gt; · all three sources',
    );
    expect(watchSubjectText('en', { ...LIU, keyword: '深'.repeat(200) })).toBe(
      `刘*东 · ${'深'.repeat(99)}… · all three sources`,
    );
  });
});

describe('watchFallbackNames', () => {
  it('the mask and the keyword cut at 30 characters', () => {
    expect(watchFallbackNames(LIU)).toEqual({ name: '刘*东', keyword: '深圳南山科技有限公司' });
    expect(watchFallbackNames({ ...LIU, keyword: '深'.repeat(40) })).toEqual({
      name: '刘*东',
      keyword: `${'深'.repeat(29)}…`,
    });
  });
});

describe('watchCostText', () => {
  const exact = watchCost([1, 2, 3], { '1': 2, '2': 1, '3': 0 }, 30);
  const atLeast = watchCost([1, 2, 3], { '1': 2 }, 30);

  it('exact', () => {
    expect(watchCostText('en', exact, '0 9 * * *')).toBe(
      '*Cost:* Juhe calls per check: 3, of which billed: 2 (a source with no records is not billed). At the schedule (`0 9 * * *`, China time): 30 checks a month, about 60 billed calls a month.',
    );
    expect(watchCostText('zh-CN', exact, '0 9 * * *')).toBe(
      '*费用*：每次核查向聚合数据查询 3 次，其中 2 次计费（无记录的来源不计费）。按计划（`0 9 * * *`，北京时间）每月核查 30 次，约 60 次计费调用。',
    );
  });

  it('at least, while a source count is unknown', () => {
    expect(watchCostText('en', atLeast, '0 9 * * *')).toBe(
      '*Cost:* Juhe calls per check: at least 3 (one per page of each source), of which billed: 3 or more. At the schedule (`0 9 * * *`, China time): 30 checks a month, at least 90 billed calls a month. The first check tells the exact number.',
    );
    expect(watchCostText('zh-CN', atLeast, '0 9 * * *')).toBe(
      '*费用*：每次核查至少向聚合数据查询 3 次（每个来源每页一次），其中至少 3 次计费。按计划（`0 9 * * *`，北京时间）每月核查 30 次，至少 90 次计费调用。首次核查后可知确切次数。',
    );
  });

  it('escapes the schedule', () => {
    expect(watchCostText('en', exact, '0 9 * * 1<5')).toContain('(`0 9 * * 1&lt;5`, China time)');
  });
});

describe('watchCountsText', () => {
  it('records per source, in the watched order; – where unknown', () => {
    expect(watchCountsText('en', [1, 2, 3], { '1': 2, '2': 1, '3': 0 })).toBe(
      '失信: 2 · 被执行: 1 · 限制消费: 0',
    );
    expect(watchCountsText('zh-CN', [1, 2, 3], { '1': 2, '2': 1, '3': 0 })).toBe(
      '失信：2 · 被执行：1 · 限制消费：0',
    );
    expect(watchCountsText('en', [3, 1], { '1': 31 })).toBe('限制消费: – · 失信: 31');
  });
});

describe('watch buttons', () => {
  it('Stop watching carries the watch id, styled danger', () => {
    expect(stopWatchButton('en', WATCH_ID)).toEqual({
      type: 'button',
      action_id: 'watch_stop',
      text: { type: 'plain_text', text: 'Stop watching' },
      value: WATCH_ID,
      style: 'danger',
    });
    expect(stopWatchButton('zh-CN', WATCH_ID).text).toEqual({ type: 'plain_text', text: '停止监控' });
  });

  it('Renew names the days, styled primary', () => {
    expect(renewWatchButton('en', WATCH_ID, 90)).toEqual({
      type: 'button',
      action_id: 'watch_renew',
      text: { type: 'plain_text', text: 'Renew for 90 days' },
      value: WATCH_ID,
      style: 'primary',
    });
    expect(renewWatchButton('zh-CN', WATCH_ID, 90).text).toEqual({ type: 'plain_text', text: '续期 90 天' });
  });

  it('Watch carries the subject, sources and counts of the result, decodable', () => {
    const target = {
      keyword: '深圳南山科技有限公司',
      realname: '刘卫东',
      scope: 'all' as const,
      counts: { '1': 2, '2': 1, '3': 0 },
    };
    const block = watchActions('en', target);
    expect(block).toEqual({
      type: 'actions',
      block_id: WATCH_ACTIONS_BLOCK_ID,
      elements: [
        {
          type: 'button',
          action_id: 'risk_watch',
          text: { type: 'plain_text', text: 'Watch' },
          value: '{"v":1,"k":"深圳南山科技有限公司","n":"刘卫东","s":"all","c":{"1":2,"2":1,"3":0}}',
        },
      ],
    });
    expect(block.block_id).toBe('risk_watch_actions');
    const [button] = block.elements as Array<{ value?: string }>;
    expect(decodeWatchTarget(button?.value)).toEqual(target);
    expect(watchActions('zh-CN', target).elements[0]).toMatchObject({
      text: { type: 'plain_text', text: '监控' },
    });
  });
});
