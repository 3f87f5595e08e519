import type { ActionsBlock, Button } from '@slack/types';
import { typesOfScope } from '../../domain/riskType.js';
import { exportCountsText, exportSubjectText } from '../../export/riskExportRows.js';
import { type Locale, t } from '../../i18n/catalog.js';
import type { JuheErrorCategory } from '../../juhe/errorTypes.js';
import type { RiskExport, RiskExportCost } from '../../screening/riskExport.js';
import { type ExportConfirmation, type ExportTarget, encodeExportTarget } from '../exportTarget.js';
import { ACTION_IDS, EXPORT_ACTIONS_BLOCK_ID } from '../ids.js';
import { asJuheData, type JuheDataMessage, type SlackMessage } from '../message.js';
import { juheErrorText } from './errors.js';
import { button, escapeMrkdwn, escapeTruncated, FALLBACK_KEYWORD_MAX, mrkdwn } from './text.js';
import { watchFallbackNames } from './watchText.js';

const SUBJECT_MAX = 400;

/** The masked subject, as the visible parent names it: these messages may sit in a compliance thread. */
function subjectText(locale: Locale, target: ExportTarget): string {
  return escapeTruncated(exportSubjectText(locale, target, typesOfScope(target.scope)), SUBJECT_MAX);
}

function fallbackNames(target: ExportTarget): { name: string; keyword: string } {
  const names = watchFallbackNames({ ...target, types: typesOfScope(target.scope) });
  return { name: names.name, keyword: escapeTruncated(target.keyword, FALLBACK_KEYWORD_MAX) };
}

/** A result's "Export": sits beside Watch, carrying the same subject, sources and counts. */
export function exportButton(locale: Locale, target: ExportTarget): Button {
  return button(ACTION_IDS.export, t(locale, 'button.export'), encodeExportTarget(target));
}

function section(text: string) {
  return { type: 'section' as const, text: mrkdwn(text) };
}

/**
 * Asked before an export that bills more than one call, or whose cost is a lower bound: what it costs,
 * Export or Cancel. Export carries `confirmation` (its id, the billed calls named here). `exceeded`: the
 * billed calls confirmed before, when the export turned out to need more and asks again.
 */
export function exportConfirmMessage(
  locale: Locale,
  target: ExportTarget,
  cost: RiskExportCost,
  confirmation: ExportConfirmation,
  options: { exceeded?: number } = {},
): SlackMessage {
  const pages = cost.sources.reduce((sum, source) => sum + source.pages, 0);
  const params = { subject: subjectText(locale, target), pages, billed: cost.billedCalls };
  const lead =
    options.exceeded === undefined
      ? []
      : [section(t(locale, 'export.confirm.again', { confirmed: options.exceeded }))];
  const actions: ActionsBlock = {
    type: 'actions',
    block_id: EXPORT_ACTIONS_BLOCK_ID,
    elements: [
      button(
        ACTION_IDS.exportConfirm,
        t(locale, 'export.button.confirm'),
        encodeExportTarget({ ...target, confirmation }),
        'primary',
      ),
      button(ACTION_IDS.exportCancel, t(locale, 'export.button.cancel'), 'cancel'),
    ],
  };
  return {
    text: t(locale, cost.exact ? 'export.confirm.fallback' : 'export.confirm.fallback.atLeast', {
      ...fallbackNames(target),
      billed: cost.billedCalls,
    }),
    blocks: [
      ...lead,
      section(cost.exact ? t(locale, 'export.confirm', params) : t(locale, 'export.confirm.atLeast', params)),
      actions,
    ],
  };
}

/** A second click on a confirmation already taken (here or on another instance): nothing runs twice. */
export function exportClaimedMessage(locale: Locale): SlackMessage {
  const text = t(locale, 'export.claimed');
  return { text, blocks: [section(text)] };
}

export function exportCancelledMessage(locale: Locale): SlackMessage {
  const text = t(locale, 'export.cancelled');
  return { text, blocks: [section(text)] };
}

export function exportWorkingMessage(locale: Locale, target: ExportTarget): SlackMessage {
  return {
    text: t(locale, 'export.working.fallback', fallbackNames(target)),
    blocks: [section(t(locale, 'export.working', { subject: subjectText(locale, target) }))],
  };
}

export function exportDoneMessage(
  locale: Locale,
  target: ExportTarget,
  facts: { records: number; billed: number; where: 'dm' | 'thread' },
): SlackMessage {
  const params = { subject: subjectText(locale, target), records: facts.records, billed: facts.billed };
  return {
    text: t(locale, 'export.done.fallback', { ...fallbackNames(target), records: facts.records }),
    blocks: [
      section(
        facts.where === 'dm' ? t(locale, 'export.done.dm', params) : t(locale, 'export.done.thread', params),
      ),
    ],
  };
}

/**
 * A Juhe failure part-way: no file, and Try again (the Export button again, so what is left is costed
 * and confirmed anew; the pages already fetched are stored and not billed again).
 */
export function exportFailedMessage(
  locale: Locale,
  target: ExportTarget,
  error: { category: JuheErrorCategory; code: string },
): JuheDataMessage {
  const text = t(locale, 'export.failed', {
    subject: subjectText(locale, target),
    error: escapeMrkdwn(juheErrorText(locale, error.category, error.code)),
  });
  return asJuheData({
    text: t(locale, 'export.failed.fallback', fallbackNames(target)),
    blocks: [
      section(`${text}`),
      {
        type: 'actions',
        block_id: EXPORT_ACTIONS_BLOCK_ID,
        elements: [button(ACTION_IDS.export, t(locale, 'export.button.retry'), encodeExportTarget(target))],
      },
    ],
  });
}

/**
 * The text of the message the files arrive in: what they hold, and that an empty source clears nobody.
 * Slack reads it as mrkdwn, in a thread others see: the subject is escaped like every other message's
 * (a keyword cannot mention or link). File sharing bypasses the presenter, so on the sandbox the comment
 * carries the marker itself.
 */
export function exportFileComment(
  locale: Locale,
  target: ExportTarget,
  exported: RiskExport,
  records: number,
  options: { sandbox: boolean },
): string {
  const comment = t(locale, 'export.fileComment', {
    subject: subjectText(locale, target),
    records,
    counts: escapeMrkdwn(exportCountsText(locale, exported.sources)),
    notClearance: t(locale, 'export.notClearance'),
  });
  return options.sandbox ? `${t(locale, 'sandbox.marker')}\n${comment}` : comment;
}
