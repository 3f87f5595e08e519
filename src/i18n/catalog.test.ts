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
