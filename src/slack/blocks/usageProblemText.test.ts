import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scrubPersonalData } from '../../domain/scrub.js';
import { USCC_ALPHABET } from '../../domain/uscc.js';
import { parseRiskCommand } from '../commands/parseRiskCommand.js';
import type { RiskCommandProblem } from '../commands/riskCommand.types.js';
import { usageFixText, usageProblemText } from './usageProblemText.js';

describe('usageProblemText / usageFixText', () => {
  it.each<[RiskCommandProblem, string, string]>([
    [
      {
        code: 'keyword_uscc_checksum',
        usccTypo: { kind: 'replace', position: 16, found: 'X', expected: 'Y' },
      },
      'This 统一社会信用代码 does not add up: character 16 should probably be “Y”, not “X”.',
      '该统一社会信用代码校验不通过：第 16 位可能应为“Y”，而不是“X”。',
    ],
    [
      { code: 'keyword_uscc_checksum', usccTypo: { kind: 'swap', position: 5, first: '3', second: '8' } },
      'This 统一社会信用代码 does not add up: characters 5 and 6 (“3” and “8”) look swapped.',
      '该统一社会信用代码校验不通过：第 5 位和第 6 位（“3”和“8”）可能颠倒了。',
    ],
    [
      { code: 'keyword_uscc_checksum', usccTypo: { kind: 'recopy' } },
      'This 统一社会信用代码 does not add up: its check character (the 18th) does not match the other 17, so at least one character is mistyped.',
      '该统一社会信用代码校验不通过：第 18 位校验码与前 17 位不符，至少有一位输入有误。',
    ],
    [
      { code: 'keyword_uscc_checksum' },
      'This 统一社会信用代码 does not add up: its check character (the 18th) does not match the other 17, so at least one character is mistyped.',
      '该统一社会信用代码校验不通过：第 18 位校验码与前 17 位不符，至少有一位输入有误。',
    ],
  ])('%j', (problem, en, zhCN) => {
    expect(usageProblemText('en', problem)).toBe(en);
    expect(usageProblemText('zh-CN', problem)).toBe(zhCN);
    expect(usageFixText('en', problem)).toBe(
      'Copy the code again from the business licence (营业执照) and compare it character by character (a corrected code can still be another company’s), or search by the company name.',
    );
    expect(usageFixText('zh-CN', problem)).toBe(
      '请从营业执照重新复制代码并逐位核对（改正后的代码也可能属于另一家企业），或按企业名称查询。',
    );
  });

  it.each<[RiskCommandProblem, string, string]>([
    [
      { code: 'unclosed_quote' },
      'A quote was opened but never closed.',
      'Put the closing quote after the company name.',
    ],
    [
      { code: 'unknown_type', word: '<bad>' },
      '“&lt;bad&gt;” is not a type.',
      'Use one of `1 失信 dishonest`, `2 被执行 enforced`, `3 限制消费 限消 restricted`, `all 全部`, or leave it out to check all three sources.',
    ],
    [
      { code: 'unknown_type' },
      'The third word is not a type.',
      'Use one of `1 失信 dishonest`, `2 被执行 enforced`, `3 限制消费 限消 restricted`, `all 全部`, or leave it out to check all three sources.',
    ],
    [
      { code: 'realname_invalid', detailCode: 'name_length' },
      "The person's name is not valid: The name is too short or too long; enter the full name as on the 身份证.",
      'Enter the full name as on the 身份证.',
    ],
    [
      { code: 'keyword_is_personal_id', word: '11010519491231002X' },
      'The keyword looks like a 身份证 or mobile number, and /risk does not search by those.',
      "Give the company the person is linked to (name, registration number or 统一社会信用代码). For a person's economic capability rating, use `/finance`.",
    ],
    [
      { code: 'keyword_too_long' },
      'The keyword is too long.',
      "Use the company's 统一社会信用代码 or registration number, or a shorter form of its name.",
    ],
  ])('words %j as the usage message shows it', (problem, what, fix) => {
    expect(usageProblemText('en', problem)).toBe(what);
    expect(usageFixText('en', problem)).toBe(fix);
  });

  it('never shows the code, or anything shaped like a 身份证 or mobile, for a code that does not add up', () => {
    const shaped = fc.string({ unit: fc.constantFrom(...USCC_ALPHABET), minLength: 18, maxLength: 18 });
    fc.assert(
      fc.property(shaped, (keyword) => {
        const command = parseRiskCommand(`${keyword} 张德洲`);
        if (command.kind !== 'invalid') return;
        for (const locale of ['en', 'zh-CN'] as const) {
          const text = `${usageProblemText(locale, command.problem)} ${usageFixText(locale, command.problem)}`;
          expect(text).not.toContain(keyword);
          expect(scrubPersonalData(text)).toBe(text);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('usageFixText with a corrected command', () => {
  it('names the quoted name and shows the command, escaped, in both languages', () => {
    const problem = {
      code: 'unknown_type' as const,
      word: 'Smith',
      suggestion: '/risk A&B "John Smith"',
      quotedName: 'John Smith',
    };
    expect(usageFixText('en', problem)).toBe(
      'If “John Smith” is the person’s name, put it in quotes: `/risk A&amp;B "John Smith"`.',
    );
    expect(usageFixText('zh-CN', problem)).toBe(
      '如果“John Smith”是人员姓名，请加引号：`/risk A&amp;B "John Smith"`。',
    );
  });

  it('adds the command to the quoting hint for too many words', () => {
    expect(usageFixText('en', { code: 'too_many_words', suggestion: '/risk "Acme Ltd" "John Smith"' })).toBe(
      'If the company name or the person\'s name contains spaces, put it in quotes. Try `/risk "Acme Ltd" "John Smith"`.',
    );
  });
});
