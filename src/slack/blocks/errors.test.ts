import { describe, expect, it } from 'vitest';
import { JUHE_ERROR_CATEGORIES } from '../../juhe/errorTypes.js';
import { checkMessage as messageLimitViolations } from '../../local/fake-slack/blockLimits.js';
import { decodeRetryQuery } from '../retryQuery.js';
import {
  inputValidationErrors,
  juheErrorMessage,
  juheErrorText,
  notInChannelMessage,
  refusalMessage,
  staleButtonMessage,
  unexpectedErrorMessage,
} from './errors.js';

const CATEGORIES = JUHE_ERROR_CATEGORIES;

describe('juheErrorText', () => {
  it('has its own message per category, in both locales', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const texts = CATEGORIES.map((category) => juheErrorText(locale, category, 'X'));
      expect(new Set(texts).size).toBe(CATEGORIES.length);
    }
  });

  it('uses the required wordings', () => {
    expect(juheErrorText('en', 'misconfigured', '10001')).toBe(
      'This Juhe service is not set up correctly in the app — tell a Slack admin.',
    );
    expect(juheErrorText('en', 'quota', '10012')).toMatch(/limit has been reached/);
    expect(juheErrorText('en', 'timeout', 'TIMEOUT')).toBe('Juhe did not answer in time, try again.');
    expect(juheErrorText('en', 'not_found', '240102')).toBe('No records in this source.');
    expect(juheErrorText('zh-CN', 'not_found', '240102')).toBe('该来源无记录。');
  });

  it('reads 10020 and 10021 as Juhe maintenance, other unavailability as a transient failure', () => {
    expect(juheErrorText('en', 'upstream_unavailable', '10020')).toMatch(/^Juhe maintenance/);
    expect(juheErrorText('en', 'upstream_unavailable', '10021')).toMatch(/^Juhe maintenance/);
    expect(juheErrorText('zh-CN', 'upstream_unavailable', '10020')).toBe(
      '聚合数据接口维护中，暂不可用。请稍后再试。',
    );
    expect(juheErrorText('en', 'upstream_unavailable', '240104')).toBe(
      'Juhe could not complete the query just now. Try again in a few minutes.',
    );
  });

  it('names the field Juhe rejected for financeInfo format errors', () => {
    expect(juheErrorText('en', 'input', '281501')).toMatch(/身份证 number format/);
    expect(juheErrorText('en', 'input', '281502')).toMatch(/name format/);
    expect(juheErrorText('en', 'input', '281503')).toMatch(/mobile number format/);
    expect(juheErrorText('en', 'input', '240103')).toMatch(/^Juhe rejected the query\./);
  });
});

describe('juheErrorMessage', () => {
  it('shows the code and reference for an ordinary failure', () => {
    expect(
      juheErrorMessage({
        locale: 'en',
        api: 'risk',
        category: 'network',
        code: '240101',
      }),
    ).toEqual({
      carriesJuheData: true,
      text: 'The risk check did not complete: Could not reach Juhe because of a network problem. Try again in a moment.',
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: ':warning: *The risk check did not complete*\nCould not reach Juhe because of a network problem. Try again in a moment.',
          },
        },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'Juhe code 240101' }] },
      ],
    });
  });

  it('joins title and text with a full-width colon in zh-CN', () => {
    expect(juheErrorMessage({ locale: 'zh-CN', api: 'risk', category: 'network', code: '240101' })).toEqual({
      carriesJuheData: true,
      text: '风险核查未完成：因网络问题无法连接聚合数据，请稍后重试。',
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: ':warning: *风险核查未完成*\n因网络问题无法连接聚合数据，请稍后重试。',
          },
        },
        { type: 'context', elements: [{ type: 'mrkdwn', text: '聚合数据错误码 240101' }] },
      ],
    });
  });

  it('gives no details for a misconfiguration', () => {
    const message = juheErrorMessage({
      locale: 'en',
      api: 'finance',
      category: 'misconfigured',
      code: '10001',
    });
    expect(JSON.stringify(message)).not.toContain('10001');
    expect(message.blocks).toHaveLength(1);
    expect(message.text).toBe(
      'The economic rating lookup did not complete: This Juhe service is not set up correctly in the app — tell a Slack admin.',
    );
  });

  it('stays inside Slack limits for every category and locale', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      for (const category of CATEGORIES) {
        const message = juheErrorMessage({
          locale,
          api: 'risk',
          category,
          code: 'HTTP_502',
        });
        expect(messageLimitViolations(message)).toEqual([]);
      }
    }
  });
});

describe('other error messages', () => {
  it('gives a reference for unexpected errors', () => {
    expect(unexpectedErrorMessage('en', 'AB12CD34').text).toBe(
      'Something went wrong (reference AB12CD34). Try again; if it keeps happening, give this reference to a Slack admin.',
    );
    expect(unexpectedErrorMessage('zh-CN', 'AB12CD34').text).toContain('参考编号 AB12CD34');
  });

  it('refuses politely, says why and who to ask', () => {
    const refusal = refusalMessage('en', 'finance');
    expect(refusal.text).toBe(
      'Sorry, you are not on the list of people allowed to run economic capability ratings. Ask your compliance lead or a Slack admin to add you to the allowed list.',
    );
    expect(refusal.blocks[0]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: `:no_entry: ${refusal.text}` },
    });
    expect(refusalMessage('zh-CN', 'risk').text).toBe(
      '抱歉，您未获授权使用风险核查。请联系合规负责人或 Slack 管理员将您加入授权名单。',
    );
  });

  it('explains how to invite the bot', () => {
    expect(notInChannelMessage('en', 'C0123ABC').text).toBe(
      "I'm not in <#C0123ABC>. Invite me with `/invite @Juhe Risk`, then run the command again, or use a channel I'm already in.",
    );
    expect(notInChannelMessage('en', 'C1><@U2').text).toContain('<#C1&gt;&lt;@U2>');
    expect(messageLimitViolations(staleButtonMessage('zh-CN'))).toEqual([]);
  });

  it('maps validation codes to messages keyed by block_id', () => {
    expect(
      inputValidationErrors('en', {
        idcard: 'idcard_15_digit',
        mobile: 'mobile_format',
        consent: 'consent_required',
        purpose: 'required',
        realname: 'something_new',
      }),
    ).toEqual({
      idcard: 'This is an old 15-digit ID; enter the 18-digit number from the current 身份证.',
      mobile:
        'Enter an 11-digit mainland China mobile number starting with 1 (a +86 prefix, spaces and dashes are fine).',
      consent: 'Tick the box to confirm consent or a lawful basis; the lookup cannot run without it.',
      purpose: 'This field is required.',
      realname: 'Check this value and try again.',
    });
  });
});

describe('juheErrorMessage for a named risk query', () => {
  const overview = { scope: 'all', keyword: '江苏德洲实业', realname: '张德洲' } as const;
  const page2 = {
    scope: 'page',
    cursor: { keyword: '江苏', realname: '欧阳晓锋', type: 3, pageIndex: 2, pageSize: 10 },
  } as const;

  it('names the masked person, the keyword and the source, and offers Try again on a timeout (en)', () => {
    const message = juheErrorMessage({
      locale: 'en',
      api: 'risk',
      category: 'timeout',
      code: 'TIMEOUT',
      query: overview,
    });
    expect(message.text).toBe(
      'The risk check did not complete (Query: 张*洲 · 江苏德洲实业 · all three sources): Juhe did not answer in time, try again.',
    );
    expect(message.blocks).toEqual([
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: ':warning: *The risk check did not complete*\nQuery: 张*洲 · 江苏德洲实业 · all three sources\nJuhe did not answer in time, try again.',
        },
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Juhe code TIMEOUT' }] },
      {
        type: 'actions',
        block_id: 'risk_retry_actions',
        elements: [
          {
            type: 'button',
            action_id: 'risk_retry',
            text: { type: 'plain_text', text: 'Try again' },
            value: 'all:{"v":1,"k":"江苏德洲实业","n":"张德洲","t":1,"p":1,"s":1}',
          },
        ],
      },
    ]);
  });

  it('names a later page in zh-CN, and has no Try again where trying again cannot help', () => {
    const message = juheErrorMessage({
      locale: 'zh-CN',
      api: 'risk',
      category: 'input',
      code: '240103',
      query: page2,
    });
    const section = message.blocks[0] as { text: { text: string } };
    expect(section.text.text.split('\n')[1]).toBe('查询：欧**锋 · 江苏 · 限制消费令第 2 页');
    expect(message.blocks.map((block) => block.type)).toEqual(['section', 'context']);
  });

  it('offers Try again for network, upstream unavailable, quota and busy, never for input, misconfiguration or bad answers', () => {
    const retryable = JUHE_ERROR_CATEGORIES.filter((category) =>
      juheErrorMessage({ locale: 'en', api: 'risk', category, code: 'X', query: page2 }).blocks.some(
        (block) => block.type === 'actions',
      ),
    );
    expect(retryable.sort()).toEqual(['busy', 'network', 'quota', 'timeout', 'upstream_unavailable']);
  });

  it('a Try again value decodes to exactly the query that failed', () => {
    for (const query of [overview, page2]) {
      const message = juheErrorMessage({
        locale: 'en',
        api: 'risk',
        category: 'network',
        code: 'NETWORK',
        query,
      });
      const actions = message.blocks.at(-1) as { elements: { value: string }[] };
      expect(decodeRetryQuery(actions.elements[0]?.value)).toEqual(query);
    }
  });
});

describe('juheErrorMessage for a finance lookup', () => {
  it.each([
    ['en', 'Query: 张*洲 · economic rating (经济能力评级)'],
    ['zh-CN', '查询：张*洲 · 经济能力评级'],
  ] as const)('names whose rating it was, masked, without a Try again (%s)', (locale, line) => {
    const message = juheErrorMessage({
      locale,
      api: 'finance',
      category: 'timeout',
      code: 'TIMEOUT',
      financeName: '张*洲',
    });
    const section = message.blocks[0] as { text: { text: string } };
    expect(section.text.text.split('\n')[1]).toBe(line);
    expect(message.blocks.map((block) => block.type)).toEqual(['section', 'context']);
  });
});
