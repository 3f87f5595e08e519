import type { ActionsBlock, Button, KnownBlock, ModalView } from '@slack/types';
import type { BatchFileProblem, RejectedRow } from '../../batch/batchFile.js';
import { rejectionReasonText } from '../../batch/batchReport.js';
import type { BatchSummary } from '../../batch/batchSummary.js';
import type { BudgetRefusal } from '../../budgets/budgetLedger.js';
import { PURPOSE_MAX_LENGTH } from '../../domain/purpose.js';
import { type Locale, t } from '../../i18n/catalog.js';
import { ACTION_IDS, BATCH_ACTIONS_BLOCK_ID, BLOCK_IDS, CALLBACK_IDS, INPUT_ACTION_IDS } from '../ids.js';
import { asJuheData, type JuheDataMessage, type SlackMessage } from '../message.js';
import { budgetRefusalText } from './budgetMessages.js';
import { textInput } from './riskModal.js';
import { riskTypeShort } from './riskText.js';
import { escapeMrkdwn, escapeTruncated, mrkdwn, plain, SLACK_LIMITS } from './text.js';

/**
 * Everything a batch shows in Slack (docs/design.md § Batch screening): the `risk_batch` modal, its
 * "Reading your file…" and problem states, and the one DM message that is first the preview, then the
 * progress, then the summary. Pure: the flow passes in counts, times and the batch's id.
 */

/** The file a batch came from, as its messages name it: escaped, and short enough for a header. */
const FILE_NAME_MAX = 80;
const PURPOSE_SHOWN_MAX = 300;
/** Rejected rows named in the preview; the rest are counted (the results file lists them all). */
export const PREVIEW_REJECTED_LISTED = 20;
/** Cells of the progress bar. */
export const PROGRESS_BAR_CELLS = 20;

function context(text: string): KnownBlock {
  return { type: 'context', elements: [mrkdwn(text)] };
}

function section(text: string): KnownBlock {
  return { type: 'section', text: mrkdwn(text) };
}

/** The `risk_batch` modal: a file_input (CSV or XLSX, one file) and the purpose; a problem on top when a file was refused. */
export function riskBatchModal(input: {
  locale: Locale;
  maxRows: number;
  /** why the last file could not be used, with how to fix it */
  problem?: string;
  purpose?: string;
}): ModalView {
  const { locale } = input;
  return {
    type: 'modal',
    callback_id: CALLBACK_IDS.riskBatch,
    title: plain(t(locale, 'batch.modal.title'), SLACK_LIMITS.modalTitle),
    submit: plain(t(locale, 'batch.modal.submit'), SLACK_LIMITS.modalTitle),
    close: plain(t(locale, 'modal.cancel'), SLACK_LIMITS.modalTitle),
    blocks: [
      ...(input.problem
        ? [
            section(
              `${t(locale, 'batch.problem.intro')}\n${input.problem}\n${t(locale, 'batch.problem.retry')}`,
            ),
          ]
        : []),
      section(t(locale, 'batch.modal.intro', { maxRows: input.maxRows })),
      {
        type: 'input',
        block_id: BLOCK_IDS.file,
        label: plain(t(locale, 'batch.modal.file.label'), SLACK_LIMITS.fieldText),
        element: {
          type: 'file_input',
          action_id: INPUT_ACTION_IDS.file,
          filetypes: ['csv', 'xlsx'],
          max_files: 1,
        },
      },
      textInput({
        blockId: BLOCK_IDS.purpose,
        actionId: INPUT_ACTION_IDS.purpose,
        label: t(locale, 'batch.modal.purpose.label'),
        hint: t(locale, 'batch.modal.purpose.hint'),
        maxLength: PURPOSE_MAX_LENGTH,
        multiline: true,
        ...(input.purpose ? { initialValue: input.purpose } : {}),
      }),
      context(t(locale, 'batch.modal.cost')),
      context(t(locale, 'batch.modal.results')),
    ],
  };
}

/** The modal while the file is fetched and read (the submission's ack). */
export function batchReadingView(locale: Locale): ModalView {
  return {
    type: 'modal',
    title: plain(t(locale, 'batch.modal.title'), SLACK_LIMITS.modalTitle),
    close: plain(t(locale, 'modal.close'), SLACK_LIMITS.modalTitle),
    blocks: [section(t(locale, 'batch.reading'))],
  };
}

/** The modal once the preview is in the DM. */
export function batchPreviewSentView(locale: Locale): ModalView {
  return {
    type: 'modal',
    title: plain(t(locale, 'batch.modal.title'), SLACK_LIMITS.modalTitle),
    close: plain(t(locale, 'modal.close'), SLACK_LIMITS.modalTitle),
    blocks: [section(t(locale, 'batch.read.previewSent'))],
  };
}

export type BatchFileRefusal = BatchFileProblem | 'too_large' | 'unreadable';

/** What was wrong with the file, and how to fix it: the header names it expects, the limit. */
export function batchFileProblemText(
  locale: Locale,
  problem: { kind: BatchFileRefusal; rows?: number; maxRows?: number; maxMb?: number },
): string {
  switch (problem.kind) {
    case 'too_many_rows':
      return t(locale, 'batch.problem.too_many_rows', {
        rows: problem.rows ?? 0,
        maxRows: problem.maxRows ?? 0,
      });
    case 'too_large':
      return t(locale, 'batch.problem.too_large', { maxMb: problem.maxMb ?? 0 });
    default:
      return t(locale, `batch.problem.${problem.kind}`);
  }
}

function fileName(name: string): string {
  return escapeTruncated(name, FILE_NAME_MAX);
}

function button(locale: Locale, kind: 'start' | 'cancel', batchId: string): Button {
  return {
    type: 'button',
    action_id: kind === 'start' ? ACTION_IDS.batchStart : ACTION_IDS.batchCancel,
    text: plain(
      t(locale, kind === 'start' ? 'batch.button.start' : 'batch.button.cancel'),
      SLACK_LIMITS.buttonText,
    ),
    value: batchId,
    ...(kind === 'start' ? { style: 'primary' as const } : {}),
  };
}

function actions(buttons: Button[]): ActionsBlock {
  return { type: 'actions', block_id: BATCH_ACTIONS_BLOCK_ID, elements: buttons };
}

/** The preview, before anything is billed: rows accepted and rejected (first ones named), the cost, Start and Cancel. */
export function batchPreviewMessage(input: {
  locale: Locale;
  batchId: string;
  fileName: string;
  purpose: string;
  accepted: number;
  rejected: readonly RejectedRow[];
  costCalls: number;
}): SlackMessage {
  const { locale } = input;
  const title = t(locale, 'batch.preview.title', { file: fileName(input.fileName) });
  const listed = input.rejected.slice(0, PREVIEW_REJECTED_LISTED);
  const rejectedLines = listed.map((row) =>
    t(locale, 'batch.preview.rejectedRow', { row: row.row, reason: rejectionReasonText(locale, row.reason) }),
  );
  const more = input.rejected.length - listed.length;
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(title, SLACK_LIMITS.headerText) },
    section(t(locale, 'batch.preview.counts', { accepted: input.accepted, rejected: input.rejected.length })),
    section(t(locale, 'batch.preview.cost', { calls: input.costCalls })),
    context(
      t(locale, 'batch.preview.purpose', { purpose: escapeTruncated(input.purpose, PURPOSE_SHOWN_MAX) }),
    ),
  ];
  if (rejectedLines.length > 0) {
    blocks.push(
      section(
        [
          t(locale, 'batch.preview.rejectedTitle'),
          ...rejectedLines,
          ...(more > 0 ? [t(locale, 'batch.preview.rejectedMore', { count: more })] : []),
        ].join('\n'),
      ),
    );
  }
  if (input.accepted === 0) {
    blocks.push(section(t(locale, 'batch.preview.nothing')));
  } else {
    blocks.push(actions([button(locale, 'start', input.batchId), button(locale, 'cancel', input.batchId)]));
  }
  blocks.push(context(t(locale, 'batch.preview.onlyYou')));
  return {
    text: `${title} · ${t(locale, 'batch.preview.counts', { accepted: input.accepted, rejected: input.rejected.length }).replaceAll('*', '')}`,
    blocks,
  };
}

/** `████░░░…` with PROGRESS_BAR_CELLS cells, the filled ones rounded down (full only when all are done). */
export function progressBar(done: number, total: number): string {
  const filled =
    total <= 0
      ? PROGRESS_BAR_CELLS
      : Math.min(PROGRESS_BAR_CELLS, Math.floor((done * PROGRESS_BAR_CELLS) / total));
  return '█'.repeat(filled) + '░'.repeat(PROGRESS_BAR_CELLS - filled);
}

/** A span of time as the messages say it: seconds under a minute, minutes under an hour, then hours and minutes. */
export function durationText(locale: Locale, ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return t(locale, 'batch.duration.seconds', { count: seconds });
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return t(locale, 'batch.duration.minutes', { count: minutes });
  return t(locale, 'batch.duration.hours', { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
}

/** Time left, rounded up to the minute: an estimate should not promise too early. */
export function etaText(locale: Locale, etaMs: number | null): string {
  if (etaMs === null) return t(locale, 'batch.progress.etaUnknown');
  if (etaMs < 60_000) return t(locale, 'batch.progress.etaUnderMinute');
  const minutes = Math.ceil(etaMs / 60_000);
  const time =
    minutes < 60
      ? t(locale, 'batch.duration.minutes', { count: minutes })
      : t(locale, 'batch.duration.hours', { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
  return t(locale, 'batch.progress.eta', { time });
}

/** The progress, in place of the preview: bar, `120 / 500`, hits so far, time left; Cancel. */
export function batchProgressMessage(input: {
  locale: Locale;
  batchId: string;
  fileName: string;
  /** rows screened or failed for good */
  done: number;
  total: number;
  hits: number;
  failed: number;
  etaMs: number | null;
}): JuheDataMessage {
  const { locale } = input;
  const title = t(locale, 'batch.progress.title', { file: fileName(input.fileName) });
  const line = t(locale, 'batch.progress.line', {
    bar: progressBar(input.done, input.total),
    done: input.done,
    total: input.total,
  });
  const details = [
    t(locale, 'batch.progress.hits', { hits: input.hits }),
    ...(input.failed > 0 ? [t(locale, 'batch.progress.failed', { failed: input.failed })] : []),
    etaText(locale, input.etaMs),
  ].join(t(locale, 'summary.separator'));
  return asJuheData({
    text: `${title}: ${input.done} / ${input.total}`,
    blocks: [
      { type: 'header', text: plain(title, SLACK_LIMITS.headerText) },
      section(line),
      context(details),
      actions([button(locale, 'cancel', input.batchId)]),
    ],
  });
}

/** What a budget that stopped a batch said: which, its limit, what is left, when it resets. */
export interface BatchBudgetStop {
  refusal: BudgetRefusal;
  needed: number;
}

function stopReasonText(locale: Locale, reason: string | null, budget: BatchBudgetStop | undefined): string {
  if (budget !== undefined) {
    return `${budgetRefusalText(locale, budget.refusal, budget.needed)} ${t(locale, 'batch.stop.budget')}`;
  }
  if (reason === 'quota') return t(locale, 'batch.stop.quota');
  if (reason === 'misconfigured') return t(locale, 'batch.stop.misconfigured');
  return t(locale, 'batch.stop.other', { reason: escapeTruncated(reason ?? '', 60) });
}

/** The summary, in place of the progress: subjects with records per source, rows failed, time taken. */
export function batchSummaryMessage(input: {
  locale: Locale;
  fileName: string;
  status: 'done' | 'cancelled' | 'stopped';
  stopReason: string | null;
  /** the budget that stopped it, when one did */
  budget?: BatchBudgetStop;
  summary: BatchSummary;
  tookMs: number;
  /** the results file went into the thread */
  fileUploaded: boolean;
}): JuheDataMessage {
  const { locale, summary } = input;
  const title = t(locale, `batch.summary.title.${input.status}`, { file: fileName(input.fileName) });
  const screened = summary.done + summary.failed;
  const sources = summary.withRecords
    .map(({ type, subjects }) =>
      t(locale, 'batch.summary.source', { name: riskTypeShort(locale, type), count: subjects }),
    )
    .join(t(locale, 'summary.separator'));
  const lines = [
    t(locale, 'batch.summary.screened', {
      done: screened,
      total: summary.accepted,
      duration: durationText(locale, input.tookMs),
    }),
    ...(input.status === 'stopped' ? [stopReasonText(locale, input.stopReason, input.budget)] : []),
    ...(summary.notScreened > 0
      ? [t(locale, 'batch.summary.notScreened', { count: summary.notScreened })]
      : []),
    t(locale, 'batch.summary.bySource', { sources, any: summary.withAnyRecord }),
    t(locale, 'batch.summary.failed', { count: summary.failed }),
    ...(summary.rejected > 0 ? [t(locale, 'batch.summary.rejected', { count: summary.rejected })] : []),
  ];
  return asJuheData({
    text: `${title}: ${screened} / ${summary.accepted}`,
    blocks: [
      { type: 'header', text: plain(title, SLACK_LIMITS.headerText) },
      section(lines.join('\n')),
      context(t(locale, input.fileUploaded ? 'batch.summary.file' : 'batch.summary.fileFailed')),
      context(t(locale, 'batch.notClearance')),
    ],
  });
}

/** A batch cancelled before it started: the preview's place says so. */
export function batchCancelledBeforeStartMessage(locale: Locale, name: string): SlackMessage {
  const title = t(locale, 'batch.summary.title.cancelled', { file: fileName(name) });
  return {
    text: `${title}: ${t(locale, 'batch.cancelledBeforeStart')}`,
    blocks: [
      { type: 'header', text: plain(title, SLACK_LIMITS.headerText) },
      section(t(locale, 'batch.cancelledBeforeStart')),
    ],
  };
}

/** A short answer to a Start / Cancel click that changed nothing (someone else's batch, already ended). */
export function batchStatusMessage(
  locale: Locale,
  key: 'batch.notYours' | 'batch.alreadyStarted' | 'batch.alreadyEnded' | 'batch.started',
): SlackMessage {
  const text = t(locale, key);
  return { text, blocks: [section(escapeMrkdwn(text))] };
}
