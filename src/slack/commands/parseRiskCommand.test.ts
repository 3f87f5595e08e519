import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idCardCheckChar } from '../../domain/idcard.js';
import { checkRiskKeyword } from '../../domain/riskKeyword.js';
import { parseRiskScope, TYPE_WORD_LIST } from '../../domain/riskType.js';
import { USCC_ALPHABET, usccCheckChar } from '../../domain/uscc.js';
import { parseRiskCommand, QUOTE_KEYWORD_HINT } from './parseRiskCommand.js';

const NBSP = '\u00A0';
const IDEOGRAPHIC_SPACE = '\u3000';

describe('parseRiskCommand: exact cases', () => {
  it.each([
    ['江苏 张德洲', { kind: 'query', keyword: '江苏', realname: '张德洲', scope: 'all' }],
    [
      '"江苏 德洲 实业" 张德洲 失信',
      { kind: 'query', keyword: '江苏 德洲 实业', realname: '张德洲', scope: 1 },
    ],
    ['“江苏德洲” 张德洲 2', { kind: 'query', keyword: '江苏德洲', realname: '张德洲', scope: 2 }],
    [
      '91350100M000100Y43 张德洲 限消',
      { kind: 'query', keyword: '91350100M000100Y43', realname: '张德洲', scope: 3 },
    ],
    ['江苏 张德洲 被执行', { kind: 'query', keyword: '江苏', realname: '张德洲', scope: 2 }],
    ['江苏 张德洲 限制消费', { kind: 'query', keyword: '江苏', realname: '张德洲', scope: 3 }],
    ['江苏 张德洲 Dishonest', { kind: 'query', keyword: '江苏', realname: '张德洲', scope: 1 }],
    ['江苏 张德洲 全部', { kind: 'query', keyword: '江苏', realname: '张德洲', scope: 'all' }],
    ['江苏 张德洲 ALL', { kind: 'query', keyword: '江苏', realname: '张德洲', scope: 'all' }],
    ['江苏 张德洲 ３', { kind: 'query', keyword: '江苏', realname: '张德洲', scope: 3 }],
  ])('%s', (text, expected) => {
    expect(parseRiskCommand(text)).toEqual(expected);
  });

  it.each([
    ['「江苏 德洲」 张德洲', '江苏 德洲'],
    ['『江苏 德洲』 张德洲', '江苏 德洲'],
    ['‘江苏 德洲’ 张德洲', '江苏 德洲'],
    ["'江苏 德洲' 张德洲", '江苏 德洲'],
    ['“  江苏\t德洲  ” 张德洲', '江苏 德洲'],
    ['「江苏德洲」张德洲', '江苏德洲'],
    ['"江苏德洲"张德洲', '江苏德洲'],
  ])('quotes: %s', (text, keyword) => {
    expect(parseRiskCommand(text)).toEqual({ kind: 'query', keyword, realname: '张德洲', scope: 'all' });
  });

  it.each(['', '   ', `${NBSP}\t${IDEOGRAPHIC_SPACE}\n`, '""', '“” 「」'])('%j opens the modal', (text) => {
    expect(parseRiskCommand(text)).toEqual({ kind: 'modal' });
  });

  it.each(['help', 'HELP', ' Help ', '-h', '--help', '?', '？', '帮助', `${IDEOGRAPHIC_SPACE}帮助${NBSP}`])(
    '%j is help',
    (text) => {
      expect(parseRiskCommand(text)).toEqual({ kind: 'help' });
    },
  );

  it('treats help words among other words as words', () => {
    expect(parseRiskCommand('help 张德洲')).toEqual({
      kind: 'query',
      keyword: 'help',
      realname: '张德洲',
      scope: 'all',
    });
  });

  it('asks for the name when only the keyword is given', () => {
    expect(parseRiskCommand('江苏')).toEqual({
      kind: 'invalid',
      problem: { code: 'missing_realname', word: '江苏' },
    });
  });

  it('asks for the name when the second of two words is a type word', () => {
    expect(parseRiskCommand('江苏 失信')).toEqual({
      kind: 'invalid',
      problem: { code: 'missing_realname', word: '江苏' },
    });
    expect(parseRiskCommand('江苏 "" dishonest')).toEqual({
      kind: 'invalid',
      problem: { code: 'missing_realname', word: '江苏' },
    });
  });

  it('treats an empty quoted name as missing', () => {
    expect(parseRiskCommand('江苏 ""')).toEqual({
      kind: 'invalid',
      problem: { code: 'missing_realname', word: '江苏' },
    });
    expect(parseRiskCommand('江苏 “   ”')).toEqual({
      kind: 'invalid',
      problem: { code: 'missing_realname', word: '江苏' },
    });
  });

  it('cuts a long keyword in missing_realname to 40 characters', () => {
    const keyword = '江'.repeat(50);
    expect(parseRiskCommand(keyword)).toEqual({
      kind: 'invalid',
      problem: { code: 'missing_realname', word: `${'江'.repeat(39)}…` },
    });
  });

  it('rejects more than three words, with no suggestion when no reading of them is a valid command', () => {
    expect(parseRiskCommand('a b c d3')).toEqual({ kind: 'invalid', problem: { code: 'too_many_words' } });
  });

  it('hints to quote the keyword when more than three words end in a type word', () => {
    expect(parseRiskCommand('江苏 德洲 实业 张德洲 失信')).toEqual({
      kind: 'invalid',
      problem: {
        code: 'too_many_words',
        detailCode: QUOTE_KEYWORD_HINT,
        word: '江苏 德洲 实业',
        suggestion: '/risk "江苏 德洲 实业" 张德洲 失信',
      },
    });
  });

  it('suggests quoting a name with a space when more than three words end in no type word', () => {
    expect(parseRiskCommand('Acme Ltd John Smith')).toEqual({
      kind: 'invalid',
      problem: { code: 'too_many_words', suggestion: '/risk "Acme Ltd" "John Smith"' },
    });
  });

  it('says a name with a space needs quotes when its second half was read as a type word', () => {
    expect(parseRiskCommand('Acme John Smith')).toEqual({
      kind: 'invalid',
      problem: {
        code: 'unknown_type',
        word: 'Smith',
        suggestion: '/risk Acme "John Smith"',
        quotedName: 'John Smith',
      },
    });
  });

  it('gives the quote hint without echoing a keyword that holds a personal number', () => {
    expect(parseRiskCommand('江苏 13812345678 张德洲 失信')).toEqual({
      kind: 'invalid',
      problem: { code: 'too_many_words', detailCode: QUOTE_KEYWORD_HINT },
    });
  });

  it('rejects an unknown type word and echoes it', () => {
    expect(parseRiskCommand('a 张德洲 foo')).toEqual({
      kind: 'invalid',
      problem: { code: 'unknown_type', word: 'foo' },
    });
  });

  it('cuts a long unknown type word to 40 characters', () => {
    expect(parseRiskCommand(`a 张德洲 ${'x'.repeat(100)}`)).toEqual({
      kind: 'invalid',
      problem: { code: 'unknown_type', word: `${'x'.repeat(39)}…` },
    });
  });

  it.each([
    '"abc 张德洲',
    '江苏 “张德洲',
    '「江苏 张德洲',
    '『江苏』 「张德洲',
    '‘江苏 张德洲',
    '"江苏 张德洲”',
  ])('%s has an unclosed quote', (text) => {
    expect(parseRiskCommand(text)).toEqual({ kind: 'invalid', problem: { code: 'unclosed_quote' } });
  });

  it.each([
    '110105194912310021 张德洲',
    '11010519491231002X 张德洲',
    '11010519491231002x 张德洲 失信',
    '110105491231003 张德洲',
    '１１０１０５１９４９１２３１００２Ｘ 张德洲',
    '13812345678 张德洲',
    '+8613812345678 张德洲',
    '"138 1234 5678" 张德洲',
    '13812345678',
    '"110105194912310021"',
  ])('%s: keyword is a personal number, never echoed', (text) => {
    expect(parseRiskCommand(text)).toEqual({ kind: 'invalid', problem: { code: 'keyword_is_personal_id' } });
  });

  it.each([
    ['91350100M000100X43 张德洲', { kind: 'replace', position: 16, found: 'X', expected: 'Y' }],
    ['91350100m000100x43 张德洲 失信', { kind: 'replace', position: 16, found: 'X', expected: 'Y' }],
    [
      '９１３５０１００Ｍ０００１００Ｘ４３ 张德洲',
      { kind: 'replace', position: 16, found: 'X', expected: 'Y' },
    ],
    ['"9135 0100 M000 100X 43" 张德洲', { kind: 'replace', position: 16, found: 'X', expected: 'Y' }],
    ['91350100M000100Y34 张德洲', { kind: 'swap', position: 17, first: '3', second: '4' }],
    ['91350100N000100Y43 张德洲', { kind: 'recopy' }],
    // the keyword is checked before the name is looked for
    ['91350100M000100Y44', { kind: 'recopy' }],
  ])('%s: a 统一社会信用代码 that does not add up, with the likely typo', (text, usccTypo) => {
    expect(parseRiskCommand(text)).toEqual({
      kind: 'invalid',
      problem: { code: 'keyword_uscc_checksum', usccTypo },
    });
  });

  it.each(['91350100M000100Y43', '91110000100006485K', '91350100m000100y43'])(
    '%s is a valid 统一社会信用代码: a query',
    (keyword) => {
      expect(parseRiskCommand(`${keyword} 张德洲`)).toEqual({
        kind: 'query',
        keyword,
        realname: '张德洲',
        scope: 'all',
      });
    },
  );

  it.each([
    ['91110000100006485X', '17 digits and X: the 身份证 shape comes first'],
    ['911100001000064851', '18 digits'],
  ])('%s is refused as personal, not as a mistyped code (%s)', (keyword) => {
    expect(parseRiskCommand(`${keyword} 张德洲`)).toEqual({
      kind: 'invalid',
      problem: { code: 'keyword_is_personal_id' },
    });
  });

  it.each([
    // old 工商注册号: ISO 7064 MOD 11,10 check digit, accepted by Juhe as a keyword
    ['110105491231002', 'registration number whose digits 9-12 also read as a date'],
    ['000000000000000', 'no birth date in it'],
  ])('%s is a company registration number, not a 身份证 (%s)', (keyword) => {
    expect(parseRiskCommand(`${keyword} 张德洲`)).toEqual({
      kind: 'query',
      keyword,
      realname: '张德洲',
      scope: 'all',
    });
  });

  it('rejects a keyword over 200 characters', () => {
    expect(parseRiskCommand(`${'江'.repeat(200)} 张德洲`)).toMatchObject({ kind: 'query' });
    expect(parseRiskCommand(`${'江'.repeat(201)} 张德洲`)).toEqual({
      kind: 'invalid',
      problem: { code: 'keyword_too_long' },
    });
  });

  it('counts characters, not UTF-16 units, in the keyword limit', () => {
    // U+20000 is two UTF-16 units
    expect(parseRiskCommand(`${'\u{20000}'.repeat(200)} 张德洲`)).toMatchObject({ kind: 'query' });
  });

  it.each(['江苏 李·四', '江苏 李•四', '江苏 李・四', '江苏 李.四'])(
    '%s normalises the middle dot',
    (text) => {
      expect(parseRiskCommand(text)).toEqual({
        kind: 'query',
        keyword: '江苏',
        realname: '李·四',
        scope: 'all',
      });
    },
  );

  it('reports an invalid name with the validator code and the name', () => {
    expect(parseRiskCommand('江苏 张')).toEqual({
      kind: 'invalid',
      problem: { code: 'realname_invalid', detailCode: 'name_length', word: '张' },
    });
    expect(parseRiskCommand('江苏 张3')).toEqual({
      kind: 'invalid',
      problem: { code: 'realname_invalid', detailCode: 'name_chars', word: '张3' },
    });
  });

  it('leaves out an invalid name longer than 40 characters', () => {
    expect(parseRiskCommand(`江苏 ${'a1'.repeat(21)}`)).toEqual({
      kind: 'invalid',
      problem: { code: 'realname_invalid', detailCode: 'name_chars' },
    });
  });

  it('never echoes a personal number typed where the name or type goes', () => {
    expect(parseRiskCommand('江苏 11010519491231002X')).toEqual({
      kind: 'invalid',
      problem: { code: 'realname_invalid', detailCode: 'name_chars' },
    });
    expect(parseRiskCommand('江苏 张德洲 13812345678')).toEqual({
      kind: 'invalid',
      problem: { code: 'unknown_type' },
    });
    expect(parseRiskCommand('江苏 张德洲 tel:138-1234-5678')).toEqual({
      kind: 'invalid',
      problem: { code: 'unknown_type' },
    });
  });

  it.each([
    `江苏${NBSP}张德洲${NBSP}失信`,
    `${IDEOGRAPHIC_SPACE}江苏${IDEOGRAPHIC_SPACE}张德洲${IDEOGRAPHIC_SPACE}失信${IDEOGRAPHIC_SPACE}`,
    '\t江苏\t\t张德洲 \t失信\n',
    `  江苏 ${NBSP}${IDEOGRAPHIC_SPACE} 张德洲   失信  `,
  ])('%j: any whitespace separates', (text) => {
    expect(parseRiskCommand(text)).toEqual({ kind: 'query', keyword: '江苏', realname: '张德洲', scope: 1 });
  });

  it('keeps apostrophes inside Latin names', () => {
    expect(parseRiskCommand("江苏 O'Brien")).toEqual({
      kind: 'query',
      keyword: '江苏',
      realname: "O'Brien",
      scope: 'all',
    });
    expect(parseRiskCommand(`Acme "Mary O'Brien" 失信`)).toEqual({
      kind: 'query',
      keyword: 'Acme',
      realname: "Mary O'Brien",
      scope: 1,
    });
    expect(parseRiskCommand("'O'Brien Holdings' 'Mary O'Brien'")).toEqual({
      kind: 'query',
      keyword: "O'Brien Holdings",
      realname: "Mary O'Brien",
      scope: 'all',
    });
    expect(parseRiskCommand('‘O’Brien Holdings’ O’Brien')).toEqual({
      kind: 'query',
      keyword: 'O’Brien Holdings',
      realname: "O'Brien",
      scope: 'all',
    });
  });

  it('decodes the entities Slack escapes in command text', () => {
    expect(parseRiskCommand('"A&amp;B &lt;Holdings&gt;" 张德洲')).toEqual({
      kind: 'query',
      keyword: 'A&B <Holdings>',
      realname: '张德洲',
      scope: 'all',
    });
  });

  it('survives input that is not a string at runtime', () => {
    expect(parseRiskCommand(undefined as unknown as string)).toEqual({ kind: 'modal' });
  });
});

const WHITESPACE_CHARS = [' ', '\t', '\n', NBSP, IDEOGRAPHIC_SPACE, '\u2003', '\u202F'];
const whitespaceRun = fc
  .array(fc.constantFrom(...WHITESPACE_CHARS), { minLength: 1, maxLength: 3 })
  .map((chars) => chars.join(''));
const optionalWhitespace = fc.option(whitespaceRun, { nil: '' });

/** Keyword characters that are neither quotes nor whitespace nor `&`. */
const KEYWORD_CHARS = [...'江苏德洲实业有限公司ABCXYZabcxyz0123456789-_.()（）·/'];
const KEYWORD_LETTERS = /[\u4E00-\u9FFFA-WYZa-wyz]/;
const keywordPart = fc
  .array(fc.constantFrom(...KEYWORD_CHARS), { minLength: 1, maxLength: 20 })
  .map((chars) => chars.join(''));
const QUOTES: ReadonlyArray<readonly [string, string]> = [
  ['"', '"'],
  ["'", "'"],
  ['“', '”'],
  ['‘', '’'],
  ['「', '」'],
  ['『', '』'],
];

/**
 * [as typed, as parsed]; a letter keeps a keyword from looking like a 身份证 or mobile, and the keyword check
 * must pass (an 18-character part can, very rarely, be shaped like a mistyped 统一社会信用代码).
 */
const typedKeyword: fc.Arbitrary<readonly [string, string]> = fc
  .oneof(
    keywordPart.filter((part) => KEYWORD_LETTERS.test(part)).map((part) => [part, part] as const),
    fc
      .tuple(
        fc.array(keywordPart, { minLength: 1, maxLength: 4 }),
        fc.constantFrom(...QUOTES),
        whitespaceRun,
        optionalWhitespace,
      )
      .map(
        ([parts, [open, close], inner, padding]) =>
          [`${open}${padding}${parts.join(inner)}${padding}${close}`, parts.join(' ')] as const,
      )
      .filter(([, keyword]) => KEYWORD_LETTERS.test(keyword)),
  )
  .filter(([, keyword]) => checkRiskKeyword(keyword) === undefined);
const hanName = fc
  .array(
    fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((code) => String.fromCodePoint(code)),
    { minLength: 2, maxLength: 4 },
  )
  .map((chars) => chars.join(''))
  .filter((name) => parseRiskScope(name) === undefined);
const typeWord = fc.option(fc.constantFrom(...TYPE_WORD_LIST), { nil: undefined });

/** Text with quotes, spaces and words in it, so the property tests reach the tokeniser's corners. */
const commandLikeText = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '"',
        "'",
        '“',
        '”',
        '‘',
        '’',
        '「',
        '」',
        '『',
        '』',
        '&amp;',
        '&lt;',
        ...WHITESPACE_CHARS,
      ),
      fc.constantFrom('help', '江苏', '张德洲', '李·四', 'O', 'Brien', '失信', '2', 'all', '13812345678'),
      fc.string({ maxLength: 4 }),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

function respaced(text: string, runs: readonly string[]): string {
  let next = 0;
  return text.replace(/\s+/gu, () => runs[next++ % runs.length] ?? ' ');
}

describe('parseRiskCommand: batch', () => {
  it('bare `batch` (any case, padded) opens the batch modal; a keyword "batch" with a name is still a query', () => {
    expect(parseRiskCommand('batch')).toEqual({ kind: 'batch' });
    expect(parseRiskCommand('  BATCH ')).toEqual({ kind: 'batch' });
    expect(parseRiskCommand('batch 张德洲')).toEqual({
      kind: 'query',
      keyword: 'batch',
      realname: '张德洲',
      scope: 'all',
    });
  });
});

describe('parseRiskCommand: properties', () => {
  it('never throws and always returns a command', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), commandLikeText), (text) => {
        const command = parseRiskCommand(text);
        expect(['help', 'modal', 'query', 'invalid']).toContain(command.kind);
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips keyword, name and type', () => {
    fc.assert(
      fc.property(
        typedKeyword,
        hanName,
        typeWord,
        optionalWhitespace,
        whitespaceRun,
        whitespaceRun,
        optionalWhitespace,
        ([typed, keyword], realname, type, leading, afterKeyword, afterName, trailing) => {
          const text = `${leading}${typed}${afterKeyword}${realname}${type === undefined ? '' : `${afterName}${type}`}${trailing}`;
          expect(parseRiskCommand(text)).toEqual({
            kind: 'query',
            keyword,
            realname,
            scope: type === undefined ? 'all' : parseRiskScope(type),
          });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never puts a personal number in a keyword_is_personal_id problem', () => {
    const idCard = fc
      .tuple(
        fc.integer({ min: 110000, max: 659999 }),
        fc.date({ min: new Date(1930, 0, 1), max: new Date(2020, 0, 1), noInvalidDate: true }),
        fc.integer({ min: 0, max: 999 }),
      )
      .map(([region, birth, sequence]) => {
        const first17 = `${region}${birth.getFullYear()}${String(birth.getMonth() + 1).padStart(2, '0')}${String(
          birth.getDate(),
        ).padStart(2, '0')}${String(sequence).padStart(3, '0')}`;
        return first17 + idCardCheckChar(first17);
      });
    const mobile = fc
      .tuple(fc.constantFrom('', '+86', '0086'), fc.integer({ min: 3, max: 9 }), fc.stringMatching(/^\d{9}$/))
      .map(([prefix, second, rest]) => `${prefix}1${second}${rest}`);
    const anyDigits = fc.stringMatching(/^\d{17}[\dXx]$/);
    fc.assert(
      fc.property(
        fc.oneof(idCard, mobile, anyDigits),
        fc.option(fc.constantFrom('张德洲', '张', 'x1', '13812345678'), { nil: undefined }),
        typeWord,
        (personal, realname, type) => {
          const text = [personal, realname, type].filter((word) => word !== undefined).join(' ');
          const command = parseRiskCommand(text);
          expect(command).toEqual({ kind: 'invalid', problem: { code: 'keyword_is_personal_id' } });
          expect(JSON.stringify(command)).not.toMatch(/\d/);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a keyword_is_personal_id problem never carries a word', () => {
    fc.assert(
      fc.property(commandLikeText, (text) => {
        const command = parseRiskCommand(text);
        if (command.kind === 'invalid' && command.problem.code === 'keyword_is_personal_id') {
          expect(command.problem).toEqual({ code: 'keyword_is_personal_id' });
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses every 统一社会信用代码 with a wrong check character, and never echoes the code', () => {
    const letter = fc.constantFrom(...USCC_ALPHABET.slice(10));
    const mistyped = fc
      .tuple(
        fc.stringMatching(/^[1-9]{2}\d{6}$/),
        letter,
        fc.string({ unit: fc.constantFrom(...USCC_ALPHABET), minLength: 8, maxLength: 8 }),
        fc.constantFrom(...USCC_ALPHABET),
      )
      .map(([start, withLetter, rest, last]) => `${start}${withLetter}${rest}${last}`)
      .filter((code) => usccCheckChar(code.slice(0, 17)) !== code.charAt(17));
    fc.assert(
      fc.property(mistyped, fc.boolean(), typeWord, (code, lowerCase, type) => {
        const keyword = lowerCase ? code.toLowerCase() : code;
        const command = parseRiskCommand([keyword, '张德洲', type].filter(Boolean).join(' '));
        expect(command).toMatchObject({ kind: 'invalid', problem: { code: 'keyword_uscc_checksum' } });
        const json = JSON.stringify(command);
        expect(json).not.toContain(code);
        expect(json).not.toMatch(/\d{3}/);
        expect(command.kind === 'invalid' && command.problem.word).toBe(undefined);
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same result whatever whitespace separates the words', () => {
    fc.assert(
      fc.property(
        fc.oneof(commandLikeText, fc.string({ unit: 'binary', maxLength: 40 })),
        fc.array(whitespaceRun, { minLength: 1, maxLength: 5 }),
        (text, runs) => {
          expect(parseRiskCommand(respaced(text, runs))).toEqual(parseRiskCommand(text));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
