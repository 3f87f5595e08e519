import { batchResultsXlsx } from '../../batch/batchReport.js';
import type { BatchReporter } from '../../batch/batchRunner.js';
import type { BatchRecord, BatchStore } from '../../batch/batchStore.js';
import { summariseBatch } from '../../batch/batchSummary.js';
import type { BudgetRefusal } from '../../budgets/budgetLedger.js';
import { type Locale, t } from '../../i18n/catalog.js';
import type { Logger } from '../../logging/logger.js';
import { type BatchBudgetStop, batchProgressMessage, batchSummaryMessage } from '../blocks/batchMessages.js';
import { classifyDeliveryFailure } from './deliveryFailure.js';
import type { Outbox } from './outbox.js';

/** A budget's refusal as the batch's stop detail holds it (JSON: the reset time a string). */
function budgetStopOf(detail: unknown): { budget?: BatchBudgetStop } {
  const value = detail as { refusal?: BudgetRefusal & { resetsAt: string | Date }; needed?: number } | null;
  if (!value?.refusal || typeof value.needed !== 'number') return {};
  return {
    budget: {
      refusal: { ...value.refusal, resetsAt: new Date(value.refusal.resetsAt) },
      needed: value.needed,
    },
  };
}

/**
 * What a running batch shows its requester, and only them: the one DM message (the preview) updated in
 * place with the progress, then turned into the summary, with the XLSX of every row in its thread.
 */
export function createBatchReporter(deps: {
  outbox: Outbox;
  store: BatchStore;
  locale: Locale;
  logger: Logger;
  now: () => Date;
}): BatchReporter {
  const { outbox, locale } = deps;
  const log = deps.logger.child({ component: 'batch' });
  const where = (batch: BatchRecord) =>
    batch.dmChannel && batch.messageTs ? { channel: batch.dmChannel, ts: batch.messageTs } : undefined;

  return {
    async progress(batch, progress) {
      const message = where(batch);
      if (message === undefined) return;
      await outbox.update(
        message.channel,
        message.ts,
        batchProgressMessage({
          locale,
          batchId: batch.id,
          fileName: batch.spec.fileName,
          done: progress.done + progress.failed,
          total: progress.accepted,
          hits: progress.hits,
          failed: progress.failed,
          etaMs: progress.etaMs,
        }),
      );
    },
    async finished(batch) {
      const message = where(batch);
      if (message === undefined) {
        log.warn({ batchId: batch.id }, 'batch ended without a message to report in');
        return;
      }
      const rows = await deps.store.rows(batch.id);
      const generatedAt = deps.now();
      const xlsx = await batchResultsXlsx({ locale, batch, rows, generatedAt });
      const stamp = generatedAt.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
      let fileUploaded = true;
      try {
        // a report retried after the file went out (the summary's update refused) does not send it twice
        if (batch.reportFileAt === null) {
          // the file is named after the batch, not the analyst's file: that name may be a person's
          await outbox.shareFilesInThread(
            message.channel,
            message.ts,
            [{ filename: `batch-${stamp}-${batch.id.slice(0, 8)}.xlsx`, bytes: xlsx }],
            t(locale, 'batch.file.comment', { file: batch.id.slice(0, 8) }),
          );
          await deps.store.markReportFileDelivered(batch.id, deps.now());
        }
      } catch (error) {
        // a refusal asking again cannot change (files:write missing): the summary still goes out and
        // says so; anything else (429, 5xx) fails the job, which tries the report again later
        if (classifyDeliveryFailure(error).kind !== 'permanent') throw error;
        log.warn({ err: error, batchId: batch.id }, 'batch results file refused by Slack');
        fileUploaded = false;
      }
      const status = batch.status === 'cancelled' || batch.status === 'stopped' ? batch.status : 'done';
      const startedAt = batch.startedAt ?? batch.createdAt;
      await outbox.update(
        message.channel,
        message.ts,
        batchSummaryMessage({
          locale,
          fileName: batch.spec.fileName,
          status,
          stopReason: batch.stopReason,
          ...budgetStopOf(batch.stopDetail),
          summary: summariseBatch(rows),
          tookMs: (batch.finishedAt ?? generatedAt).getTime() - startedAt.getTime(),
          fileUploaded,
        }),
      );
    },
  };
}
