import { describe, expect, it } from 'vitest';
import { inputValidationErrors } from '../blocks/errors.js';
import { CONSENT_OPTION_VALUE } from '../blocks/financeForm.js';
import { BLOCK_IDS, INPUT_ACTION_IDS } from '../ids.js';
import { readFinanceSubmission } from './financeSubmission.js';
import { readRiskSubmission } from './riskSubmission.js';

function financeValues(fields: {
  realname?: string;
  idcard?: string;
  mobile?: string;
  purpose?: string;
  consent?: boolean;
}) {
  const text = (block: keyof typeof INPUT_ACTION_IDS, value: string | undefined) => ({
    [BLOCK_IDS[block]]: { [INPUT_ACTION_IDS[block]]: { type: 'plain_text_input', value: value ?? null } },
  });
  return {
    ...text('realname', fields.realname),
    ...text('idcard', fields.idcard),
    ...text('mobile', fields.mobile),
    ...text('purpose', fields.purpose),
    [BLOCK_IDS.consent]: {
      [INPUT_ACTION_IDS.consent]: {
        type: 'checkboxes',
        selected_options: fields.consent
          ? [{ value: CONSENT_OPTION_VALUE, text: { type: 'plain_text', text: 'x' } }]
          : [],
      },
    },
  };
}

describe('readFinanceSubmission', () => {
  it('normalises a valid form', () => {
    const result = readFinanceSubmission(
      financeValues({
        realname: ' 张三 ',
        idcard: '11010519491231002x',
        mobile: '+86 138-1234-5678',
        purpose: 'KYC onboarding review',
        consent: true,
      }),
    );
    expect(result).toEqual({
      ok: true,
      query: { realname: '张三', idcard: '11010519491231002X', mobile: '13812345678' },
      purpose: 'KYC onboarding review',
    });
  });

  it('reports every bad field at once, keyed by block_id', () => {
    const result = readFinanceSubmission(
      financeValues({
        realname: '张3',
        idcard: '110105194912310021',
        mobile: '12345',
        purpose: 'kyc',
        consent: false,
      }),
    );
    expect(result).toEqual({
      ok: false,
      problems: {
        realname: 'name_chars',
        idcard: 'idcard_checksum',
        mobile: 'mobile_format',
        purpose: 'purpose_too_short',
        consent: 'consent_required',
      },
    });
  });

  it('asks for the 18-digit number when given an old 15-digit one', () => {
    const result = readFinanceSubmission(
      financeValues({
        realname: '张三',
        idcard: '110105491231002',
        mobile: '13812345678',
        purpose: 'onboarding',
        consent: true,
      }),
    );
    expect(result).toEqual({ ok: false, problems: { idcard: 'idcard_15_digit' } });
  });

  it('treats a missing or malformed state as empty fields', () => {
    for (const values of [
      undefined,
      null,
      {},
      { realname: 'x' },
      { idcard: { idcard_input: { value: 5 } } },
    ]) {
      expect(readFinanceSubmission(values)).toEqual({
        ok: false,
        problems: {
          realname: 'required',
          idcard: 'required',
          mobile: 'required',
          purpose: 'required',
          consent: 'consent_required',
        },
      });
    }
  });
});

describe('readRiskSubmission', () => {
  const riskValues = (keyword: string, realname: string, type?: string) => ({
    [BLOCK_IDS.keyword]: { [INPUT_ACTION_IDS.keyword]: { value: keyword } },
    [BLOCK_IDS.realname]: { [INPUT_ACTION_IDS.realname]: { value: realname } },
    [BLOCK_IDS.type]: {
      [INPUT_ACTION_IDS.type]: { selected_option: type === undefined ? null : { value: type } },
    },
  });

  it('reads a valid form; no type selected means all', () => {
    expect(readRiskSubmission(riskValues(' 江苏德洲实业 ', '张德洲', '2'))).toEqual({
      ok: true,
      keyword: '江苏德洲实业',
      realname: '张德洲',
      scope: 2,
    });
    expect(readRiskSubmission(riskValues('江苏', '张德洲'))).toMatchObject({ ok: true, scope: 'all' });
  });

  it('refuses a 身份证 or mobile typed as the keyword, and a bad name', () => {
    expect(readRiskSubmission(riskValues('11010519491231002X', '张'))).toEqual({
      ok: false,
      problems: { keyword: { code: 'keyword_is_personal_id' }, realname: 'name_length' },
    });
    expect(readRiskSubmission(riskValues('', '', 'x'))).toEqual({
      ok: false,
      problems: { keyword: 'required', realname: 'required', type: 'unknown_type' },
    });
  });

  it('refuses a 统一社会信用代码 whose check character does not match, with the likely typo', () => {
    const submission = readRiskSubmission(riskValues('91350100M000100X43', '张德洲'));
    expect(submission).toEqual({
      ok: false,
      problems: {
        keyword: {
          code: 'keyword_uscc_checksum',
          usccTypo: { kind: 'replace', position: 16, found: 'X', expected: 'Y' },
        },
      },
    });
    expect(submission.ok ? {} : inputValidationErrors('en', submission.problems)).toEqual({
      keyword:
        'This 统一社会信用代码 does not add up: character 16 should probably be “Y”, not “X”. Compare it with the business licence (营业执照).',
    });
    expect(submission.ok ? {} : inputValidationErrors('zh-CN', submission.problems)).toEqual({
      keyword: '该统一社会信用代码校验不通过：第 16 位可能应为“Y”，而不是“X”。请对照营业执照核对。',
    });
  });

  it('takes a valid 统一社会信用代码, and refuses one shaped like a 身份证 (17 digits and X) as personal', () => {
    expect(readRiskSubmission(riskValues('91110000100006485k', '张德洲'))).toEqual({
      ok: true,
      keyword: '91110000100006485k',
      realname: '张德洲',
      scope: 'all',
    });
    expect(readRiskSubmission(riskValues('91110000100006485X', '张德洲'))).toEqual({
      ok: false,
      problems: { keyword: { code: 'keyword_is_personal_id' } },
    });
  });
});
