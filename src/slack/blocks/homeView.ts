import type { HomeView, KnownBlock, SectionBlock } from '@slack/types';
import type { BudgetUsage } from '../../budgets/budgetLedger.js';
import type { RiskScope } from '../../domain/riskType.js';
import type { WatchChanges } from '../../domain/watchChanges.js';
import { type Locale, t } from '../../i18n/catalog.js';
import { ACTION_IDS } from '../ids.js';
import { encodeRetryQuery, type RetryQuery } from '../retryQuery.js';
import { formatCstTime, userId } from './footer.js';
import { riskTypeShort } from './riskText.js';
import { button, clampMrkdwn, escapeMrkdwn, escapeTruncated, mrkdwn, plain, SLACK_LIMITS } from './text.js';
import { type WatchSummary, watchEntrySection, watchTotalText } from './watchList.js';
import { changesSummaryText } from './watchNotices.js';
import { type WatchedSubject, watchSubjectText } from './watchText.js';

/** One of the person's recent queries, from the audit trail: what, when, how it ended. */
export interface HomeQuery {
  at: Date;
  api: string;
  scope: RiskScope | null;
  /** already masked: "张*洲 · 江苏" */
  subject: string;
  /** an input the app refused: what was typed is not shown */
  unreadableInput?: boolean;
  outcome: string;
  /** a risk query that can be asked again (its subject passes the command's rules) */
  reopen?: RetryQuery;
}

export interface HomeAlert {
  noticeId: string;
  at: Date;
  subject: WatchedSubject;
  changes: WatchChanges;
}

/** What the person has used of the budgets; for auditors also the workspace's month per person. */
export interface HomeUsage {
  usage: BudgetUsage;
  /** auditors only: billed calls per person this month, most first */
  team?: ReadonlyArray<{ userId: string; calls: number }>;
}

export const HOME_QUERIES_MAX = 10;
export const HOME_USAGE_PEOPLE_MAX = 20;
export const HOME_WATCHES_MAX = 20;
export const HOME_ALERTS_MAX = 10;

const CODE_MAX = 40;

/** "answered" / "no records" / "refused" / the code: what became of a query, in a word. */
export function outcomeWord(locale: Locale, outcome: string): string {
  const codes = outcome.split(',').map((part) => part.split(':').pop() ?? part);
  if (codes.every((code) => code === '0' || code === '240102')) {
    return codes.includes('0') ? t(locale, 'home.outcome.records') : t(locale, 'home.outcome.noRecords');
  }
  if (outcome === 'refused') return t(locale, 'home.outcome.refused');
  return t(locale, 'home.outcome.other', { code: escapeTruncated(outcome, CODE_MAX) });
}

function apiText(locale: Locale, query: HomeQuery): string {
  switch (query.api) {
    case 'risk':
      return t(locale, 'home.api.risk', {
        scope:
          query.scope === null || query.scope === 'all'
            ? t(locale, 'scope.all')
            : riskTypeShort(locale, query.scope),
      });
    case 'finance':
      return t(locale, 'home.api.finance');
    case 'watch':
      return t(locale, 'home.api.watch');
    case 'audit_export':
      return t(locale, 'home.api.audit_export');
    case 'export':
      return t(locale, 'home.api.export');
    default:
      return escapeTruncated(query.api, CODE_MAX);
  }
}

function querySection(locale: Locale, query: HomeQuery): SectionBlock {
  const section: SectionBlock = {
    type: 'section',
    text: mrkdwn(
      clampMrkdwn(
        t(locale, 'home.query', {
          time: formatCstTime(query.at),
          api: apiText(locale, query),
          subject: query.unreadableInput ? t(locale, 'home.unreadableInput') : query.subject,
          outcome: outcomeWord(locale, query.outcome),
        }),
        SLACK_LIMITS.sectionText,
      ),
    ),
  };
  if (query.reopen) {
    section.accessory = button(
      ACTION_IDS.reopenQuery,
      t(locale, 'home.button.reopen'),
      encodeRetryQuery(query.reopen),
    );
  }
  return section;
}

function alertSection(locale: Locale, alert: HomeAlert): SectionBlock {
  return {
    type: 'section',
    text: mrkdwn(
      t(locale, 'home.alert', {
        time: formatCstTime(alert.at),
        subject: watchSubjectText(locale, alert.subject),
        summary: changesSummaryText(locale, alert.changes),
      }),
    ),
    accessory: button(
      ACTION_IDS.acknowledgeAlert,
      t(locale, 'button.acknowledge'),
      alert.noticeId,
      'primary',
    ),
  };
}

function usageBlocks(locale: Locale, input: HomeUsage): KnownBlock[] {
  const { today, userMonth, team } = input.usage;
  const todayLine =
    today.limit === undefined
      ? t(locale, 'home.usage.todayUnlimited', { used: today.used })
      : t(locale, 'home.usage.today', {
          used: today.used,
          limit: today.limit,
          left: today.left ?? 0,
          resets: formatCstTime(today.resetsAt),
        });
  const blocks: KnownBlock[] = [
    { type: 'divider' },
    title(t(locale, 'home.usage.title')),
    {
      type: 'section',
      text: mrkdwn([todayLine, t(locale, 'home.usage.month', { used: userMonth.used })].join('\n')),
    },
  ];
  if (input.team === undefined) return blocks;
  const teamLine =
    team.limit === undefined
      ? t(locale, 'home.usage.teamUnlimited', { used: team.used })
      : t(locale, 'home.usage.team', {
          used: team.used,
          limit: team.limit,
          left: team.left ?? 0,
          resets: formatCstTime(team.resetsAt),
        });
  const people = input.team
    .slice(0, HOME_USAGE_PEOPLE_MAX)
    .map((person) => t(locale, 'home.usage.byUser', { user: userId(person.userId), calls: person.calls }));
  blocks.push({
    type: 'section',
    text: mrkdwn(
      clampMrkdwn(
        [teamLine, ...(people.length > 0 ? people : [t(locale, 'home.usage.byUserNone')])].join('\n'),
        SLACK_LIMITS.sectionText,
      ),
    ),
  });
  if (input.team.length > HOME_USAGE_PEOPLE_MAX) {
    blocks.push({
      type: 'context',
      elements: [
        mrkdwn(t(locale, 'home.usage.byUserMore', { count: input.team.length - HOME_USAGE_PEOPLE_MAX })),
      ],
    });
  }
  return blocks;
}

function title(text: string): KnownBlock {
  return { type: 'header', text: plain(text, SLACK_LIMITS.headerText) };
}

/**
 * The App Home tab, per person: their recent queries with a way to ask one again, their watches with the
 * next check and the last change, alerts nobody acknowledged, and for auditors the audit export.
 */
export function homeView(input: {
  locale: Locale;
  queries: readonly HomeQuery[];
  watches: readonly WatchSummary[];
  alerts: readonly HomeAlert[];
  auditor: boolean;
  schedule: string;
  checksPerMonth: number;
  /** Juhe usage against the budgets (docs/design.md § Budgets) */
  usage?: HomeUsage;
}): HomeView {
  const { locale } = input;
  const blocks: KnownBlock[] = [
    title(t(locale, 'home.header')),
    { type: 'context', elements: [mrkdwn(t(locale, 'home.intro'))] },
    title(t(locale, 'home.alerts.title')),
  ];
  if (input.alerts.length === 0) {
    blocks.push({ type: 'section', text: mrkdwn(t(locale, 'home.alerts.none')) });
  }
  for (const alert of input.alerts.slice(0, HOME_ALERTS_MAX)) blocks.push(alertSection(locale, alert));

  blocks.push({ type: 'divider' }, title(t(locale, 'home.watches.title')));
  if (input.watches.length === 0) {
    blocks.push({ type: 'section', text: mrkdwn(escapeMrkdwn(t(locale, 'watch.list.none'))) });
  } else {
    for (const watch of input.watches.slice(0, HOME_WATCHES_MAX))
      blocks.push(watchEntrySection(locale, watch));
    if (input.watches.length > HOME_WATCHES_MAX) {
      blocks.push({
        type: 'context',
        elements: [
          mrkdwn(
            escapeMrkdwn(t(locale, 'home.watches.more', { count: input.watches.length - HOME_WATCHES_MAX })),
          ),
        ],
      });
    }
    blocks.push({
      type: 'context',
      elements: [mrkdwn(watchTotalText(locale, input.watches, input.schedule, input.checksPerMonth))],
    });
  }

  blocks.push({ type: 'divider' }, title(t(locale, 'home.queries.title')));
  if (input.queries.length === 0) {
    blocks.push({ type: 'section', text: mrkdwn(t(locale, 'home.queries.none')) });
  }
  for (const query of input.queries.slice(0, HOME_QUERIES_MAX)) blocks.push(querySection(locale, query));

  if (input.usage) blocks.push(...usageBlocks(locale, input.usage));

  if (input.auditor) {
    blocks.push({ type: 'divider' }, title(t(locale, 'home.audit.title')), {
      type: 'section',
      text: mrkdwn(t(locale, 'home.audit.body')),
      accessory: button(ACTION_IDS.homeAuditExport, t(locale, 'home.button.auditExport'), 'last30'),
    });
  }
  return { type: 'home', blocks };
}
