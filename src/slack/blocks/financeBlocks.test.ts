import type { InputBlock, KnownBlock, SectionBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { decodeScore } from '../../domain/rating.js';
import type { FinanceRating } from '../../juhe/types.js';
import {
  checkMessage as messageLimitViolations,
  checkView as modalLimitViolations,
} from '../../local/fake-slack/blockLimits.js';
import { createPresenter } from '../presenter.js';
import { inputValidationErrors } from './errors.js';
import { financeQueryModal } from './financeForm.js';
import {
  financeErrorModal,
  financeResultMessage,
  financeResultModal,
  ratingBar,
  ratingIntervalText,
} from './financeResult.js';
import { financeLoadingModal, noticeModal } from './modalNotices.js';

function rating(range: unknown, history: unknown, stability: unknown): FinanceRating {
  return {
    orderId: 'JH815250606144507MmTeM',
    range: decodeScore('range', range),
    history: decodeScore('history', history),
    stability: decodeScore('stability', stability),
    billed: true,
  };
}

const identity = { maskedName: '张*洲', maskedIdcard: '110105********002X', maskedMobile: '138****5678' };
const fetchedAt = new Date('2025-06-06T06:45:07Z');

function sectionTexts(blocks: readonly { type: string }[]): string[] {
  return (blocks as KnownBlock[])
    .filter((block): block is SectionBlock => block.type === 'section' && block.text !== undefined)
    .map((block) => block.text?.text ?? '');
}

describe('rating rendering', () => {
  it.each([
    ['range', 16, '(0, 1,500] CNY'],
    ['range', 25, '(1,500, 3,000] CNY'],
    ['range', 35, '(3,000, 4,500] CNY'],
    ['range', 100, '20,000+ CNY'],
    ['history', 17, '(0, 6] months'],
    ['history', 95, '(120, 180] months'],
    ['history', 100, '180+ months'],
    ['stability', 38, '(0, 6] months'],
    ['stability', 85, '(18, 24) months'],
    ['stability', 100, '24 months'],
  ] as const)('%s %i → %s', (scale, score, expected) => {
    const decoded = decodeScore(scale, String(score));
    if (decoded.status !== 'band') throw new Error('expected a band');
    expect(ratingIntervalText('en', scale, decoded.band)).toBe(expected);
  });

  it('uses 元 and 个月 in zh-CN', () => {
    const range = decodeScore('range', '16');
    const stability = decodeScore('stability', '100');
    if (range.status !== 'band' || stability.status !== 'band') throw new Error('expected bands');
    expect(ratingIntervalText('zh-CN', 'range', range.band)).toBe('(0, 1,500] 元');
    expect(ratingIntervalText('zh-CN', 'stability', stability.band)).toBe('24 个月');
  });

  it('draws band index + 1 of band count', () => {
    expect(ratingBar(0, 10)).toBe('▰▱▱▱▱▱▱▱▱▱');
    expect(ratingBar(2, 10)).toBe('▰▰▰▱▱▱▱▱▱▱');
    expect(ratingBar(4, 5)).toBe('▰▰▰▰▰');
  });
});

describe('financeResultModal', () => {
  it('decodes the vendor doc example (16 / 17 / 38)', () => {
    const modal = financeResultModal({
      locale: 'en',
      rating: rating('16', '17', '38'),
      identity,
      requesterId: 'U123ABC',
      fetchedAt,
    });
    expect(modal).toEqual({
      carriesJuheData: true,
      type: 'modal',
      title: { type: 'plain_text', text: 'Economic rating' },
      close: { type: 'plain_text', text: 'Done' },
      blocks: [
        {
          type: 'section',
          fields: [
            { type: 'plain_text', text: 'Name: 张*洲' },
            { type: 'plain_text', text: '身份证: 110105********002X' },
            { type: 'plain_text', text: 'Mobile: 138****5678' },
          ],
        },
        { type: 'divider' },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '*预测金融能力 Predicted financial capacity (CNY)*\n▰▱▱▱▱▱▱▱▱▱  (0, 1,500] CNY · score 16',
          },
        },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '*历史属性指数 History (months)*\n▰▱▱▱▱▱▱▱▱▱  (0, 6] months · score 17',
          },
        },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '*近期稳定指数 Recent stability (months)*\n▰▱▱▱▱  (0, 6] months · score 38',
          },
        },
        {
          type: 'context',
          elements: [
            { type: 'mrkdwn', text: 'Each bar shows the band within its scale; more filled means higher.' },
          ],
        },
        {
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              text: 'Source: Juhe · order JH815250606144507MmTeM · 2025-06-06 14:45 CST · requested by <@U123ABC>',
            },
          ],
        },
      ],
    });
    expect(modalLimitViolations(modal)).toEqual([]);
  });

  it('shows unpredictable and unrecognised scores raw, with the sandbox marker, in zh-CN', () => {
    const modal = createPresenter('zh-CN', true).view(
      financeResultModal({
        locale: 'zh-CN',
        rating: rating('0', '5', '<101>'),
        identity,
        requesterId: 'U1',
        fetchedAt,
      }),
    );
    expect(modal.blocks[0]).toEqual({
      type: 'context',
      block_id: 'sandbox_marker',
      elements: [{ type: 'mrkdwn', text: ':test_tube: 沙盒数据，并非聚合数据的真实结果' }],
    });
    expect(sectionTexts(modal.blocks)).toEqual([
      '*预测金融能力（元）*\n无法预测（评分 0）',
      '*历史属性指数（月）*\n无法识别的评分：5',
      '*近期稳定指数（月）*\n无法识别的评分：&lt;101&gt;',
    ]);
    const en = financeResultModal({
      locale: 'en',
      rating: rating(0, '5', ''),
      identity,
      requesterId: 'U1',
      fetchedAt,
    });
    expect(sectionTexts(en.blocks)).toEqual([
      '*预测金融能力 Predicted financial capacity (CNY)*\nUnpredictable (score 0)',
      '*历史属性指数 History (months)*\nUnrecognised score: 5',
      '*近期稳定指数 Recent stability (months)*\nUnrecognised score: —',
    ]);
  });

  it('masks name, 身份证 and mobile even if a caller passes them unmasked', () => {
    const modal = financeResultModal({
      locale: 'en',
      rating: rating('16', '17', '38'),
      identity: { maskedName: '张德洲', maskedIdcard: '11010519491231002X', maskedMobile: '13812345678' },
      requesterId: 'U1',
      fetchedAt,
    });
    const json = JSON.stringify(modal);
    expect(json).not.toContain('张德洲');
    expect(json).not.toContain('11010519491231002X');
    expect(json).not.toContain('13812345678');
    expect(json).toContain('110105********002X');
    expect(json).toContain('138****5678');
  });
});

describe('financeResultMessage', () => {
  it('carries the masked rating for the compliance thread', () => {
    const message = createPresenter('en', true).message(
      financeResultMessage({
        locale: 'en',
        rating: rating('16', '17', '38'),
        identity,
        requesterId: 'U123ABC',
        fetchedAt,
      }),
    );
    expect(message.text).toBe(
      'Economic capability rating for 张*洲: capacity (0, 1,500] CNY · score 16; history (0, 6] months · score 17; stability (0, 6] months · score 38',
    );
    expect(message.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Economic capability rating' },
    });
    expect(message.blocks[1]).toEqual({
      type: 'context',
      block_id: 'sandbox_marker',
      elements: [{ type: 'mrkdwn', text: ':test_tube: Sandbox data — not real Juhe results' }],
    });
    expect(messageLimitViolations(message)).toEqual([]);
  });
});

describe('financeQueryModal', () => {
  const modal = financeQueryModal({ locale: 'en', privateMetadata: '{"c":"C1"}' });

  it('asks for name, 身份证, mobile, purpose and consent', () => {
    expect(modal.callback_id).toBe('finance_query');
    expect(modal.private_metadata).toBe('{"c":"C1"}');
    const inputs = modal.blocks.filter((block): block is InputBlock => block.type === 'input');
    expect(inputs.map((block) => [block.block_id, block.element.action_id, block.optional ?? false])).toEqual(
      [
        ['realname', 'realname_input', false],
        ['idcard', 'idcard_input', false],
        ['mobile', 'mobile_input', false],
        ['purpose', 'purpose_input', false],
        ['consent', 'consent_checkbox', false],
      ],
    );
    expect(inputs[1]?.hint).toEqual({ type: 'plain_text', text: '18 digits; the last may be X.' });
    expect(inputs[3]?.element).toMatchObject({ type: 'plain_text_input', multiline: true });
    expect(inputs[4]?.element).toEqual({
      type: 'checkboxes',
      action_id: 'consent_checkbox',
      options: [
        {
          text: {
            type: 'plain_text',
            text: 'I confirm the subject consented / a lawful basis exists for this lookup',
          },
          description: { type: 'plain_text', text: 'Required (PIPL). Recorded in the audit log.' },
          value: 'attested',
        },
      ],
    });
    expect(modalLimitViolations(modal)).toEqual([]);
    expect(modalLimitViolations(financeQueryModal({ locale: 'zh-CN', privateMetadata: '' }))).toEqual([]);
  });

  it('refuses private_metadata beyond Slack’s limit', () => {
    expect(() => financeQueryModal({ locale: 'en', privateMetadata: 'x'.repeat(3001) })).toThrow(RangeError);
  });
});

describe('other finance views', () => {
  it('shows a loading modal', () => {
    expect(financeLoadingModal('en')).toEqual({
      type: 'modal',
      callback_id: 'finance_query',
      title: { type: 'plain_text', text: 'Please wait' },
      close: { type: 'plain_text', text: 'Close' },
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: ':hourglass_flowing_sand: Looking up the economic capability rating…',
          },
        },
      ],
    });
  });

  it('shows an error modal without details for misconfiguration', () => {
    const modal = financeErrorModal({
      locale: 'en',
      category: 'misconfigured',
      code: '10002',
    });
    expect(JSON.stringify(modal)).not.toContain('10002');
    expect(sectionTexts(modal.blocks)).toEqual([
      ':warning: *The economic rating lookup did not complete*\nThis Juhe service is not set up correctly in the app — tell a Slack admin.',
    ]);
    expect(modal.blocks).toHaveLength(1);
    expect(modalLimitViolations(modal)).toEqual([]);
  });

  it('wraps a message in a notice modal', () => {
    const modal = noticeModal({
      locale: 'zh-CN',
      message: { text: 'x', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x' } }] },
      title: 'modal.finance.title',
    });
    expect(modal.title).toEqual({ type: 'plain_text', text: '经济能力评级' });
    expect(modal.blocks).toHaveLength(1);
  });

  it('maps validation problems to catalog messages', () => {
    expect(
      inputValidationErrors('en', {
        idcard: 'idcard_15_digit',
        realname: 'name_chars',
        purpose: 'purpose_too_short',
      }),
    ).toEqual({
      idcard: 'This is an old 15-digit ID; enter the 18-digit number from the current 身份证.',
      realname:
        'Use Chinese characters (with · between the parts of a transliterated name), or Latin letters if the person has no Chinese name.',
      purpose: 'Describe the purpose in a few words (at least 5 characters).',
    });
    expect(inputValidationErrors('zh-CN', { idcard: 'idcard_checksum' })).toEqual({
      idcard: '最后一位校验码与前 17 位不符，说明有输错的字符，请对照证件检查。',
    });
    expect(inputValidationErrors('en', { idcard: 'idcard_checksum' }).idcard).toMatch(
      /^The last character doesn't match.*check for a typo/,
    );
  });
});
