import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskIdCard, maskMobile } from './masking.js';
import { type PersonalDataMatch, replacePersonalData, scrubPersonalData } from './scrub.js';

const digits = (length: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: length, maxLength: length });
const idCard = fc
  .tuple(digits(17), fc.constantFrom(...'0123456789Xx'))
  .map(([first, check]) => first + check);
const mobile = fc
  .tuple(fc.constantFrom(...'3456789'), digits(9))
  .map(([second, rest]) => `1${second}${rest}`);
/** Text that cannot extend a number: no digits, no X, no dot. */
/** No `{`: text starting with it counts as a JSON line, where bare numbers get quoted. */
const fillerUnit = fc.constantFrom(...'abc 身份证:=,;"}[]-_/\n');
const filler = fc.string({ unit: fillerUnit, maxLength: 20 });
/** Between two values: at least one character, or the two would be one longer digit run. */
const separator = fc.string({ unit: fillerUnit, minLength: 1, maxLength: 20 });

describe('scrubPersonalData', () => {
  it.each([
    ['id 11010519491231002X here', 'id 110105********002X here'],
    ['id 11010519491231002x here', 'id 110105********002x here'],
    ['call 13812345678 now', 'call 138****5678 now'],
    ['call +8613812345678', 'call +86138****5678'],
    ['call 8613812345678', 'call 86138****5678'],
    ['call 008613812345678', 'call 0086138****5678'],
    ['身份证440524188001010014，手机19912345678。', '身份证440524********0014，手机199****5678。'],
    ['１３８１２３４５６７８', '１３８****５６７８'],
    ['１１０１０５１９４９１２３１００２Ｘ', '１１０１０５********００２Ｘ'],
    ['a:13812345678/11010519491231002X', 'a:138****5678/110105********002X'],
    ['call 138 1234 5678 now', 'call 138 **** 5678 now'],
    ['call 138-1234-5678', 'call 138-****-5678'],
    ['call 138 1234-5678', 'call 138 ****-5678'],
    ['call +86 138 1234 5678', 'call +86 138 **** 5678'],
    ['call +86-138-1234-5678', 'call +86-138-****-5678'],
    ['call 0086 13812345678', 'call 0086 138****5678'],
    ['１３８ １２３４ ５６７８', '１３８ **** ５６７８'],
    ['１３８\u3000１２３４\uFF0D５６７８', '１３８\u3000****\uFF0D５６７８'],
    ['id 110105 19491231 002X', 'id 110105 ******** 002X'],
    ['id 110105-19491231-002X', 'id 110105-********-002X'],
    ['id 110105 19491231002x.', 'id 110105 ********002x.'],
    ['old id 110105491231002 here', 'old id 110105*****1002 here'],
    ['{"n":110105491231003}', '{"n":"110105*****1003"}'],
  ])('masks %j', (input, expected) => {
    expect(scrubPersonalData(input)).toBe(expected);
  });

  it.each([
    'order JH4011908021558278080790 done',
    '1101051949123100211',
    'X11010519491231002X',
    '11010519491231002XX',
    '138123456789',
    '238123456789',
    '12812345678',
    'ts 1717171717171 and 1717171717.123456',
    'amount 0.13812345678',
    'amount 13812345678.5',
    'JH815250606144507MmTeM',
    'thread 1700000000.000100 and 1700000000.000100-1',
    'order JH4011908021558278080790-138 done',
    '138 1234 56789',
    '2138 1234 5678',
    '1110105 19491231 002X',
    '',
  ])('leaves %j alone', (input) => {
    expect(scrubPersonalData(input)).toBe(input);
  });

  it('masks inside JSON log lines and keeps them valid JSON', () => {
    const line = `${JSON.stringify({
      level: 30,
      time: 1717171717171,
      msg: 'lookup for 11010519491231002X failed, call 13812345678',
      orderid: 'JH4011908021558278080790',
      nested: { mobile: 13812345678, list: [13912345678, 8613812345678] },
    })}\n`;
    const scrubbed = scrubPersonalData(line);
    expect(JSON.parse(scrubbed)).toEqual({
      level: 30,
      time: 1717171717171,
      msg: 'lookup for 110105********002X failed, call 138****5678',
      orderid: 'JH4011908021558278080790',
      nested: { mobile: '138****5678', list: ['139****5678', '86138****5678'] },
    });
    expect(scrubbed.endsWith('\n')).toBe(true);
  });

  it('quotes masked bare numbers only in JSON lines', () => {
    expect(scrubPersonalData('mobile:13812345678,')).toBe('mobile:138****5678,');
    expect(scrubPersonalData('{"mobile":13812345678 }')).toBe('{"mobile":"138****5678" }');
    expect(scrubPersonalData('{"mobile": [ 13812345678 ,1]}')).toBe('{"mobile": [ "138****5678" ,1]}');
  });

  it('does not add quotes inside a JSON string', () => {
    const line = JSON.stringify({ msg: 'a:13812345678,b:"x",c:\\"11010519491231002X}' });
    expect(JSON.parse(scrubPersonalData(line))).toEqual({
      msg: 'a:138****5678,b:"x",c:\\"110105********002X}',
    });
  });

  it('masks every generated 身份证 and mobile embedded in random text', () => {
    fc.assert(
      fc.property(filler, idCard, separator, mobile, filler, (a, id, b, number, c) => {
        const scrubbed = scrubPersonalData(a + id + b + number + c);
        expect(scrubbed).toBe(a + maskIdCard(id) + b + maskMobile(number) + c);
        expect(scrubbed).not.toContain(id.slice(6, 14));
        expect(scrubbed).not.toContain(number);
      }),
      { numRuns: 300 },
    );
  });

  it('masks 身份证 and mobiles typed in groups split by one space or dash', () => {
    const gap = fc.constantFrom('', ' ', '-');
    fc.assert(
      fc.property(
        filler,
        idCard,
        gap,
        gap,
        separator,
        mobile,
        gap,
        gap,
        filler,
        (a, id, g1, g2, b, number, g3, g4, c) => {
          const groupedId = `${id.slice(0, 6)}${g1}${id.slice(6, 14)}${g2}${id.slice(14)}`;
          const groupedMobile = `${number.slice(0, 3)}${g3}${number.slice(3, 7)}${g4}${number.slice(7)}`;
          const scrubbed = scrubPersonalData(a + groupedId + b + groupedMobile + c);
          expect(scrubbed).toBe(
            `${a}${id.slice(0, 6)}${g1}********${g2}${id.slice(14)}${b}${number.slice(0, 3)}${g3}****${g4}${number.slice(7)}${c}`,
          );
          expect(scrubbed).not.toContain(id.slice(6, 14));
          expect(scrubbed).not.toContain(number.slice(3, 7) + g4 + number.slice(7));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps a JSON line with a grouped number valid', () => {
    const line = JSON.stringify({ msg: 'call +86 138-1234-5678', id: '110105 19491231 002X' });
    expect(JSON.parse(scrubPersonalData(line))).toEqual({
      msg: 'call +86 138-****-5678',
      id: '110105 ******** 002X',
    });
  });

  it('keeps any JSON line parseable and free of the values', () => {
    fc.assert(
      fc.property(filler, idCard, mobile, (text, id, number) => {
        const line = JSON.stringify({ msg: `${text}${id} ${text}`, n: Number(number), s: number });
        const parsed = JSON.parse(scrubPersonalData(line));
        expect(parsed).toEqual({
          msg: `${text}${maskIdCard(id)} ${text}`,
          n: maskMobile(number),
          s: maskMobile(number),
        });
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on random text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(typeof scrubPersonalData(text)).toBe('string');
      }),
    );
  });

  it('is fast enough for every log line', () => {
    const line = JSON.stringify({
      level: 30,
      time: 1717171717171,
      pid: 4242,
      msg: 'juhe call finished',
      orderid: 'JH4011908021558278080790',
      durationMs: 412,
      text: 'x'.repeat(400),
    });
    const started = performance.now();
    for (let i = 0; i < 20_000; i++) scrubPersonalData(line);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('replacePersonalData', () => {
  const matchesIn = (text: string) => {
    const found: PersonalDataMatch[] = [];
    const replaced = replacePersonalData(text, (match) => {
      found.push(match);
      return `<${match.kind}>`;
    });
    return { found, replaced };
  };

  it('hands each match over with its place, its compact form and its mask', () => {
    expect(matchesIn('身份证 110105 19491231 002x，电话 +86 138-1234-5678。')).toEqual({
      found: [
        {
          kind: 'idcard',
          text: '110105 19491231 002x',
          offset: 4,
          compact: '11010519491231002X',
          masked: '110105 ******** 002x',
        },
        {
          kind: 'mobile',
          text: '+86 138-1234-5678',
          offset: 28,
          compact: '13812345678',
          masked: '+86 138-****-5678',
        },
      ],
      replaced: '身份证 <idcard>，电话 <mobile>。',
    });
  });

  it('folds full-width digits in the compact form only', () => {
    expect(matchesIn('１１０１０５１９４９１２３１００２Ｘ').found).toEqual([
      {
        kind: 'idcard',
        text: '１１０１０５１９４９１２３１００２Ｘ',
        offset: 0,
        compact: '11010519491231002X',
        masked: '１１０１０５********００２Ｘ',
      },
    ]);
  });

  it('leaves the text alone when the callback returns the match', () => {
    fc.assert(
      fc.property(filler, idCard, separator, mobile, filler, (a, id, b, number, c) => {
        const text = a + id + b + number + c;
        expect(replacePersonalData(text, (match) => match.text)).toBe(text);
      }),
      { numRuns: 200 },
    );
  });
});
