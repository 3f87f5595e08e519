import type { KnownBlock, SectionBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { watchCost } from '../../domain/watchCost.js';
import { checkMessage } from '../../local/fake-slack/blockLimits.js';
import {
  WATCHES_LISTED_MAX,
  type WatchSummary,
  watchEntrySection,
  watchListMessage,
  watchStatusMessage,
  watchTotalText,
} from './watchList.js';

const SCHEDULE = '0 9 * * *';

const LIU: WatchSummary = {
  id: '7b0c5a52-0d7e-4c55-9a3e-2f0d7f6f9a11',
  subject: { keyword: '深圳南山科技有限公司', realname: '刘卫东', types: [1, 2, 3] },
  // 01:00 UTC is 09:00 in Beijing
  nextCheckAt: new Date('2026-03-03T01:00:00Z'),
  lastChangeAt: new Date('2026-03-02T01:00:12Z'),
  expiresAt: new Date('2026-05-30T01:00:00Z'),
  counts: { '1': 2, '2': 1, '3': 0 },
  cost: watchCost([1, 2, 3], { '1': 2, '2': 1, '3': 0 }, 30),
};

/** Just started: not checked yet, its cost an estimate. */
const ZHANG: WatchSummary = {
  id: '0c9d8e7f-6a5b-4c3d-9e2f-1a0b9c8d7e6f',
  subject: { keyword: '江苏常熟纺织有限公司', realname: '张德洲', types: [2] },
  nextCheckAt: null,
  lastChangeAt: null,
  expiresAt: new Date('2026-05-31T01:00:00Z'),
  counts: null,
  cost: watchCost([2], {}, 30),
};

function stop(id: string, text = 'Stop watching') {
  return {
    type: 'button',
    action_id: 'watch_stop',
    text: { type: 'plain_text', text },
    value: id,
    style: 'danger',
  };
}

/**
 * The entry's first line is the subject, meant in bold; the mask's own `*` makes `*刘*东 …*` ambiguous
 * mrkdwn (see the report), so the first line is compared without the bold markers around it.
 */
function entry(section: KnownBlock | undefined): { subject: string; rest: string[]; accessory: unknown } {
  const { text, accessory } = section as SectionBlock;
  const [first = '', ...rest] = (text?.text ?? '').split('\n');
  return { subject: first.replace(/^\*/, '').replace(/\*$/, ''), rest, accessory };
}

describe('watchListMessage', () => {
  it('no watches: says how to start one; no total (en)', () => {
    const message = watchListMessage({ locale: 'en', watches: [], schedule: SCHEDULE, checksPerMonth: 30 });
    expect(message).toEqual({
      text: 'Your watches: 0',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Your watches' } },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: 'You are not watching anyone. Press *Watch* on a result, or use `/risk watch &lt;keyword&gt; &lt;realname&gt; [type]`.',
          },
        },
      ],
    });
    expect(checkMessage(message)).toEqual([]);
  });

  it('no watches, zh-CN', () => {
    expect(
      watchListMessage({ locale: 'zh-CN', watches: [], schedule: SCHEDULE, checksPerMonth: 30 }),
    ).toEqual({
      text: '您的监控：0 个',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: '您的监控' } },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '您目前没有监控对象。请在结果上点击“*监控*”，或使用 `/risk watch &lt;keyword&gt; &lt;realname&gt; [type]`。',
          },
        },
      ],
    });
  });

  it('each watch with its next check, last change, end and counts, Stop watching; the total below (en)', () => {
    const message = watchListMessage({
      locale: 'en',
      watches: [LIU, ZHANG],
      schedule: SCHEDULE,
      checksPerMonth: 30,
    });
    expect(message.text).toBe('Your watches: 2');
    expect(message.blocks).toHaveLength(5);
    expect(message.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Your watches' } });
    expect(entry(message.blocks[1])).toEqual({
      subject: '刘*东 · 深圳南山科技有限公司 · all three sources',
      rest: [
        'Next check 2026-03-03 09:00 CST · last change 2026-03-02 09:00 · ends 2026-05-30',
        'At the last check: 失信: 2 · 被执行: 1 · 限制消费: 0',
      ],
      accessory: stop(LIU.id),
    });
    expect(entry(message.blocks[2])).toEqual({
      subject: '张*洲 · 江苏常熟纺织有限公司 · 被执行',
      rest: [
        'Next check – CST · last change none yet · ends 2026-05-31',
        'At the last check: not checked yet',
      ],
      accessory: stop(ZHANG.id),
    });
    expect(message.blocks.slice(3)).toEqual([
      { type: 'divider' },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            // 3 calls (2 billed) for 刘*东 and at least 1 billed for 张*洲, 30 checks a month
            text: 'Together: 4 Juhe calls a check, 3 billed; about 90 billed calls a month at the schedule (`0 9 * * *`, China time).',
          },
        ],
      },
    ]);
    expect(checkMessage(message)).toEqual([]);
  });

  it('the same list in zh-CN', () => {
    const message = watchListMessage({
      locale: 'zh-CN',
      watches: [LIU, ZHANG],
      schedule: SCHEDULE,
      checksPerMonth: 30,
    });
    expect(message.text).toBe('您的监控：2 个');
    expect(entry(message.blocks[1])).toEqual({
      subject: '刘*东 · 深圳南山科技有限公司 · 全部来源',
      rest: [
        '下次核查北京时间 2026-03-03 09:00 · 上次变化 2026-03-02 09:00 · 结束于 2026-05-30',
        '上次核查：失信：2 · 被执行：1 · 限制消费：0',
      ],
      accessory: stop(LIU.id, '停止监控'),
    });
    expect(entry(message.blocks[2])).toMatchObject({
      subject: '张*洲 · 江苏常熟纺织有限公司 · 被执行',
      rest: ['下次核查北京时间 – · 上次变化 暂无 · 结束于 2026-05-31', '上次核查：尚未核查'],
    });
    expect(message.blocks.at(-1)).toEqual({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: '合计：每轮核查 4 次聚合数据查询，3 次计费；按计划（`0 9 * * *`，北京时间）每月约 90 次计费调用。',
        },
      ],
    });
  });

  it('names no one in full', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const message = watchListMessage({
        locale,
        watches: [LIU, ZHANG],
        schedule: SCHEDULE,
        checksPerMonth: 30,
      });
      const serialized = JSON.stringify(message);
      expect(serialized).not.toContain('刘卫东');
      expect(serialized).not.toContain('张德洲');
      expect(serialized).toContain('刘*东');
    }
  });

  it(`lists ${WATCHES_LISTED_MAX} watches at most, says how many more, and totals all of them`, () => {
    const many = Array.from({ length: 45 }, (_unused, index) => ({ ...LIU, id: `watch-${index}` }));
    const message = watchListMessage({ locale: 'en', watches: many, schedule: SCHEDULE, checksPerMonth: 30 });
    expect(message.text).toBe('Your watches: 45');
    const sections = message.blocks.filter((block) => block.type === 'section');
    expect(sections).toHaveLength(40);
    expect(message.blocks.slice(-3)).toEqual([
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: '…and 5 more watches: see the app’s Home tab.' }],
      },
      { type: 'divider' },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: 'Together: 135 Juhe calls a check, 90 billed; about 2700 billed calls a month at the schedule (`0 9 * * *`, China time).',
          },
        ],
      },
    ]);
    expect(message.blocks).toHaveLength(44);
    expect(checkMessage(message)).toEqual([]);
  });

  it('exactly 40 watches: no "more" note', () => {
    const forty = Array.from({ length: 40 }, (_unused, index) => ({ ...LIU, id: `watch-${index}` }));
    const message = watchListMessage({
      locale: 'en',
      watches: forty,
      schedule: SCHEDULE,
      checksPerMonth: 30,
    });
    expect(message.blocks).toHaveLength(43);
    expect(JSON.stringify(message)).not.toContain('more watches');
  });

  it('stays inside Slack’s limits with long keywords and hundreds of watches', () => {
    const long = Array.from({ length: 300 }, (_unused, index) => ({
      ...LIU,
      id: `watch-${index}`,
      subject: { ...LIU.subject, keyword: `${'深圳南山科技有限公司'.repeat(20)}<&>` },
    }));
    for (const locale of ['en', 'zh-CN'] as const) {
      const message = watchListMessage({ locale, watches: long, schedule: SCHEDULE, checksPerMonth: 720 });
      expect(checkMessage(message)).toEqual([]);
    }
  });
});

describe('watchEntrySection', () => {
  it('a watch whose sources are in part unknown shows – for those', () => {
    const section = watchEntrySection('en', { ...LIU, counts: { '1': 4 } });
    expect(entry(section).rest[1]).toBe('At the last check: 失信: 4 · 被执行: – · 限制消费: –');
  });

  it('an end date is the China date', () => {
    const section = watchEntrySection('en', { ...LIU, expiresAt: new Date('2026-05-29T16:00:00Z') });
    expect(entry(section).rest[0]).toBe(
      'Next check 2026-03-03 09:00 CST · last change 2026-03-02 09:00 · ends 2026-05-30',
    );
  });
});

describe('watchTotalText', () => {
  it('adds the watches at the schedule given', () => {
    expect(watchTotalText('en', [LIU, LIU], SCHEDULE, 720)).toBe(
      'Together: 6 Juhe calls a check, 4 billed; about 2880 billed calls a month at the schedule (`0 9 * * *`, China time).',
    );
    expect(watchTotalText('en', [], SCHEDULE, 30)).toBe(
      'Together: 0 Juhe calls a check, 0 billed; about 0 billed calls a month at the schedule (`0 9 * * *`, China time).',
    );
  });
});

describe('watchStatusMessage', () => {
  it('one line, as text and as its section', () => {
    expect(watchStatusMessage('Stopped watching 刘*东.')).toEqual({
      text: 'Stopped watching 刘*东.',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Stopped watching 刘*东.' } }],
    });
  });
});
