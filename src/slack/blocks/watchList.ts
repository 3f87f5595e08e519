import type { KnownBlock, SectionBlock } from '@slack/types';
import { totalCost, type WatchCost } from '../../domain/watchCost.js';
import { type Locale, t } from '../../i18n/catalog.js';
import type { SlackMessage } from '../message.js';
import { formatCstTime } from './footer.js';
import { clampMrkdwn, escapeMrkdwn, mrkdwn, plain, SLACK_LIMITS } from './text.js';
import { stopWatchButton, type WatchedSubject, watchCountsText, watchSubjectText } from './watchText.js';

/** One watch as its owner sees it listed (`/risk watches`, the App Home). */
export interface WatchSummary {
  id: string;
  subject: WatchedSubject;
  nextCheckAt: Date | null;
  lastChangeAt: Date | null;
  expiresAt: Date;
  /** records per source at the last check; null before the first check */
  counts: Readonly<Record<string, number>> | null;
  cost: WatchCost;
}

/** Watches listed in one message at most: a section each, inside Slack's 50 blocks with the header and total. */
export const WATCHES_LISTED_MAX = 40;

export function watchEntrySection(locale: Locale, watch: WatchSummary): SectionBlock {
  const text = t(locale, 'watch.list.entry', {
    subject: watchSubjectText(locale, watch.subject),
    next: watch.nextCheckAt ? formatCstTime(watch.nextCheckAt) : '–',
    lastChange: watch.lastChangeAt ? formatCstTime(watch.lastChangeAt) : t(locale, 'watch.list.noChange'),
    ends: formatCstTime(watch.expiresAt).slice(0, 10),
    counts:
      watch.counts === null
        ? t(locale, 'watch.list.noBaseline')
        : watchCountsText(locale, watch.subject.types, watch.counts),
  });
  return {
    type: 'section',
    text: mrkdwn(clampMrkdwn(text, SLACK_LIMITS.sectionText)),
    accessory: stopWatchButton(locale, watch.id),
  };
}

export function watchTotalText(
  locale: Locale,
  watches: readonly WatchSummary[],
  schedule: string,
  checksPerMonth: number,
): string {
  const total = totalCost(
    watches.map((watch) => watch.cost),
    checksPerMonth,
  );
  return t(locale, 'watch.list.total', {
    calls: total.calls,
    billed: total.billed,
    monthly: total.monthlyBilled,
    schedule: escapeMrkdwn(schedule),
  });
}

/** `/risk watches`: each watch with its next check, last change and Stop watching; the total cost below. */
export function watchListMessage(input: {
  locale: Locale;
  watches: readonly WatchSummary[];
  schedule: string;
  checksPerMonth: number;
}): SlackMessage {
  const { locale, watches } = input;
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(t(locale, 'watch.list.header'), SLACK_LIMITS.headerText) },
  ];
  if (watches.length === 0) {
    blocks.push({ type: 'section', text: mrkdwn(escapeMrkdwn(t(locale, 'watch.list.none'))) });
    return { text: t(locale, 'watch.list.fallback', { count: 0 }), blocks };
  }
  for (const watch of watches.slice(0, WATCHES_LISTED_MAX)) blocks.push(watchEntrySection(locale, watch));
  if (watches.length > WATCHES_LISTED_MAX) {
    blocks.push({
      type: 'context',
      elements: [mrkdwn(t(locale, 'watch.list.more', { count: watches.length - WATCHES_LISTED_MAX }))],
    });
  }
  blocks.push(
    { type: 'divider' },
    {
      type: 'context',
      elements: [mrkdwn(watchTotalText(locale, watches, input.schedule, input.checksPerMonth))],
    },
  );
  return { text: t(locale, 'watch.list.fallback', { count: watches.length }), blocks };
}

/** One line after a change to a watch (stopped, renewed, already ended), for the ack or a private reply. */
export function watchStatusMessage(text: string): SlackMessage {
  return { text, blocks: [{ type: 'section', text: mrkdwn(text) }] };
}
