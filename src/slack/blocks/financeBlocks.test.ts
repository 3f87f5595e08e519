import type { InputBlock, KnownBlock, SectionBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { decodeScore } from '../../domain/rating.js';
import { MESSAGE_KEYS, messageTemplate } from '../../i18n/catalog.js';
import type { FinanceRating } from '../../juhe/types.js';
import {
  checkMessage as messageLimitViolations,
  checkView as modalLimitViolations,
} from '../../local/fake-slack/blockLimits.js';
import { createPresenter } from '../presenter.js';
import { inputValidationErrors } from './errors.js';
import { financeQueryModal } from './financeForm.js';
import { financeParentMessage } from './financeParent.js';
import { financeErrorModal, financeResultMessage, financeResultModal } from './financeResult.js';
import { financeLoadingModal, noticeModal } from './modalNotices.js';
import { ratingBar, ratingIntervalText } from './ratingText.js';

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

/** The blocks every result opens with: the masked identity, in each locale. */
const IDENTITY_EN = {
  type: 'section',
  fields: [
    { type: 'plain_text', text: 'Name: 张*洲' },
    { type: 'plain_text', text: '身份证: 110105********002X' },
    { type: 'plain_text', text: 'Mobile: 138****5678' },
  ],
};
const IDENTITY_ZH = {
  type: 'section',
  fields: [
    { type: 'plain_text', text: '姓名：张*洲' },
    { type: 'plain_text', text: '身份证号：110105********002X' },
    { type: 'plain_text', text: '手机号：138****5678' },
  ],
};

const MEASURES_EN = {
  range:
    'What it measures: Juhe’s estimate, from social-insurance data, of the person’s monthly income level (unit: CNY, 元).',
  history:
    'What it measures: Juhe’s estimate of how long the person has paid social insurance (unit: months).',
  stability:
    'What it measures: Juhe’s estimate of how long the person has recently paid social insurance without a break (unit: months, at most 24).',
};
const MEASURES_ZH = {
  range: '指标含义：聚合数据根据社保数据预测的个人月收入水平（单位：元）。',
  history: '指标含义：聚合数据预测的个人社保缴纳历史时长（单位：月）。',
  stability: '指标含义：聚合数据预测的个人近期社保连续缴纳时长（单位：月，最长 24 个月）。',
};

const LEGEND_EN =
  'Each bar shows which of its scale’s bands the result is in, lowest band on the left: more filled means higher.';
const LEGEND_ZH = '色块条表示结果位于该指标的第几个区间（从左到右由低到高），填充越多，区间越高。';

const ADVICE_EN =
  ':warning: The app could not read a score above, so it is not decoded. Ask a Slack admin to check the app’s Juhe product 经济能力评级 (its subscription and version), giving them the order number below: the audit trail keeps Juhe’s raw value with this lookup.';
const ADVICE_ZH =
  ':warning: 上方有评分无法识别，因此未作解读。请联系 Slack 管理员核查本应用接入的聚合数据“经济能力评级”产品的订阅及版本，并提供下方订单号：审计记录中保存了此次查询聚合数据返回的原始值。';

function section(text: string) {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}
function context(text: string) {
  return { type: 'context', elements: [{ type: 'mrkdwn', text }] };
}

const FOOTER_EN = context(
  'Source: Juhe · order JH815250606144507MmTeM · 2025-06-06 14:45 CST · requested by <@U123ABC>',
);
const FOOTER_ZH = context(
  '来源：聚合数据 · 订单号 JH815250606144507MmTeM · 2025-06-06 14:45（北京时间） · 查询人 <@U123ABC>',
);

function resultModal(locale: 'en' | 'zh-CN', scores: FinanceRating) {
  return financeResultModal({ locale, rating: scores, identity, requesterId: 'U123ABC', fetchedAt });
}

describe('rating intervals in words', () => {
  it.each([
    ['range', 16, 'up to 1,500 CNY (inclusive)', '1,500 元（含）以下'],
    ['range', 25, '1,500 – 3,000 CNY (excluding 1,500, including 3,000)', '1,500（不含）至 3,000 元（含）'],
    ['range', 35, '3,000 – 4,500 CNY (excluding 3,000, including 4,500)', '3,000（不含）至 4,500 元（含）'],
    ['range', 45, '4,500 – 6,000 CNY (excluding 4,500, including 6,000)', '4,500（不含）至 6,000 元（含）'],
    ['range', 55, '6,000 – 8,000 CNY (excluding 6,000, including 8,000)', '6,000（不含）至 8,000 元（含）'],
    [
      'range',
      65,
      '8,000 – 10,000 CNY (excluding 8,000, including 10,000)',
      '8,000（不含）至 10,000 元（含）',
    ],
    [
      'range',
      75,
      '10,000 – 13,000 CNY (excluding 10,000, including 13,000)',
      '10,000（不含）至 13,000 元（含）',
    ],
    [
      'range',
      85,
      '13,000 – 16,000 CNY (excluding 13,000, including 16,000)',
      '13,000（不含）至 16,000 元（含）',
    ],
    [
      'range',
      95,
      '16,000 – 20,000 CNY (excluding 16,000, including 20,000)',
      '16,000（不含）至 20,000 元（含）',
    ],
    ['range', 100, 'more than 20,000 CNY', '20,000 元（不含）以上'],
    ['history', 17, 'up to 6 months (inclusive)', '6 个月（含）以下'],
    ['history', 25, '6 – 12 months (excluding 6, including 12)', '6（不含）至 12 个月（含）'],
    ['history', 35, '12 – 24 months (excluding 12, including 24)', '12（不含）至 24 个月（含）'],
    ['history', 45, '24 – 36 months (excluding 24, including 36)', '24（不含）至 36 个月（含）'],
    ['history', 55, '36 – 48 months (excluding 36, including 48)', '36（不含）至 48 个月（含）'],
    ['history', 65, '48 – 60 months (excluding 48, including 60)', '48（不含）至 60 个月（含）'],
    ['history', 75, '60 – 84 months (excluding 60, including 84)', '60（不含）至 84 个月（含）'],
    ['history', 85, '84 – 120 months (excluding 84, including 120)', '84（不含）至 120 个月（含）'],
    ['history', 95, '120 – 180 months (excluding 120, including 180)', '120（不含）至 180 个月（含）'],
    ['history', 100, 'more than 180 months', '180 个月（不含）以上'],
    ['stability', 38, 'up to 6 months (inclusive)', '6 个月（含）以下'],
    ['stability', 45, '6 – 12 months (excluding 6, including 12)', '6（不含）至 12 个月（含）'],
    ['stability', 65, '12 – 18 months (excluding 12, including 18)', '12（不含）至 18 个月（含）'],
    ['stability', 85, '18 – 24 months (excluding 18 and 24)', '18（不含）至 24 个月（不含）'],
    ['stability', 100, 'exactly 24 months', '24 个月'],
  ] as const)('%s %i → %s / %s', (scale, score, english, chinese) => {
    const decoded = decodeScore(scale, String(score));
    if (decoded.status !== 'band') throw new Error('expected a band');
    expect(ratingIntervalText('en', scale, decoded.band)).toBe(english);
    expect(ratingIntervalText('zh-CN', scale, decoded.band)).toBe(chinese);
  });

  it('words the ends no ladder uses today: closed, half-open from below, open-ended from a closed end', () => {
    const base = { minScore: 1, maxScore: 1, lowerInclusive: true };
    const closed = { ...base, lower: 6, upper: 12, upperInclusive: true };
    const closedOpen = { ...base, lower: 6, upper: 12, upperInclusive: false };
    const atLeast = { ...base, lower: 24, upper: null, upperInclusive: false };
    expect(ratingIntervalText('en', 'history', closed)).toBe('6 – 12 months (including 6 and 12)');
    expect(ratingIntervalText('zh-CN', 'history', closed)).toBe('6（含）至 12 个月（含）');
    expect(ratingIntervalText('en', 'history', closedOpen)).toBe('6 – 12 months (including 6, excluding 12)');
    expect(ratingIntervalText('zh-CN', 'history', closedOpen)).toBe('6（含）至 12 个月（不含）');
    expect(ratingIntervalText('en', 'history', atLeast)).toBe('24 months or more');
    expect(ratingIntervalText('zh-CN', 'history', atLeast)).toBe('24 个月（含）以上');
  });

  it('draws band index + 1 of band count', () => {
    expect(ratingBar(0, 10)).toBe('▰▱▱▱▱▱▱▱▱▱');
    expect(ratingBar(2, 10)).toBe('▰▰▰▱▱▱▱▱▱▱');
    expect(ratingBar(4, 5)).toBe('▰▰▰▰▰');
  });
});

describe('financeResultModal', () => {
  it('decodes the vendor doc example (16 / 17 / 38) in words, with what each score measures', () => {
    const modal = resultModal('en', rating('16', '17', '38'));
    expect(modal).toEqual({
      carriesJuheData: true,
      type: 'modal',
      title: { type: 'plain_text', text: 'Economic rating' },
      close: { type: 'plain_text', text: 'Done' },
      blocks: [
        IDENTITY_EN,
        { type: 'divider' },
        section(
          `*Financial capacity (预测金融能力)*\n▰▱▱▱▱▱▱▱▱▱  up to 1,500 CNY (inclusive) · score 16\n${MEASURES_EN.range}`,
        ),
        section(
          `*History (历史属性指数)*\n▰▱▱▱▱▱▱▱▱▱  up to 6 months (inclusive) · score 17\n${MEASURES_EN.history}`,
        ),
        section(
          `*Recent stability (近期稳定指数)*\n▰▱▱▱▱  up to 6 months (inclusive) · score 38\n${MEASURES_EN.stability}`,
        ),
        context(LEGEND_EN),
        FOOTER_EN,
      ],
    });
    expect(modalLimitViolations(modal)).toEqual([]);
  });

  it('reads the same example in zh-CN: native interval wording, units, full-width punctuation', () => {
    const modal = resultModal('zh-CN', rating('16', '17', '38'));
    expect(modal).toEqual({
      carriesJuheData: true,
      type: 'modal',
      title: { type: 'plain_text', text: '经济能力评级' },
      close: { type: 'plain_text', text: '完成' },
      blocks: [
        IDENTITY_ZH,
        { type: 'divider' },
        section(`*预测金融能力*\n▰▱▱▱▱▱▱▱▱▱  1,500 元（含）以下 · 评分 16\n${MEASURES_ZH.range}`),
        section(`*历史属性指数*\n▰▱▱▱▱▱▱▱▱▱  6 个月（含）以下 · 评分 17\n${MEASURES_ZH.history}`),
        section(`*近期稳定指数*\n▰▱▱▱▱  6 个月（含）以下 · 评分 38\n${MEASURES_ZH.stability}`),
        context(LEGEND_ZH),
        FOOTER_ZH,
      ],
    });
    expect(modalLimitViolations(modal)).toEqual([]);
  });

  it('shows the middle and top bands with their ends in words (25 / 100 / 85)', () => {
    expect(resultModal('en', rating('25', '100', '85')).blocks.slice(2, 5)).toEqual([
      section(
        `*Financial capacity (预测金融能力)*\n▰▰▱▱▱▱▱▱▱▱  1,500 – 3,000 CNY (excluding 1,500, including 3,000) · score 25\n${MEASURES_EN.range}`,
      ),
      section(
        `*History (历史属性指数)*\n▰▰▰▰▰▰▰▰▰▰  more than 180 months · score 100\n${MEASURES_EN.history}`,
      ),
      section(
        `*Recent stability (近期稳定指数)*\n▰▰▰▰▱  18 – 24 months (excluding 18 and 24) · score 85\n${MEASURES_EN.stability}`,
      ),
    ]);
    expect(resultModal('zh-CN', rating('25', '100', '85')).blocks.slice(2, 5)).toEqual([
      section(`*预测金融能力*\n▰▰▱▱▱▱▱▱▱▱  1,500（不含）至 3,000 元（含） · 评分 25\n${MEASURES_ZH.range}`),
      section(`*历史属性指数*\n▰▰▰▰▰▰▰▰▰▰  180 个月（不含）以上 · 评分 100\n${MEASURES_ZH.history}`),
      section(`*近期稳定指数*\n▰▰▰▰▱  18（不含）至 24 个月（不含） · 评分 85\n${MEASURES_ZH.stability}`),
    ]);
  });

  it('says what to do about unrecognised scores, once, and leaves the bar legend out when no bar is shown', () => {
    expect(resultModal('en', rating(0, '5', '')).blocks).toEqual([
      IDENTITY_EN,
      { type: 'divider' },
      section(`*Financial capacity (预测金融能力)*\nNo prediction (score 0)\n${MEASURES_EN.range}`),
      section(`*History (历史属性指数)*\nUnrecognised score “5”\n${MEASURES_EN.history}`),
      section(`*Recent stability (近期稳定指数)*\nJuhe sent no score\n${MEASURES_EN.stability}`),
      context(ADVICE_EN),
      FOOTER_EN,
    ]);
    expect(resultModal('zh-CN', rating('0', '5', null)).blocks).toEqual([
      IDENTITY_ZH,
      { type: 'divider' },
      section(`*预测金融能力*\n无法预测（评分 0）\n${MEASURES_ZH.range}`),
      section(`*历史属性指数*\n无法识别的评分“5”\n${MEASURES_ZH.history}`),
      section(`*近期稳定指数*\n聚合数据未返回评分\n${MEASURES_ZH.stability}`),
      context(ADVICE_ZH),
      FOOTER_ZH,
    ]);
  });

  it('shows neither note when every score is unpredictable', () => {
    expect(resultModal('en', rating('0', '0', '0')).blocks).toEqual([
      IDENTITY_EN,
      { type: 'divider' },
      section(`*Financial capacity (预测金融能力)*\nNo prediction (score 0)\n${MEASURES_EN.range}`),
      section(`*History (历史属性指数)*\nNo prediction (score 0)\n${MEASURES_EN.history}`),
      section(`*Recent stability (近期稳定指数)*\nNo prediction (score 0)\n${MEASURES_EN.stability}`),
      FOOTER_EN,
    ]);
    expect(resultModal('zh-CN', rating('0', '0', '0')).blocks).toEqual([
      IDENTITY_ZH,
      { type: 'divider' },
      section(`*预测金融能力*\n无法预测（评分 0）\n${MEASURES_ZH.range}`),
      section(`*历史属性指数*\n无法预测（评分 0）\n${MEASURES_ZH.history}`),
      section(`*近期稳定指数*\n无法预测（评分 0）\n${MEASURES_ZH.stability}`),
      FOOTER_ZH,
    ]);
  });

  it('shows the advice before the legend when bars and an unrecognised score meet', () => {
    expect(resultModal('en', rating('16', '101', '38')).blocks.slice(5)).toEqual([
      context(ADVICE_EN),
      context(LEGEND_EN),
      FOOTER_EN,
    ]);
    expect(resultModal('zh-CN', rating('16', '101', '38')).blocks.slice(5)).toEqual([
      context(ADVICE_ZH),
      context(LEGEND_ZH),
      FOOTER_ZH,
    ]);
  });

  it('points to the time and requester when Juhe sent no order number', () => {
    const scores = { ...rating('16', 'abc', '38'), orderId: null };
    expect(resultModal('en', scores).blocks.slice(5)).toEqual([
      context(
        ':warning: The app could not read a score above, so it is not decoded. Ask a Slack admin to check the app’s Juhe product 经济能力评级 (its subscription and version), giving them the time and requester below: the audit trail keeps Juhe’s raw value with this lookup.',
      ),
      context(LEGEND_EN),
      context('Source: Juhe · 2025-06-06 14:45 CST · requested by <@U123ABC>'),
    ]);
    expect(resultModal('zh-CN', scores).blocks.slice(5)).toEqual([
      context(
        ':warning: 上方有评分无法识别，因此未作解读。请联系 Slack 管理员核查本应用接入的聚合数据“经济能力评级”产品的订阅及版本，并提供下方的查询时间和查询人：审计记录中保存了此次查询聚合数据返回的原始值。',
      ),
      context(LEGEND_ZH),
      context('来源：聚合数据 · 2025-06-06 14:45（北京时间） · 查询人 <@U123ABC>'),
    ]);
  });

  it('shows an unrecognised value escaped, cut, and with any 身份证 or mobile in it masked', () => {
    const modal = createPresenter('zh-CN', true).view(
      resultModal('zh-CN', rating('<101>', '13812345678', `11010519491231002X ${'9'.repeat(40)}`)),
    );
    expect(modal.blocks[0]).toEqual({
      type: 'context',
      block_id: 'sandbox_marker',
      elements: [{ type: 'mrkdwn', text: ':test_tube: 沙盒数据，并非聚合数据的真实结果' }],
    });
    expect(sectionTexts(modal.blocks)).toEqual([
      `*预测金融能力*\n无法识别的评分“&lt;101&gt;”\n${MEASURES_ZH.range}`,
      `*历史属性指数*\n无法识别的评分“138****5678”\n${MEASURES_ZH.history}`,
      `*近期稳定指数*\n无法识别的评分“110105********002X ${'9'.repeat(20)}…”\n${MEASURES_ZH.stability}`,
    ]);
    expect(JSON.stringify(modal)).not.toContain('13812345678');
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
  const input = (locale: 'en' | 'zh-CN', scores: FinanceRating) => ({
    locale,
    rating: scores,
    identity,
    requesterId: 'U123ABC',
    fetchedAt,
  });

  it('carries the masked rating for the compliance thread', () => {
    const message = createPresenter('en', true).message(
      financeResultMessage(input('en', rating('16', '17', '38'))),
    );
    expect(message.text).toBe(
      'Economic capability rating for 张*洲: capacity: up to 1,500 CNY (inclusive) · score 16; history: up to 6 months (inclusive) · score 17; stability: up to 6 months (inclusive) · score 38',
    );
    expect(message.blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: 'Economic capability rating' } },
      {
        type: 'context',
        block_id: 'sandbox_marker',
        elements: [{ type: 'mrkdwn', text: ':test_tube: Sandbox data — not real Juhe results' }],
      },
      IDENTITY_EN,
      section(
        `*Financial capacity (预测金融能力)*\n▰▱▱▱▱▱▱▱▱▱  up to 1,500 CNY (inclusive) · score 16\n${MEASURES_EN.range}`,
      ),
      section(
        `*History (历史属性指数)*\n▰▱▱▱▱▱▱▱▱▱  up to 6 months (inclusive) · score 17\n${MEASURES_EN.history}`,
      ),
      section(
        `*Recent stability (近期稳定指数)*\n▰▱▱▱▱  up to 6 months (inclusive) · score 38\n${MEASURES_EN.stability}`,
      ),
      context(LEGEND_EN),
      FOOTER_EN,
    ]);
    expect(messageLimitViolations(message)).toEqual([]);
  });

  it('reads in zh-CN, its fallback joined with full-width punctuation', () => {
    const message = financeResultMessage(input('zh-CN', rating('16', '17', '38')));
    expect(message).toEqual({
      carriesJuheData: true,
      text: '张*洲的经济能力评级：金融能力：1,500 元（含）以下 · 评分 16；历史属性：6 个月（含）以下 · 评分 17；近期稳定：6 个月（含）以下 · 评分 38',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: '经济能力评级' } },
        IDENTITY_ZH,
        section(`*预测金融能力*\n▰▱▱▱▱▱▱▱▱▱  1,500 元（含）以下 · 评分 16\n${MEASURES_ZH.range}`),
        section(`*历史属性指数*\n▰▱▱▱▱▱▱▱▱▱  6 个月（含）以下 · 评分 17\n${MEASURES_ZH.history}`),
        section(`*近期稳定指数*\n▰▱▱▱▱  6 个月（含）以下 · 评分 38\n${MEASURES_ZH.stability}`),
        context(LEGEND_ZH),
        FOOTER_ZH,
      ],
    });
  });

  it('keeps the advice out of the fallback text and the legend out of a message without bars', () => {
    const english = financeResultMessage(input('en', rating('0', '5', '')));
    expect(english.text).toBe(
      'Economic capability rating for 张*洲: capacity: No prediction (score 0); history: Unrecognised score “5”; stability: Juhe sent no score',
    );
    expect(english.blocks.slice(5)).toEqual([context(ADVICE_EN), FOOTER_EN]);
    const chinese = financeResultMessage(input('zh-CN', rating('0', '5', '')));
    expect(chinese.text).toBe(
      '张*洲的经济能力评级：金融能力：无法预测（评分 0）；历史属性：无法识别的评分“5”；近期稳定：聚合数据未返回评分',
    );
    expect(chinese.blocks.slice(5)).toEqual([context(ADVICE_ZH), FOOTER_ZH]);
  });
});

describe('financeParentMessage', () => {
  it('announces the lookup without the rating, in both locales', () => {
    expect(financeParentMessage({ locale: 'en', requesterId: 'U123ABC', maskedName: '张德洲' })).toEqual({
      text: '<@U123ABC> looked up an economic capability rating for 张*洲. Masked result in thread.',
      blocks: [
        section(':bar_chart: <@U123ABC> looked up an economic capability rating. Masked result in thread.'),
        { type: 'section', fields: [{ type: 'plain_text', text: 'Name: 张*洲' }] },
      ],
    });
    expect(financeParentMessage({ locale: 'zh-CN', requesterId: 'U123ABC', maskedName: '张*洲' })).toEqual({
      text: '<@U123ABC> 查询了张*洲的经济能力评级，脱敏后的结果见消息串。',
      blocks: [
        section(':bar_chart: <@U123ABC> 查询了一项经济能力评级，脱敏后的结果见消息串。'),
        { type: 'section', fields: [{ type: 'plain_text', text: '姓名：张*洲' }] },
      ],
    });
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

  it('reads in zh-CN as a compliance analyst writes it', () => {
    const chinese = financeQueryModal({ locale: 'zh-CN', privateMetadata: '' });
    expect([chinese.title, chinese.submit, chinese.close]).toEqual([
      { type: 'plain_text', text: '经济能力评级' },
      { type: 'plain_text', text: '查询' },
      { type: 'plain_text', text: '取消' },
    ]);
    expect(chinese.blocks[0]).toEqual(
      section(
        '查询聚合数据的经济能力评级（基于社保数据）。身份证号和手机号属于敏感个人信息，仅发送给聚合数据，显示时一律脱敏。',
      ),
    );
    const inputs = chinese.blocks.filter((block): block is InputBlock => block.type === 'input');
    expect(inputs.map((block) => [block.label.text, block.hint?.text])).toEqual([
      ['人员姓名', '与身份证一致。'],
      ['身份证号', '18 位，最后一位可以是 X。'],
      ['手机号', '11 位中国大陆手机号码。'],
      ['查询目的', '请说明查询原因，例如 KYC 审核编号。查询目的将与您的 Slack 用户 ID 一并记入审计日志。'],
      ['授权确认', undefined],
    ]);
    expect(inputs[4]?.element).toEqual({
      type: 'checkboxes',
      action_id: 'consent_checkbox',
      options: [
        {
          text: { type: 'plain_text', text: '我确认已取得被查询人同意，或本次查询具备其他合法依据' },
          description: {
            type: 'plain_text',
            text: '依据《个人信息保护法》，此项必填；确认情况将记入审计日志。',
          },
          value: 'attested',
        },
      ],
    });
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

describe('finance strings in zh-CN', () => {
  const FINANCE_KEY =
    /^(finance\.|rating\.|modal\.(finance|idcard|mobile|purpose|consent)\.|(loading|api|notInChannel|help)\.finance$|error\.title\.finance$)/;
  const financeKeys = MESSAGE_KEYS.filter((key) => FINANCE_KEY.test(key));

  it('use full-width punctuation, with no space after it', () => {
    expect(financeKeys.length).toBeGreaterThan(40);
    for (const key of financeKeys) {
      // code spans, mentions, channel links and emoji codes keep their ASCII
      const prose = messageTemplate('zh-CN', key).replace(/`[^`]*`|<[^>]*>|:[a-z_]+:/g, '');
      expect(prose, key).not.toMatch(/[,;:()?!]/);
      expect(prose, key).not.toMatch(/[，；：。（）、] /);
    }
  });
});
