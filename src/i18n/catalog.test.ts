import { describe, expect, it } from 'vitest';
import { VALIDATION_PROBLEM_CODES } from '../domain/validation.js';
import { LOCALES, MESSAGE_KEYS, messageTemplate, parseLocale, t } from './catalog.js';

/** The names a template uses, each once: a locale may name a value twice where another names it once. */
function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? ''))].sort();
}

describe('message catalog', () => {
  it('has every key non-empty in both locales', () => {
    expect(MESSAGE_KEYS.length).toBeGreaterThan(100);
    for (const locale of LOCALES) {
      for (const key of MESSAGE_KEYS) {
        expect(messageTemplate(locale, key).trim(), `${locale} ${key}`).not.toBe('');
      }
    }
  });

  it('uses the same placeholders in zh-CN as in English', () => {
    for (const key of MESSAGE_KEYS) {
      expect(placeholders(messageTemplate('zh-CN', key)), key).toEqual(
        placeholders(messageTemplate('en', key)),
      );
    }
  });

  it('has a message for every domain validation code', () => {
    for (const code of VALIDATION_PROBLEM_CODES) {
      expect(MESSAGE_KEYS, code).toContain(`validation.${code}`);
    }
  });

  it('never calls an empty source clean or risk-free', () => {
    for (const locale of LOCALES) {
      for (const key of MESSAGE_KEYS) {
        const text = messageTemplate(locale, key);
        expect(text, key).not.toMatch(/\bclean\b|no risk|无风险|清白/i);
      }
    }
    expect(t('en', 'count.noRecords')).toBe('No records in this source');
    expect(t('zh-CN', 'count.noRecords')).toBe('该来源无记录');
  });

  it('has the required fixed wordings', () => {
    expect(t('en', 'type.1.name')).toBe('Dishonest debtor (失信)');
    expect(t('en', 'type.2.name')).toBe('Enforcement target (被执行)');
    expect(t('en', 'type.3.name')).toBe('Consumption ban (限制消费)');
    expect(t('en', 'sandbox.marker')).toBe(':test_tube: Sandbox data — not real Juhe results');
    expect(t('en', 'error.misconfigured')).toBe(
      'This Juhe service is not set up correctly in the app — tell a Slack admin.',
    );
    expect(t('en', 'error.timeout')).toBe('Juhe did not answer in time, try again.');
    expect(t('en', 'error.unexpected', { ref: 'AB12' })).toMatch(/^Something went wrong \(reference AB12\)/);
  });

  it('fills placeholders in one pass, so values are never expanded again', () => {
    expect(t('en', 'record.person', { name: '{name}' })).toBe('Person: {name}');
    expect(t('en', 'results.pageSummary', { page: 2, pages: 5, records: '41 records' })).toBe(
      'Page 2 of 5 · 41 records',
    );
    expect(t('zh-CN', 'results.pageSummary', { page: 2, pages: 5, records: '41 条记录' })).toBe(
      '第 2 / 5 页 · 共 41 条记录',
    );
  });
});

describe('zh-CN typography (the rules at the top of zh-CN.ts)', () => {
  const FULL_WIDTH = '，。：；？！（）“”、《》';
  const CJK = '\u4e00-\u9fff';
  /** The Chinese prose of a template: code spans, emoji shortcodes and <@mentions> stand in as one token. */
  const prose = (key: (typeof MESSAGE_KEYS)[number]) =>
    messageTemplate('zh-CN', key)
      .replace(/`[^`]*`/g, 'CODE')
      .replace(/:[a-z_]+:/g, 'EMOJI')
      .replace(/<[^>]*>/g, 'MENTION');

  it('never puts a space before or after full-width punctuation', () => {
    const spaced = new RegExp(`[${FULL_WIDTH}] | [${FULL_WIDTH}]`);
    for (const key of MESSAGE_KEYS) expect(prose(key), key).not.toMatch(spaced);
  });

  it('never puts a space between two Chinese characters, and always one between Chinese and Latin or digits', () => {
    for (const key of MESSAGE_KEYS) {
      const text = prose(key);
      expect(text, key).not.toMatch(new RegExp(`[${CJK}] [${CJK}]`));
      expect(text, key).not.toMatch(new RegExp(`[${CJK}][A-Za-z0-9]|[A-Za-z0-9][${CJK}]`));
    }
  });

  it('uses full-width punctuation next to Chinese, never , ; : ( ) !', () => {
    const half = new RegExp(`[${CJK}][,;:()!?]|[,;:()!?] ?[${CJK}]`);
    for (const key of MESSAGE_KEYS) expect(prose(key), key).not.toMatch(half);
  });

  it('never doubles a label: no type name followed by its short form, no 来源 twice in a line', () => {
    for (const type of [1, 2, 3] as const) {
      expect(t('zh-CN', `type.${type}.name`)).not.toContain(`（${t('zh-CN', `type.${type}.short`)}）`);
    }
    const sources = t('zh-CN', 'parent.sources', { sources: t('zh-CN', 'scope.all') });
    expect(sources).toBe('核查范围：全部来源');
    for (const key of MESSAGE_KEYS) {
      expect(messageTemplate('zh-CN', key), key).not.toMatch(/全部三个|三个来源来源|来源：全部来源/);
    }
  });

  it('calls a thread 消息列, as Slack’s Simplified Chinese interface does', () => {
    for (const key of MESSAGE_KEYS) {
      if (key.startsWith('finance.')) continue; // finance.* wordings are being reworked elsewhere
      expect(messageTemplate('zh-CN', key), key).not.toMatch(/消息串|讨论串|线程/);
    }
    expect(t('zh-CN', 'parent.intro', { user: 'U1' })).toBe(':mag: <@U1> 发起了风险核查。详情见消息列。');
  });
});

describe('parseLocale', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['en', 'en'],
    ['en-US', 'en'],
    ['fr', 'en'],
    ['zh-CN', 'zh-CN'],
    ['zh_CN', 'zh-CN'],
    [' zh-cn ', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['zh-Hans', 'zh-CN'],
    ['zh-TW', 'en'],
  ])('%j → %s', (value, expected) => {
    expect(parseLocale(value)).toBe(expected);
  });
});
