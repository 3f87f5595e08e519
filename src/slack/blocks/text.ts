import type { Button, MrkdwnElement, PlainTextElement } from '@slack/types';
import type { Locale } from '../../i18n/catalog.js';

/** The few Slack limits the formatters enforce by construction (docs/design.md § Slack limits). */
export const SLACK_LIMITS = {
  messageBlocks: 50,
  modalBlocks: 100,
  sectionText: 3000,
  fieldText: 2000,
  headerText: 150,
  buttonText: 75,
  optionText: 75,
  modalTitle: 24,
  privateMetadata: 3000,
  placeholder: 150,
} as const;

export const ELLIPSIS = '…';

/**
 * The `text` fallback (notifications, screen readers) shows a short form of the subject: enough to
 * recognise it, never the whole record.
 */
export const FALLBACK_NAME_MAX = 60;
export const FALLBACK_KEYWORD_MAX = 30;

const MRKDWN_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Slack's three control characters, escaped so Juhe data or user input can never form a link or mention. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/[&<>]/g, (ch) => MRKDWN_ENTITIES[ch] ?? ch);
}

/**
 * Cuts `text` so that its UTF-16 length (what Slack counts, at most) is ≤ max, ending with '…' when cut.
 * Cuts between code points, never inside a surrogate pair.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let kept = '';
  for (const ch of text) {
    if (kept.length + ch.length + ELLIPSIS.length > max) break;
    kept += ch;
  }
  return kept + ELLIPSIS;
}

/**
 * Escapes for mrkdwn and cuts so the *escaped* text is ≤ max, never splitting an entity (`&amp;`) or a
 * surrogate pair. Long Juhe fields (court names, case numbers) go through this.
 */
export function escapeTruncated(text: string, max: number): string {
  const escaped = escapeMrkdwn(text);
  if (escaped.length <= max) return escaped;
  let kept = '';
  for (const ch of text) {
    const piece = MRKDWN_ENTITIES[ch] ?? ch;
    if (kept.length + piece.length + ELLIPSIS.length > max) break;
    kept += piece;
  }
  return kept + ELLIPSIS;
}

/**
 * Last line of defence for a composed mrkdwn text: cuts to max without leaving half an entity or an open
 * `<…>` behind. Formatters size their parts so this rarely fires.
 */
export function clampMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = truncate(text, max).slice(0, -ELLIPSIS.length);
  const cleaned = cut.replace(/&[a-z]*$/, '').replace(/<[^>]*$/, '');
  return cleaned + ELLIPSIS;
}

export function plain(text: string, max?: number): PlainTextElement {
  return { type: 'plain_text', text: max === undefined ? text : truncate(text, max) };
}

export function mrkdwn(text: string): MrkdwnElement {
  return { type: 'mrkdwn', text };
}

/** A button whose label is cut to Slack's limit; `value` is tagged by the presenter on its way out. */
export function button(actionId: string, text: string, value: string, style?: 'primary'): Button {
  return {
    type: 'button',
    action_id: actionId,
    text: plain(text, SLACK_LIMITS.buttonText),
    value,
    ...(style ? { style } : {}),
  };
}

/** Sentences of one message: a space between them in English, none after Chinese full-width punctuation. */
export function joinSentences(locale: Locale, ...sentences: string[]): string {
  return sentences.join(locale === 'zh-CN' ? '' : ' ');
}
