import type { ContextBlock } from '@slack/types';
import { type Locale, t } from '../../i18n/catalog.js';
import { escapeMrkdwn, escapeTruncated, mrkdwn } from './text.js';

/** Who asked and when; the formatter never reads a clock, so the listener passes the fetch time in. */
export interface ResultFooter {
  requesterId: string;
  /** when Juhe answered: the time of the data, which for a cached page is older than the click */
  fetchedAt: Date;
  fromCache?: boolean;
}

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/**
 * `yyyy-MM-dd HH:mm` in China Standard Time (UTC+8, no daylight saving), by plain arithmetic so the
 * result never depends on the server's time zone.
 */
export function formatCstTime(moment: Date): string {
  const shifted = new Date(moment.getTime() + BEIJING_OFFSET_MS);
  const date = `${pad(shifted.getUTCFullYear(), 4)}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`;
  return `${date} ${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}`;
}

/** Juhe order ids are short; a longer one is cut rather than allowed to push the footer over a limit. */
const ORDER_ID_MAX = 80;
const USER_ID_MAX = 40;

/**
 * "Source: Juhe · order JH… · 2025-06-06 14:45 CST · requested by <@U…>"; a cached page says "data as of
 * 2025-06-06 14:45 CST (cached)" instead of the time.
 */
export function footerText(
  locale: Locale,
  footer: Pick<ResultFooter, 'requesterId' | 'fetchedAt' | 'fromCache'>,
  orderId: string | null,
): string {
  const parts = [t(locale, 'footer.source')];
  if (orderId) parts.push(t(locale, 'footer.order', { orderId: escapeTruncated(orderId, ORDER_ID_MAX) }));
  const time = formatCstTime(footer.fetchedAt);
  parts.push(
    footer.fromCache ? t(locale, 'footer.cachedTime', { time }) : t(locale, 'footer.time', { time }),
  );
  parts.push(t(locale, 'footer.requestedBy', { user: userId(footer.requesterId) }));
  return parts.join(t(locale, 'summary.separator'));
}

/** A Slack user id for `<@…>`: escaped and bounded so a malformed id cannot break the mention syntax. */
export function userId(id: string): string {
  return escapeMrkdwn(id.slice(0, USER_ID_MAX));
}

export function footerContext(
  locale: Locale,
  footer: Pick<ResultFooter, 'requesterId' | 'fetchedAt' | 'fromCache'>,
  orderId: string | null,
): ContextBlock {
  return { type: 'context', elements: [mrkdwn(footerText(locale, footer, orderId))] };
}
