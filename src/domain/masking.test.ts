import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskIdCard, maskMobile, maskName } from './masking.js';

const digits = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
const idCard = fc
  .tuple(digits(17, 17), fc.constantFrom(...'0123456789X'))
  .map(([first, check]) => first + check);
const mobile = digits(9, 9).map((rest) => `13${rest}`);

describe('maskIdCard', () => {
  it('keeps the first 6 and last 4', () => {
    expect(maskIdCard('11010519491231002X')).toBe('110105********002X');
    expect(maskIdCard('440524188001010014')).toBe('440524********0014');
  });

  it('stars short values entirely', () => {
    expect(maskIdCard('')).toBe('');
    expect(maskIdCard('123')).toBe('***');
    expect(maskIdCard('11010519491231')).toBe('**************');
  });

  it('masks a 15-digit number too', () => {
    expect(maskIdCard('110105491231002')).toBe('110105*****1002');
  });

  it('never shows digits 7–14, preserves the length and is idempotent', () => {
    fc.assert(
      fc.property(idCard, (id) => {
        const masked = maskIdCard(id);
        expect(masked).toHaveLength(18);
        expect(masked.slice(6, 14)).toBe('********');
        expect(masked.slice(0, 6)).toBe(id.slice(0, 6));
        expect(masked.slice(14)).toBe(id.slice(14));
        expect(maskIdCard(masked)).toBe(masked);
      }),
    );
  });
});

describe('maskMobile', () => {
  it('keeps the first 3 and last 4', () => {
    expect(maskMobile('13812345678')).toBe('138****5678');
  });

  it('stars short values entirely', () => {
    expect(maskMobile('')).toBe('');
    expect(maskMobile('1381234567')).toBe('**********');
  });

  it('never shows the middle 4 digits, preserves the length and is idempotent', () => {
    fc.assert(
      fc.property(mobile, (number) => {
        const masked = maskMobile(number);
        expect(masked).toHaveLength(11);
        expect(masked.slice(3, 7)).toBe('****');
        expect(maskMobile(masked)).toBe(masked);
      }),
    );
  });

  it('keeps length and idempotence for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii' }), (value) => {
        expect(maskMobile(value)).toHaveLength(value.length);
        expect(maskIdCard(value)).toHaveLength(value.length);
        expect(maskMobile(maskMobile(value))).toBe(maskMobile(value));
        expect(maskIdCard(maskIdCard(value))).toBe(maskIdCard(value));
      }),
    );
  });
});

describe('maskName', () => {
  it.each([
    ['', ''],
    ['张', '*'],
    ['张三', '张*'],
    ['张学洲', '张*洲'],
    ['欧阳克锋', '欧**锋'],
    ['阿卜杜·热合曼', '阿**·**曼'],
    ['Li', 'L*'],
    ['John Smith', 'J*** ****h'],
    ["Mary-Jane O'Neil", "M***-**** *'***l"],
    ['A-B', 'A-*'],
    ['𠀀𠀁𠀂', '𠀀*𠀂'],
  ])('masks %j as %j', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('preserves the length in characters, hides something and is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1 }), (name) => {
        const masked = maskName(name);
        expect([...masked]).toHaveLength([...name].length);
        expect(masked).toContain('*');
        expect(maskName(masked)).toBe(masked);
      }),
    );
  });
});
