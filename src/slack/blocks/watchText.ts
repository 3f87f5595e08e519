import type { ActionsBlock, Button } from '@slack/types';
import { maskName } from '../../domain/masking.js';
import { RISK_TYPES, type RiskType } from '../../domain/riskType.js';
import type { WatchCost } from '../../domain/watchCost.js';
import { type Locale, t } from '../../i18n/catalog.js';
import { ACTION_IDS, WATCH_ACTIONS_BLOCK_ID } from '../ids.js';
import { encodeWatchTarget, type WatchTarget } from '../watchTarget.js';
import { riskTypeShort } from './riskText.js';
import { escapeMrkdwn, escapeTruncated, plain, SLACK_LIMITS } from './text.js';

/** What every watch surface names: the masked person, the keyword and the sources. */
export interface WatchedSubject {
  keyword: string;
  realname: string;
  types: readonly RiskType[];
}

const KEYWORD_MAX = 100;

export function sourcesText(locale: Locale, types: readonly RiskType[]): string {
  if (RISK_TYPES.every((type) => types.includes(type))) return t(locale, 'scope.all');
  return types.map((type) => riskTypeShort(locale, type)).join(t(locale, 'summary.separator'));
}

/**
 * "张*洲 · 江苏 · 全部来源": the watched name, masked on every watch surface (lists, the App Home, an
 * alert's subject line); the analyst knows whom they watch from the keyword and the mask. An alert's
 * records are shown as Juhe sent them (身份证 and mobiles masked), like the threaded details they follow.
 */
export function watchSubjectText(locale: Locale, subject: WatchedSubject): string {
  return t(locale, 'watch.subject', {
    name: escapeMrkdwn(maskName(subject.realname)),
    keyword: escapeTruncated(subject.keyword, KEYWORD_MAX),
    sources: sourcesText(locale, subject.types),
  });
}

/** The same, for a `text` fallback: mask and keyword only. */
export function watchFallbackNames(subject: WatchedSubject): { name: string; keyword: string } {
  return { name: maskName(subject.realname), keyword: escapeTruncated(subject.keyword, 30) };
}

export function watchCostText(locale: Locale, cost: WatchCost, schedule: string): string {
  const params = {
    calls: cost.calls,
    billed: cost.billed,
    checks: cost.checksPerMonth,
    monthly: cost.monthlyBilled,
    schedule: escapeMrkdwn(schedule),
  };
  return cost.exact ? t(locale, 'watch.cost', params) : t(locale, 'watch.cost.atLeast', params);
}

/** Records per source at the last check: "失信: 3 · 被执行: 1". */
export function watchCountsText(
  locale: Locale,
  types: readonly RiskType[],
  counts: Readonly<Record<string, number>>,
): string {
  return types
    .map((type) =>
      t(locale, 'summary.countEntry', {
        type: riskTypeShort(locale, type),
        count: counts[String(type)] ?? '–',
      }),
    )
    .join(t(locale, 'summary.separator'));
}

export function stopWatchButton(locale: Locale, watchId: string): Button {
  return {
    type: 'button',
    action_id: ACTION_IDS.stopWatch,
    text: plain(t(locale, 'button.stopWatching'), SLACK_LIMITS.buttonText),
    value: watchId,
    style: 'danger',
  };
}

export function renewWatchButton(locale: Locale, watchId: string, days: number): Button {
  return {
    type: 'button',
    action_id: ACTION_IDS.renewWatch,
    text: plain(t(locale, 'button.renewWatch', { days }), SLACK_LIMITS.buttonText),
    value: watchId,
    style: 'primary',
  };
}

/**
 * A result's "Watch" (the risk_watch modal for this subject and these sources) and, beside it, whatever
 * else acts on the whole result (Export), which carries the same subject, sources and counts.
 */
export function watchActions(
  locale: Locale,
  target: WatchTarget,
  beside: readonly Button[] = [],
): ActionsBlock {
  return {
    type: 'actions',
    block_id: WATCH_ACTIONS_BLOCK_ID,
    elements: [
      {
        type: 'button',
        action_id: ACTION_IDS.watch,
        text: plain(t(locale, 'button.watch'), SLACK_LIMITS.buttonText),
        value: encodeWatchTarget(target),
      },
      ...beside,
    ],
  };
}
