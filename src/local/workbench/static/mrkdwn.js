import { emojify } from './emoji.js';

/**
 * Slack mrkdwn → HTML. Every piece of text is HTML-escaped before it is placed in markup; the only
 * markup in the output is what this module writes. Juhe data reaches here, so that matters.
 */

const HTML_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]);
}

/** Slack's own escapes in message text: the app writes &amp; &lt; &gt; for literal & < >. */
function decodeSlackEntities(text) {
  return text.replace(/&(amp|lt|gt);/g, (_, name) => ({ amp: '&', lt: '<', gt: '>' })[name]);
}

/** Private-use characters mark where an already-rendered token goes back in. */
const TOKEN_OPEN = '\uE000';
const TOKEN_CLOSE = '\uE001';
const TOKEN_PATTERN = /\uE000(\d+)\uE001/g;

/** A plain_text object's text: escaped, with emoji when `emoji` is not false. */
export function renderPlainText(text, emoji = true) {
  const escaped = escapeHtml(text ?? '');
  return emoji ? emojify(escaped) : escaped;
}

/**
 * @param {string} text mrkdwn as the app sent it
 * @param {{ userName?: (id: string) => string | undefined, channelName?: (id: string) => string | undefined }} names
 */
export function renderMrkdwn(text, names = {}) {
  const source = String(text ?? '').replace(/[\uE000\uE001]/g, '');
  const parts = [];
  let last = 0;
  for (const match of source.matchAll(/```([\s\S]*?)```/g)) {
    parts.push(renderBlockText(source.slice(last, match.index), names));
    const code = match[1].replace(/^\n/, '').replace(/\n$/, '');
    parts.push(`<pre class="mk-pre">${escapeHtml(decodeSlackEntities(code))}</pre>`);
    last = match.index + match[0].length;
  }
  parts.push(renderBlockText(source.slice(last), names));
  return parts.join('');
}

/** Lines starting with a raw `>` are quotes; the rest is inline text with line breaks. */
function renderBlockText(text, names) {
  if (text === '') return '';
  const groups = [];
  for (const line of text.split('\n')) {
    const quoted = line.startsWith('>');
    const content = quoted ? line.slice(1).replace(/^ /, '') : line;
    const previous = groups[groups.length - 1];
    if (previous && previous.quoted === quoted) previous.lines.push(content);
    else groups.push({ quoted, lines: [content] });
  }
  return groups
    .map((group) => {
      const html = renderInline(group.lines.join('\n'), names);
      return group.quoted ? `<blockquote class="mk-quote">${html}</blockquote>` : html;
    })
    .join('');
}

function renderInline(text, names) {
  const tokens = [];
  const keep = (html) => {
    tokens.push(html);
    return `${TOKEN_OPEN}${tokens.length - 1}${TOKEN_CLOSE}`;
  };
  const withTokens = text.replace(/`([^`\n]+)`|<([^<>\n]*)>/g, (_, code, angle) =>
    code !== undefined
      ? keep(`<code class="mk-code">${escapeHtml(decodeSlackEntities(code))}</code>`)
      : keep(renderAngle(angle, names)),
  );
  let html = escapeHtml(decodeSlackEntities(withTokens));
  html = applyStyle(html, '*', 'strong');
  html = applyStyle(html, '_', 'em');
  html = applyStyle(html, '~', 's');
  html = emojify(html).replace(/\n/g, '<br>');
  return html.replace(TOKEN_PATTERN, (_, index) => tokens[Number(index)] ?? '');
}

/**
 * `*bold*`, `_italic_`, `~strike~`: like Slack, a marker only counts at a word boundary, so
 * snake_case_names and 2*3*4 stay as they are. Styles nest (`*_both_*`); a span that would cross
 * one already drawn (`*a _b* c_`) stays literal, so the HTML is always well nested.
 */
function applyStyle(html, marker, tag) {
  // In a /u pattern only syntax characters may be escaped: `*` must be, `_` and `~` must not.
  const m = marker === '*' ? '\\*' : marker;
  const pattern = new RegExp(
    `(^|[^\\p{L}\\p{N}${m}])${m}([^\\s${m}](?:[^${m}\\n]*?[^\\s${m}])?)${m}(?![\\p{L}\\p{N}${m}])`,
    'gu',
  );
  return html.replace(pattern, (match, before, content) =>
    isBalanced(content) ? `${before}<${tag}>${content}</${tag}>` : match,
  );
}

/** Whether the style tags drawn so far open and close in order inside `html` (text is escaped, so every tag is ours). */
function isBalanced(html) {
  const open = [];
  for (const [, closing, name] of html.matchAll(/<(\/?)(strong|em|s)>/g)) {
    if (!closing) open.push(name);
    else if (open.pop() !== name) return false;
  }
  return open.length === 0;
}

const SAFE_LINK = /^(https?:\/\/|mailto:)/i;

/** `<@U…>`, `<#C…|name>`, `<!here>`, `<url|label>` — whatever is inside is data, escaped. */
function renderAngle(inner, names) {
  const bar = inner.indexOf('|');
  const target = decodeSlackEntities(bar >= 0 ? inner.slice(0, bar) : inner);
  const label = bar >= 0 ? decodeSlackEntities(inner.slice(bar + 1)) : undefined;
  if (target.startsWith('@')) {
    const id = target.slice(1);
    const name = names.userName?.(id) ?? label ?? id;
    return `<span class="mk-mention" data-user-id="${escapeHtml(id)}">@${escapeHtml(name)}</span>`;
  }
  if (target.startsWith('#')) {
    const id = target.slice(1);
    const name = names.channelName?.(id) ?? label ?? id;
    return `<span class="mk-channel">#${escapeHtml(name)}</span>`;
  }
  if (target.startsWith('!')) {
    const command = target.slice(1);
    if (label !== undefined) return `<span class="mk-mention">${escapeHtml(label)}</span>`;
    const special = command.split('^')[0];
    return `<span class="mk-mention">@${escapeHtml(special)}</span>`;
  }
  const shown = emojify(escapeHtml(label ?? target));
  if (!SAFE_LINK.test(target)) return shown;
  return `<a class="mk-link" href="${escapeHtml(target)}" target="_blank" rel="noopener noreferrer">${shown}</a>`;
}
