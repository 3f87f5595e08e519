import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * workbench.css as the batch messages need it (the browser test, test/browser/batch.test.ts, measures
 * both on the page). English text on a machine without Lato or another Latin UI font falls to Noto Sans
 * CJK, whose curly quotes are full-width ("row’ s scope" in a batch preview): English pages take those
 * characters from a Latin font found on the machine. A shared file's card in the narrow thread pane
 * broke its Download link over two lines ("Downlo / ad"): the name wraps, the size and link do not.
 */
const css = readFileSync(new URL('./static/workbench.css', import.meta.url), 'utf8');

function ruleBody(selector: string): string {
  return (
    new RegExp(`(?:^|\\n)${selector.replace(/[()[\].:]/g, '\\$&')}\\s*\\{([^}]*)\\}`).exec(css)?.[1] ?? ''
  );
}

function fontStack(rule: string): string[] {
  const body = ruleBody(rule);
  const value = /--font:([^;]*);/.exec(body)?.[1] ?? '';
  return value.split(',').map((name) => name.trim().replace(/^"|"$/g, ''));
}

describe('workbench.css for the batch messages', () => {
  it('a quotes-only face from local Latin fonts: U+2018–U+201F, nothing fetched', () => {
    const face = /@font-face\s*\{([^}]*"Workbench Latin Quotes"[^}]*)\}/.exec(css)?.[1] ?? '';
    expect(face).toContain('unicode-range: U+2018-201F;');
    const sources = /src:([^;]*);/.exec(face)?.[1] ?? '';
    expect(sources.split(',').every((source) => /^\s*local\("[^"]+"\)\s*$/.test(source))).toBe(true);
    expect(sources).toContain('local("DejaVu Sans")');
  });

  it('English pages take it after the Latin UI fonts and before the CJK ones; Chinese pages do not', () => {
    const english = fontStack(':root:lang(en)');
    const quotes = english.indexOf('Workbench Latin Quotes');
    expect(quotes).toBeGreaterThan(english.indexOf('Noto Sans'));
    expect(quotes).toBeGreaterThan(english.indexOf('Lato'));
    expect(quotes).toBeLessThan(english.indexOf('Noto Sans CJK SC'));
    const everyPage = fontStack(':root');
    expect(everyPage).not.toContain('Workbench Latin Quotes');
    // the same fonts otherwise, in the same order
    expect(english.filter((name) => name !== 'Workbench Latin Quotes')).toEqual(everyPage);
  });

  it('a file card: the name may wrap anywhere, its size and Download link never', () => {
    expect(ruleBody('.wb-file-name')).toMatch(/min-width: 0;[\s\S]*overflow-wrap: anywhere;/);
    for (const part of ['.wb-file-size', '.wb-file-download']) {
      expect(ruleBody(part), part).toContain('flex: none;');
      expect(ruleBody(part), part).toContain('white-space: nowrap;');
    }
  });
});
