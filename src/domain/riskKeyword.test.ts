import { describe, expect, it } from 'vitest';
import { checkRiskKeyword } from './riskKeyword.js';

describe('checkRiskKeyword', () => {
  it.each([
    ['江苏德洲实业有限公司', undefined],
    ['91350100M000100Y43', undefined],
    ['110105491231002', undefined],
    ['11010519491231002X', { code: 'keyword_is_personal_id' }],
    ['13812345678', { code: 'keyword_is_personal_id' }],
    // shaped like a code too, but a 身份证 shape is personal first
    ['91110000100006485X', { code: 'keyword_is_personal_id' }],
    [
      '91350100M000100X43',
      {
        code: 'keyword_uscc_checksum',
        usccTypo: { kind: 'replace', position: 16, found: 'X', expected: 'Y' },
      },
    ],
    ['江'.repeat(200), undefined],
    ['江'.repeat(201), { code: 'keyword_too_long' }],
  ])('%s → %j', (keyword, expected) => {
    expect(checkRiskKeyword(keyword)).toEqual(expected);
  });
});
