import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  spaceBetween,
  WORKBENCH_LOCALES,
  WORKBENCH_STRINGS,
  type WorkbenchStringKey,
  workbenchLocale,
  workbenchText,
} from './static/strings.js';

const staticFile = (name: string) => readFileSync(new URL(`./static/${name}`, import.meta.url), 'utf8');
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
const englishKeys = Object.keys(WORKBENCH_STRINGS.en) as WorkbenchStringKey[];

describe('the workbench’s own strings', () => {
  it('has every key in both tables, non-empty, with the same placeholders', () => {
    expect(WORKBENCH_LOCALES).toEqual(['en', 'zh-CN']);
    expect(Object.keys(WORKBENCH_STRINGS['zh-CN'])).toEqual(englishKeys);
    for (const key of englishKeys) {
      for (const locale of WORKBENCH_LOCALES) {
        expect(WORKBENCH_STRINGS[locale][key].trim(), `${locale} ${key}`).not.toBe('');
      }
      expect(placeholders(WORKBENCH_STRINGS['zh-CN'][key]), key).toEqual(
        placeholders(WORKBENCH_STRINGS.en[key]),
      );
    }
  });

  it('lists exactly the tables’ keys in strings.d.ts, so the server’s calls are typed against them', () => {
    const union = staticFile('strings.d.ts').match(/type WorkbenchStringKey =([^;]*);/)?.[1] ?? '';
    const declared = [...union.matchAll(/'([^']+)'/g)].map((match) => match[1]);
    expect(declared).toEqual(englishKeys);
  });

  it('has every key the page and its scripts ask for', () => {
    const asked = new Set<string>();
    for (const file of ['workbench.js', 'blockKit.js']) {
      const source = staticFile(file);
      for (const match of source.matchAll(/\b(?:say|workbenchText)\((?:[^,()]+, )?'([\w.]+)'/g)) {
        asked.add(match[1] ?? '');
      }
      for (const match of source.matchAll(/'((?:channel|violation)\.[\w.]+)'/g)) asked.add(match[1] ?? '');
    }
    for (const match of staticFile('index.html').matchAll(/data-i18n(?:-label|-placeholder)?="([\w.]+)"/g)) {
      asked.add(match[1] ?? '');
    }
    // built from a variable: the two kinds of unknown thing
    for (const kind of ['block', 'element']) asked.add(`blockKit.unsupported.${kind}`);
    expect(asked.size).toBeGreaterThan(30);
    for (const key of asked) expect(englishKeys, key).toContain(key);
  });

  it('uses Slack’s Simplified Chinese terms, and no space beside full-width punctuation', () => {
    const zh = WORKBENCH_STRINGS['zh-CN'];
    expect(zh['sidebar.channels']).toBe('频道');
    expect(zh['sidebar.dms']).toBe('私信');
    expect(zh['thread.label']).toBe('消息列');
    expect(zh['message.ephemeral']).toBe('仅你可见');
    expect(zh['blockKit.selectPlaceholder']).toBe('选择一项');
    for (const [key, raw] of Object.entries(zh)) {
      const text = raw.replace(/\/risk[ \w\u4e00-\u9fff]*/g, 'COMMAND'); // an example command is typed as is
      expect(text, key).not.toMatch(/[，。：；？！（）“”、] | [，。：；？！（）“”、]/);
      expect(text, key).not.toMatch(/[\u4e00-\u9fff] [\u4e00-\u9fff]/);
      expect(text, key).not.toMatch(/[\u4e00-\u9fff][,:;()]|[,:;()][\u4e00-\u9fff]/);
    }
  });

  it('keeps the English the workbench has always shown', () => {
    expect(workbenchText('en', 'message.ephemeral')).toBe('Only visible to you');
    expect(workbenchText('en', 'modal.submissionFailed')).toBe('We had some trouble connecting. Try again?');
    expect(workbenchText('en', 'slackbot.commandFailed', { command: '/risk', error: 'no_text' })).toBe(
      '/risk failed with the error "no_text"',
    );
  });

  it('fills placeholders once, falls back to English, and shows an unknown key as itself', () => {
    expect(workbenchText('zh-CN', 'message.replies.other', { count: 3 })).toBe('3 条回复');
    expect(workbenchText('zh-CN', 'composer.placeholder', { target: '#general' })).toBe(
      '发送消息至 #general，试试 /risk 江苏 张德洲 1',
    );
    expect(workbenchText('zh-CN', 'channel.beginning', { name: '{name}' })).toBe('这是 #{name} 频道的开头。');
    expect(workbenchText('fr', 'modal.submit')).toBe('Submit');
    expect(workbenchText('zh-CN', 'no.such.key' as WorkbenchStringKey)).toBe('no.such.key');
    expect(workbenchLocale('zh-CN')).toBe('zh-CN');
    expect(workbenchLocale('en')).toBe('en');
    expect(workbenchLocale(undefined)).toBe('en');
  });

  it('puts a space between a label and its text only where no full-width mark stands between them', () => {
    expect(spaceBetween('Purpose', '(optional)')).toBe(' ');
    expect(spaceBetween('查询目的', '（可选）')).toBe('');
    expect(spaceBetween('Over a Slack limit (chat.postMessage):', 'x')).toBe(' ');
    expect(spaceBetween('超出 Slack 限制（chat.postMessage）：', 'x')).toBe('');
  });
});
