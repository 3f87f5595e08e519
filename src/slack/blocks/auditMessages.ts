import type { AuditExportRequest } from '../../audit/export/auditExport.js';
import { AUDIT_PERIOD_MAX_DAYS } from '../../audit/export/auditPeriod.js';
import { type Locale, type MessageKey, t } from '../../i18n/catalog.js';
import type { AuditCommandProblem } from '../commands/riskCommand.types.js';
import type { SlackMessage } from '../message.js';
import { escapeMrkdwn, joinSentences, mrkdwn } from './text.js';

/**
 * The auditors' `/risk audit` messages. None of them carries Juhe data or a subject: the decrypted rows
 * travel only in the files, never in a message.
 */

function section(text: string): SlackMessage {
  return { text, blocks: [{ type: 'section', text: mrkdwn(text) }] };
}

/** "2026-11-01 to 2026-11-30", with "queries by @ana" when filtered by requester. */
export function auditPeriodText(locale: Locale, request: AuditExportRequest): string {
  const { from, to } = request.period;
  // a `cli:` requester has no mention; the parser only lets member IDs through from Slack
  return request.requester && /^[UW][A-Z0-9]+$/.test(request.requester)
    ? t(locale, 'audit.period.user', { from, to, user: request.requester })
    : t(locale, 'audit.period', { from, to });
}

export function auditCountText(locale: Locale, rowCount: number): string {
  return rowCount === 1 ? t(locale, 'audit.count.one') : t(locale, 'audit.count.other', { count: rowCount });
}

export function auditPreparingMessage(locale: Locale, request: AuditExportRequest): SlackMessage {
  return section(t(locale, 'audit.preparing', { period: auditPeriodText(locale, request) }));
}

export function auditDoneMessage(
  locale: Locale,
  request: AuditExportRequest,
  rowCount: number,
  filenames: readonly string[],
): SlackMessage {
  return section(
    t(locale, 'audit.done', {
      period: auditPeriodText(locale, request),
      count: auditCountText(locale, rowCount),
      files: filenames.map((name) => `\`${escapeMrkdwn(name)}\``).join(locale === 'zh-CN' ? '、' : ', '),
    }),
  );
}

export function auditEmptyMessage(locale: Locale, request: AuditExportRequest): SlackMessage {
  return section(t(locale, 'audit.empty', { period: auditPeriodText(locale, request) }));
}

/** The text of the DM message the files arrive with. */
export function auditFileComment(locale: Locale, request: AuditExportRequest, rowCount: number): string {
  return t(locale, 'audit.fileComment', {
    period: auditPeriodText(locale, request),
    count: auditCountText(locale, rowCount),
  });
}

/** The requester is not on AUDITOR_USER_IDS. */
export function auditRefusalMessage(locale: Locale): SlackMessage {
  const text = t(locale, 'refusal.audit');
  return { text, blocks: [{ type: 'section', text: mrkdwn(`:no_entry: ${text}`) }] };
}

const PROBLEM_KEYS = {
  date_format: ['audit.usage.date_format', 'audit.usage.date_format.noWord'],
  date_impossible: ['audit.usage.date_impossible', 'audit.usage.date_impossible.noWord'],
  user_handle: ['audit.usage.user_handle', 'audit.usage.user_handle.noWord'],
  unknown_word: ['audit.usage.unknown_word', 'audit.usage.unknown_word.noWord'],
} as const satisfies Record<string, readonly [MessageKey, MessageKey]>;

/** What was wrong with a `/risk audit` command, as mrkdwn; echoes only what the parser marked safe. */
export function auditProblemText(locale: Locale, problem: AuditCommandProblem): string {
  const from = problem.from ?? '';
  const to = problem.to ?? '';
  switch (problem.code) {
    case 'range_reversed':
      return t(locale, 'audit.usage.range_reversed', { from, to });
    case 'range_too_long':
      return t(locale, 'audit.usage.range_too_long', {
        from,
        to,
        days: problem.days ?? 0,
        max: AUDIT_PERIOD_MAX_DAYS,
      });
    case 'too_many_words':
      return t(locale, 'audit.usage.too_many_words');
    default: {
      const [withWord, withoutWord] = PROBLEM_KEYS[problem.code];
      return problem.word === undefined
        ? t(locale, withoutWord)
        : // every key with a word has exactly the one {word} placeholder
          t(locale, withWord as 'audit.usage.date_format', { word: escapeMrkdwn(problem.word) });
    }
  }
}

/** How to fix it, as mrkdwn. */
export function auditFixText(locale: Locale, problem: AuditCommandProblem): string {
  switch (problem.code) {
    case 'range_reversed':
      return t(locale, 'audit.usage.fix.order', { from: problem.from ?? '', to: problem.to ?? '' });
    case 'range_too_long':
      return t(locale, 'audit.usage.fix.split');
    case 'user_handle':
      return t(locale, 'audit.usage.fix.member');
    default:
      return t(locale, 'audit.usage.fix.dates');
  }
}

/** A `/risk audit` command that could not be read: what was wrong, how to fix it, and the syntax. */
export function auditUsageMessage(locale: Locale, problem: AuditCommandProblem): SlackMessage {
  const what = auditProblemText(locale, problem);
  const fix = auditFixText(locale, problem);
  return {
    text: joinSentences(locale, what, fix),
    blocks: [
      { type: 'section', text: mrkdwn(`:warning: ${what}\n${fix}`) },
      { type: 'context', elements: [mrkdwn(t(locale, 'audit.usage.syntax'))] },
    ],
  };
}
