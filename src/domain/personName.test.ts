import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NAME_MIDDLE_DOT, validatePersonName } from './personName.js';

function codeOf(input: string): string {
  const result = validatePersonName(input);
  return result.ok ? 'ok' : result.code;
}

describe('validatePersonName: Chinese names', () => {
  it.each([
    ['张三', '张三'],
    ['  张三  ', '张三'],
    ['张 三', '张三'],
    ['欧阳 修', '欧阳修'],
    ['㐀三', '㐀三'],
    ['𠀀三', '𠀀三'],
    ['阿卜杜·热合曼', '阿卜杜·热合曼'],
    ['阿卜杜 · 热合曼', '阿卜杜·热合曼'],
  ])('accepts %j as %j', (input, value) => {
    expect(validatePersonName(input)).toEqual({ ok: true, value });
  });

  it.each(['\u00B7', '\u2022', '\u30FB', '\uFF65', '\u2027', '\u2219', '\u22C5', '\uFF0E', '.'])(
    'folds the look-alike dot %j to U+00B7',
    (dot) => {
      expect(validatePersonName(`阿卜杜${dot}热合曼`)).toEqual({
        ok: true,
        value: `阿卜杜${NAME_MIDDLE_DOT}热合曼`,
      });
    },
  );

  it.each([
    ['·张三', 'A name cannot start or end with the middle dot (·); remove it.'],
    ['张三•', 'A name cannot start or end with the middle dot (·); remove it.'],
    ['张··三', 'A name has single middle dots (·) between its parts; remove the doubled dot.'],
    ['张.・三', 'A name has single middle dots (·) between its parts; remove the doubled dot.'],
  ])('rejects the dots in %j', (input, problem) => {
    expect(validatePersonName(input)).toEqual({ ok: false, code: 'name_dots', problem });
  });

  it('says a single character is too short', () => {
    expect(validatePersonName(' 张 ')).toEqual({
      ok: false,
      code: 'name_length',
      problem:
        'A single Chinese character is too short for a full name; enter surname and given name as on the 身份证.',
    });
  });

  it('allows 30 characters, not 31', () => {
    expect(validatePersonName('张'.repeat(30)).ok).toBe(true);
    expect(validatePersonName('张'.repeat(31))).toEqual({
      ok: false,
      code: 'name_length',
      problem: 'A Chinese name has at most 30 characters; this one is longer.',
    });
  });

  it('counts characters outside the BMP as one', () => {
    expect(validatePersonName('𠀀'.repeat(30)).ok).toBe(true);
  });

  it.each(['张三!', '张三（小）', '张_三', '张三の'])('rejects other characters in %j', (input) => {
    expect(codeOf(input)).toBe('name_chars');
  });
});

describe('validatePersonName: Latin names', () => {
  it.each([
    ['John Smith', 'John Smith'],
    ['  John   Smith ', 'John Smith'],
    ['Li', 'Li'],
    ["O'Brien", "O'Brien"],
    ['O\u2019Brien', "O'Brien"],
    ['José Álvarez-Núñez', 'José Álvarez-Núñez'],
    ['Jose\u0301', 'José'],
    ['Ｊｏｈｎ', 'John'],
  ])('accepts %j as %j', (input, value) => {
    expect(validatePersonName(input)).toEqual({ ok: true, value });
  });

  it('allows 2 to 60 characters', () => {
    expect(validatePersonName('A'.repeat(60)).ok).toBe(true);
    expect(validatePersonName('J')).toEqual({
      ok: false,
      code: 'name_length',
      problem: 'A name in Latin letters has 2 to 60 characters; this one has 1.',
    });
    expect(codeOf('A'.repeat(61))).toBe('name_length');
  });

  it.each(['John.Smith', 'John_Smith', 'John@Smith', '--', "' '", 'Иван Петров', '·'])(
    'rejects %j',
    (input) => {
      expect(codeOf(input)).toBe('name_chars');
    },
  );
});

describe('validatePersonName: common rules', () => {
  it.each(['', '   ', '\t\n'])('says %j is empty', (input) => {
    expect(validatePersonName(input)).toEqual({
      ok: false,
      code: 'name_empty',
      problem: 'The name is empty; enter the full name as on the 身份证.',
    });
  });

  it.each(['张三3', 'John Smith 2', '张三３'])('rejects digits in %j', (input) => {
    expect(validatePersonName(input)).toEqual({
      ok: false,
      code: 'name_chars',
      problem: 'A name cannot contain digits; enter the full name as on the 身份证.',
    });
  });

  it('rejects a mix of Chinese and Latin and says which to use', () => {
    expect(validatePersonName('张三 John')).toEqual({
      ok: false,
      code: 'name_chars',
      problem:
        'The name mixes Chinese characters and Latin letters; enter it in Chinese characters exactly as on the ' +
        '身份证 (use Latin letters only for a person with no Chinese name).',
    });
  });

  it('never throws on random input, and a valid result validates to itself', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (input) => {
        const result = validatePersonName(input);
        if (result.ok) expect(validatePersonName(result.value)).toEqual(result);
      }),
    );
  });

  it('accepts generated Chinese names', () => {
    const hanChar = fc.integer({ min: 0x4e00, max: 0x9fff }).map((code) => String.fromCodePoint(code));
    fc.assert(
      fc.property(fc.array(hanChar, { minLength: 2, maxLength: 30 }), (chars) => {
        const name = chars.join('');
        expect(validatePersonName(name)).toEqual({ ok: true, value: name });
      }),
    );
  });
});
