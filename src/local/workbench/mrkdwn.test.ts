import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EMOJI } from './static/emoji.js';
import { escapeHtml, renderMrkdwn, renderPlainText } from './static/mrkdwn.js';

const names = {
  userName: (id: string) => ({ U0ANALYST: 'Ana Analyst' })[id],
  channelName: (id: string) => ({ C0GENERAL: 'general' })[id],
};

describe('renderMrkdwn', () => {
  it('formats bold, italic, strike and nested styles', () => {
    expect(renderMrkdwn('*bold* _italic_ ~gone~ *_both_*')).toBe(
      '<strong>bold</strong> <em>italic</em> <s>gone</s> <strong><em>both</em></strong>',
    );
  });

  it('keeps overlapping styles well nested: the marker that would cross a closed span stays literal', () => {
    expect(renderMrkdwn('*a _b* c_')).toBe('<strong>a _b</strong> c_');
    expect(renderMrkdwn('_a *b_ c*')).toBe('_a <strong>b_ c</strong>');
    expect(renderMrkdwn('*a ~b* c~ and ~d~')).toBe('<strong>a ~b</strong> c~ and <s>d</s>');
    for (const text of ['*a _b* c_', '_a *b_ c*', '~a *b~ _c* d_', '*x _y ~z* w_ v~']) {
      const tags = [...renderMrkdwn(text).matchAll(/<(\/?)(strong|em|s)>/g)];
      const open: string[] = [];
      for (const [, closing, name] of tags) {
        if (closing) expect(open.pop(), text).toBe(name);
        else open.push(name ?? '');
      }
      expect(open, text).toEqual([]);
    }
  });

  it('formats a bold label followed by a full-width colon, as the zh-CN catalog writes them, or ending in one', () => {
    expect(renderMrkdwn('*人员*：张德洲')).toBe('<strong>人员</strong>：张德洲');
    expect(renderMrkdwn('*人员：* 张德洲')).toBe('<strong>人员：</strong> 张德洲');
  });

  it('leaves markers inside words alone', () => {
    expect(renderMrkdwn('snake_case_name and 2*3*4')).toBe('snake_case_name and 2*3*4');
  });

  it('renders inline code and code blocks without formatting inside', () => {
    expect(renderMrkdwn('run `/risk *x*` now')).toBe('run <code class="mk-code">/risk *x*</code> now');
    expect(renderMrkdwn('```\na *b*\n```')).toBe('<pre class="mk-pre">a *b*</pre>');
  });

  it('turns line breaks into <br> and > lines into a quote', () => {
    expect(renderMrkdwn('one\ntwo')).toBe('one<br>two');
    expect(renderMrkdwn('>quoted\nplain')).toBe('<blockquote class="mk-quote">quoted</blockquote>plain');
  });

  it('renders links with their label, and bare links with the URL', () => {
    expect(renderMrkdwn('<https://example.test/a?b=1&amp;c=2|the docs>')).toBe(
      '<a class="mk-link" href="https://example.test/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">the docs</a>',
    );
    expect(renderMrkdwn('<https://example.test>')).toBe(
      '<a class="mk-link" href="https://example.test" target="_blank" rel="noopener noreferrer">https://example.test</a>',
    );
  });

  it('never links a javascript: URL', () => {
    expect(renderMrkdwn('<javascript:alert(1)|click>')).toBe('click');
  });

  it('renders user and channel mentions by name, falling back to the label or the id', () => {
    expect(renderMrkdwn('<@U0ANALYST> in <#C0GENERAL>', names)).toBe(
      '<span class="mk-mention" data-user-id="U0ANALYST">@Ana Analyst</span> in <span class="mk-channel">#general</span>',
    );
    expect(renderMrkdwn('<#C0OTHER|other> <@U0NOBODY>', names)).toBe(
      '<span class="mk-channel">#other</span> <span class="mk-mention" data-user-id="U0NOBODY">@U0NOBODY</span>',
    );
    expect(renderMrkdwn('<!here>')).toBe('<span class="mk-mention">@here</span>');
  });

  it('maps every emoji shortcode the app uses to Unicode', () => {
    const catalogs = ['en.ts', 'zh-CN.ts'].map((file) =>
      readFileSync(new URL(`../../i18n/${file}`, import.meta.url), 'utf8'),
    );
    const used = new Set(
      catalogs.flatMap((text) => [...text.matchAll(/:([a-z_]+):/g)].map((match) => match[1] ?? '')),
    );
    expect(used.size).toBeGreaterThan(0);
    for (const name of used) expect(EMOJI, name).toHaveProperty(name);
    expect(renderMrkdwn(':test_tube: Sandbox data :not_an_emoji:')).toBe('🧪 Sandbox data :not_an_emoji:');
  });

  it('shows Juhe data with markup in it as text, whether the app escaped it or not', () => {
    const escapedByApp = renderMrkdwn('法院 &lt;script&gt;alert(1)&lt;/script&gt; &amp; co');
    expect(escapedByApp).toBe('法院 &lt;script&gt;alert(1)&lt;/script&gt; &amp; co');
    const raw = renderMrkdwn('<script>alert(1)</script>');
    expect(raw).not.toContain('<script');
    expect(raw).toBe('scriptalert(1)/script');
    const image = renderMrkdwn('"><img src=x onerror=alert(1)>');
    expect(image).not.toMatch(/<img/);
  });

  it('escapes quotes inside link targets so they cannot leave the attribute', () => {
    const html = renderMrkdwn('<https://example.test/"onmouseover="alert(1)|x>');
    expect(html).toContain('href="https://example.test/&quot;onmouseover=&quot;alert(1)"');
  });

  it('ignores the private-use characters it uses internally when they arrive in data', () => {
    expect(renderMrkdwn('<@U0ANALYST> \uE0000\uE001', names)).toBe(
      '<span class="mk-mention" data-user-id="U0ANALYST">@Ana Analyst</span> 0',
    );
  });
});

describe('renderPlainText and escapeHtml', () => {
  it('escapes and converts emoji unless told not to', () => {
    expect(renderPlainText('<b> :warning:')).toBe('&lt;b&gt; ⚠️');
    expect(renderPlainText(':warning:', false)).toBe(':warning:');
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });
});
