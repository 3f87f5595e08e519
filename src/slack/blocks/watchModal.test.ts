import type { InputBlock, ModalView } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { watchCost } from '../../domain/watchCost.js';
import { checkView } from '../../local/fake-slack/blockLimits.js';
import { riskWatchModal, watchStartedView } from './watchModal.js';

const SCHEDULE = '0 9 * * *';
const EXACT = watchCost([1, 2, 3], { '1': 2, '2': 1, '3': 0 }, 30);
const AT_LEAST = watchCost([1, 2, 3], { '1': 2 }, 30);
/** 01:00 UTC is 09:00 in Beijing */
const ENDS_ON = new Date('2026-05-31T01:00:00Z');
const METADATA = '{"c":"C0COMPLY","t":"1700000000.000100"}';
const LIU = { keyword: '深圳南山科技有限公司', realname: '刘卫东', scope: 'all' as const };

/** Every text a person reads: not input values, button values or metadata. */
function visibleTexts(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(visibleTexts);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => {
    if (key === 'text' && typeof inner === 'string') return [inner];
    if (key === 'value' || key === 'initial_value' || key === 'private_metadata') return [];
    return visibleTexts(inner);
  });
}

function inputs(view: ModalView): InputBlock[] {
  return view.blocks.filter((block): block is InputBlock => block.type === 'input');
}

const OPTIONS_EN = [
  { text: { type: 'plain_text', text: 'All three sources (overview)' }, value: 'all' },
  { text: { type: 'plain_text', text: 'Dishonest debtor (失信)' }, value: '1' },
  { text: { type: 'plain_text', text: 'Enforcement target (被执行)' }, value: '2' },
  { text: { type: 'plain_text', text: 'Consumption ban (限制消费)' }, value: '3' },
];

describe('riskWatchModal', () => {
  it('prefilled from a result in a compliance thread, exactly (en)', () => {
    const view = riskWatchModal({
      locale: 'en',
      initial: LIU,
      alertsTo: { kind: 'thread', channel: 'C0COMPLY' },
      cost: EXACT,
      schedule: SCHEDULE,
      endsOn: ENDS_ON,
      privateMetadata: METADATA,
    });
    expect(view).toEqual({
      type: 'modal',
      callback_id: 'risk_watch',
      private_metadata: METADATA,
      title: { type: 'plain_text', text: 'Watch a subject' },
      submit: { type: 'plain_text', text: 'Start watching' },
      close: { type: 'plain_text', text: 'Cancel' },
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: 'The app screens this subject again on a schedule and tells you only what changed: a new record, a removed one (a 失信 entry lifted after payment) or a changed one. No change, no message.',
          },
        },
        {
          type: 'input',
          block_id: 'keyword',
          label: { type: 'plain_text', text: 'Company' },
          hint: { type: 'plain_text', text: 'Company name, registration number, 统一社会信用代码 or KeyNo.' },
          element: {
            type: 'plain_text_input',
            action_id: 'keyword_input',
            placeholder: { type: 'plain_text', text: 'e.g. 江苏德洲实业有限公司' },
            initial_value: '深圳南山科技有限公司',
            max_length: 200,
          },
        },
        {
          type: 'input',
          block_id: 'realname',
          label: { type: 'plain_text', text: "Person's full name" },
          hint: { type: 'plain_text', text: 'As on the 身份证.' },
          element: {
            type: 'plain_text_input',
            action_id: 'realname_input',
            placeholder: { type: 'plain_text', text: 'e.g. 张德洲' },
            initial_value: '刘卫东',
            max_length: 60,
          },
        },
        {
          type: 'input',
          block_id: 'type',
          label: { type: 'plain_text', text: 'Sources to watch' },
          element: {
            type: 'static_select',
            action_id: 'type_select',
            options: OPTIONS_EN,
            initial_option: OPTIONS_EN[0],
          },
        },
        {
          type: 'input',
          block_id: 'purpose',
          label: { type: 'plain_text', text: 'Purpose of monitoring' },
          hint: {
            type: 'plain_text',
            text: 'Why this person needs ongoing screening, e.g. “supplier under contract, annual review”. Kept sealed in the audit trail.',
          },
          element: { type: 'plain_text_input', action_id: 'purpose_input', max_length: 500, multiline: true },
        },
        {
          type: 'context',
          elements: [{ type: 'mrkdwn', text: 'Alerts go to the thread this result is in, in <#C0COMPLY>.' }],
        },
        {
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              text: '*Cost:* Juhe calls per check: 3, of which billed: 2 (a source with no records is not billed). At the schedule (`0 9 * * *`, China time): 30 checks a month, about 60 billed calls a month.',
            },
          ],
        },
        {
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              text: 'The watch ends on 2026-05-31 unless you renew it; you are told a week ahead.',
            },
          ],
        },
      ],
    });
    expect(checkView(view)).toEqual([]);
  });

  it('the input blocks are keyword, realname, type and purpose, each with its action_id', () => {
    const view = riskWatchModal({
      locale: 'zh-CN',
      initial: LIU,
      alertsTo: { kind: 'dm' },
      cost: EXACT,
      schedule: SCHEDULE,
      endsOn: ENDS_ON,
      privateMetadata: METADATA,
    });
    expect(
      inputs(view).map((block) => [block.block_id, (block.element as { action_id: string }).action_id]),
    ).toEqual([
      ['keyword', 'keyword_input'],
      ['realname', 'realname_input'],
      ['type', 'type_select'],
      ['purpose', 'purpose_input'],
    ]);
    expect(view.callback_id).toBe('risk_watch');
  });

  it('from the command, empty: nothing prefilled, all sources selected; DM alerts; cost at least (en)', () => {
    const view = riskWatchModal({
      locale: 'en',
      initial: {},
      alertsTo: { kind: 'dm' },
      cost: AT_LEAST,
      schedule: SCHEDULE,
      endsOn: ENDS_ON,
      privateMetadata: '',
    });
    expect(view.private_metadata).toBe('');
    expect(JSON.stringify(view)).not.toContain('initial_value');
    expect(inputs(view)[2]?.element).toMatchObject({ initial_option: { value: 'all' } });
    expect(view.blocks.slice(-3)).toEqual([
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Alerts go to your DM with the app.' }] },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: '*Cost:* Juhe calls per check: at least 3 (one per page of each source), of which billed: 3 or more. At the schedule (`0 9 * * *`, China time): 30 checks a month, at least 90 billed calls a month. The first check tells the exact number.',
          },
        ],
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: 'The watch ends on 2026-05-31 unless you renew it; you are told a week ahead.',
          },
        ],
      },
    ]);
    expect(checkView(view)).toEqual([]);
  });

  it('zh-CN: title, labels and the cost line', () => {
    const view = riskWatchModal({
      locale: 'zh-CN',
      initial: { ...LIU, scope: 2 },
      alertsTo: { kind: 'thread', channel: 'C0COMPLY' },
      cost: EXACT,
      schedule: SCHEDULE,
      endsOn: ENDS_ON,
      privateMetadata: METADATA,
    });
    expect([view.title, view.submit, view.close]).toEqual([
      { type: 'plain_text', text: '监控对象' },
      { type: 'plain_text', text: '开始监控' },
      { type: 'plain_text', text: '取消' },
    ]);
    expect(inputs(view).map((block) => block.label.text)).toEqual([
      '关联企业',
      '人员姓名',
      '监控来源',
      '监控目的',
    ]);
    expect(inputs(view)[2]?.element).toMatchObject({
      initial_option: { text: { type: 'plain_text', text: '被执行人' }, value: '2' },
    });
    expect(visibleTexts(view.blocks.slice(-3))).toEqual([
      '提醒发送到此结果所在的消息列（<#C0COMPLY>）。',
      '*费用*：每次核查向聚合数据查询 3 次，其中 2 次计费（无记录的来源不计费）。按计划（`0 9 * * *`，北京时间）每月核查 30 次，约 60 次计费调用。',
      '除非续期，监控将于 2026-05-31 结束；到期前一周会提醒您。',
    ]);
    const atLeast = riskWatchModal({
      locale: 'zh-CN',
      initial: LIU,
      alertsTo: { kind: 'dm' },
      cost: AT_LEAST,
      schedule: SCHEDULE,
      endsOn: ENDS_ON,
      privateMetadata: METADATA,
    });
    expect(visibleTexts(atLeast.blocks.slice(-3))).toEqual([
      '提醒发送到您与本应用的私信。',
      '*费用*：每次核查至少向聚合数据查询 3 次（每个来源每页一次），其中至少 3 次计费。按计划（`0 9 * * *`，北京时间）每月核查 30 次，至少 90 次计费调用。首次核查后可知确切次数。',
      '除非续期，监控将于 2026-05-31 结束；到期前一周会提醒您。',
    ]);
    expect(checkView(view)).toEqual([]);
  });

  it('the full name is only in the name input, for the analyst to confirm; nowhere a person reads it', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const view = riskWatchModal({
        locale,
        initial: LIU,
        alertsTo: { kind: 'thread', channel: 'C0COMPLY' },
        cost: EXACT,
        schedule: SCHEDULE,
        endsOn: ENDS_ON,
        privateMetadata: METADATA,
      });
      expect(visibleTexts(view).join('\n')).not.toContain('刘卫东');
      const serialized = JSON.stringify(view);
      expect(serialized.split('刘卫东')).toHaveLength(2);
      expect(inputs(view)[1]?.element).toMatchObject({ initial_value: '刘卫东' });
    }
  });

  it('long prefills are cut to what the inputs take, between code points', () => {
    const view = riskWatchModal({
      locale: 'en',
      initial: { keyword: '𠀀'.repeat(150), realname: '𠀀'.repeat(40) },
      alertsTo: { kind: 'dm' },
      cost: EXACT,
      schedule: SCHEDULE,
      endsOn: ENDS_ON,
      privateMetadata: '',
    });
    expect(inputs(view)[0]?.element).toMatchObject({ initial_value: '𠀀'.repeat(100), max_length: 200 });
    expect(inputs(view)[1]?.element).toMatchObject({ initial_value: '𠀀'.repeat(30), max_length: 60 });
    expect(checkView(view)).toEqual([]);
  });

  it('private_metadata over Slack’s 3000 characters is a bug, thrown', () => {
    expect(() =>
      riskWatchModal({
        locale: 'en',
        initial: LIU,
        alertsTo: { kind: 'dm' },
        cost: EXACT,
        schedule: SCHEDULE,
        endsOn: ENDS_ON,
        privateMetadata: 'x'.repeat(3001),
      }),
    ).toThrow(RangeError);
  });
});

describe('watchStartedView', () => {
  const started = (locale: 'en' | 'zh-CN') =>
    watchStartedView({
      locale,
      subject: { keyword: LIU.keyword, realname: LIU.realname, types: [1, 2, 3] },
      alertsTo: { kind: 'dm' },
      cost: EXACT,
      schedule: SCHEDULE,
      nextCheck: new Date('2026-03-03T01:00:00Z'),
      endsOn: ENDS_ON,
    });

  it('what is watched (masked), the next check, where alerts go, the cost and the end (en)', () => {
    const view = started('en');
    expect(view).toEqual({
      type: 'modal',
      title: { type: 'plain_text', text: 'Watching' },
      close: { type: 'plain_text', text: 'Close' },
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '*Now watching* 刘*东 · 深圳南山科技有限公司 · all three sources.\nThe first check runs now and takes the baseline; later checks follow the schedule (next: 2026-03-03 09:00 CST).',
          },
        },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'Alerts go to your DM with the app.' }] },
        {
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              text: '*Cost:* Juhe calls per check: 3, of which billed: 2 (a source with no records is not billed). At the schedule (`0 9 * * *`, China time): 30 checks a month, about 60 billed calls a month.',
            },
          ],
        },
        {
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              text: 'The watch ends on 2026-05-31 unless you renew it; you are told a week ahead.',
            },
          ],
        },
      ],
    });
    expect(view).not.toHaveProperty('submit');
    expect(checkView(view)).toEqual([]);
  });

  it('zh-CN, and no full name in either', () => {
    const view = started('zh-CN');
    expect(view.title).toEqual({ type: 'plain_text', text: '监控中' });
    expect(visibleTexts(view.blocks[0])).toEqual([
      '*已开始监控*刘*东 · 深圳南山科技有限公司 · 全部来源。\n首次核查现在进行，并建立基线；之后按计划核查（下次：北京时间 2026-03-03 09:00）。',
    ]);
    for (const locale of ['en', 'zh-CN'] as const)
      expect(JSON.stringify(started(locale))).not.toContain('刘卫东');
  });
});
