import { describe, expect, it } from 'vitest';
import { LOCALES, MESSAGE_KEYS } from '../../i18n/catalog.js';
import { fieldProblemText, validationText } from './validationText.js';

describe('fieldProblemText', () => {
  it.each([
    [
      {
        code: 'keyword_uscc_checksum',
        usccTypo: { kind: 'swap', position: 17, first: '3', second: '4' },
      } as const,
      'This 统一社会信用代码 does not add up: characters 17 and 18 (“3” and “4”) look swapped. Compare it with the business licence (营业执照).',
      '该统一社会信用代码校验不通过：第 17 位和第 18 位（“3”和“4”）可能颠倒了。请对照营业执照核对。',
    ],
    [
      { code: 'keyword_uscc_checksum', usccTypo: { kind: 'recopy' } } as const,
      'This 统一社会信用代码 does not add up: its check character (the 18th) does not match. Copy it again from the business licence (营业执照).',
      '该统一社会信用代码校验不通过：第 18 位校验码不符，请从营业执照重新复制。',
    ],
    [
      { code: 'keyword_is_personal_id' },
      "This looks like a 身份证 or mobile number. Enter the company the person is linked to; for a person's rating use /finance.",
      '这看起来是身份证号或手机号。请填写人员关联的企业；查询个人评级请使用 /finance。',
    ],
    ['required', 'This field is required.', '此项为必填项。'],
  ])('%j', (problem, en, zhCN) => {
    expect(fieldProblemText('en', problem)).toBe(en);
    expect(fieldProblemText('zh-CN', problem)).toBe(zhCN);
  });
});

describe('validationText', () => {
  it('never hands out a message with unfilled placeholders, whatever the code', () => {
    const codes = MESSAGE_KEYS.filter((key) => key.startsWith('validation.')).map((key) => key.slice(11));
    for (const locale of LOCALES) {
      for (const code of codes) expect(validationText(locale, code), code).not.toMatch(/\{\w+\}/);
    }
    expect(validationText('en', 'keyword_uscc_checksum.replace')).toBe('Check this value and try again.');
  });
});
