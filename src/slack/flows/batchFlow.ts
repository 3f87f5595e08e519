import { randomUUID } from 'node:crypto';
import type { AuditedOutcome } from '../../audit/auditLog.js';
import { readBatchFile } from '../../batch/batchFile.js';
import { typesOfScope } from '../../domain/riskType.js';
import type { AppServices } from '../appServices.js';
import {
  type BatchFileRefusal,
  batchCancelledBeforeStartMessage,
  batchFileProblemText,
  batchPreviewMessage,
  batchPreviewSentView,
  batchProgressMessage,
  batchReadingView,
  batchStatusMessage,
  riskBatchModal,
} from '../blocks/batchMessages.js';
import { staleButtonMessage } from '../blocks/errors.js';
import type { RequestScope } from '../middleware/requestScope.js';
import { UPLOADED_FILE_MAX_BYTES } from '../uploadedFile.js';

/**
 * Batch screening on the Slack side (docs/design.md § Batch screening): the modal, the file read into a
 * preview in the requester's DM — before anything is billed — and Start / Cancel, which only the
 * requester may press. The rows are screened by the batch job (src/batch/batchRunner.ts).
 */

export async function openBatchModal(services: AppServices, scope: RequestScope, triggerId: string) {
  await scope.outbox.openView(
    triggerId,
    riskBatchModal({ locale: services.locale, maxRows: services.batches.config.maxRows }),
  );
}

function unbilled(outcome: string, rows?: number): AuditedOutcome {
  return {
    outcome,
    billed: false,
    orderIds: [],
    cacheHit: false,
    ...(rows === undefined ? {} : { recordCounts: { rows } }),
  };
}

/**
 * A submitted risk_batch modal whose purpose and file field passed: the modal says "Reading your file…"
 * at once (the ack), the file is fetched from Slack and read; a file that cannot be used turns the modal
 * back into the form with what was wrong and how to fix it — nothing stored, nothing billed. A good one
 * is stored (sealed) and previewed in the requester's DM with Start and Cancel.
 */
export async function submitBatch(
  services: AppServices,
  scope: RequestScope,
  submission: { fileId: string; purpose: string },
): Promise<void> {
  const { locale } = services;
  const { maxRows } = services.batches.config;
  await scope.ackWithView(batchReadingView(locale));
  const viewId = scope.view?.id;
  const refuse = async (problem: { kind: BatchFileRefusal; rows?: number; maxRows?: number }) => {
    if (viewId === undefined) return;
    await scope.outbox.updateView(
      viewId,
      riskBatchModal({
        locale,
        maxRows,
        purpose: submission.purpose,
        problem: batchFileProblemText(locale, { ...problem, maxMb: UPLOADED_FILE_MAX_BYTES / 1024 / 1024 }),
      }),
    );
  };
  const file = await services.batches.files.read(submission.fileId);
  if (!file.ok) {
    await refuse({ kind: file.problem });
    return;
  }
  const read = await readBatchFile(file.bytes, { maxRows });
  if (!read.ok) {
    await refuse({
      kind: read.problem,
      ...(read.rows === undefined ? {} : { rows: read.rows }),
      ...(read.maxRows === undefined ? {} : { maxRows: read.maxRows }),
    });
    return;
  }
  const subjects = read.subjects.map((subject) => ({
    row: subject.row,
    keyword: subject.keyword,
    realname: subject.realname,
    types: typesOfScope(subject.scope),
  }));
  const costCalls = subjects.reduce((sum, subject) => sum + subject.types.length, 0);
  const id = randomUUID();
  const spec = { purpose: submission.purpose, fileName: file.name };
  // the subjects are personal data, now kept (sealed) for the batch: on record before they are stored
  await scope.audit.describe({
    api: 'batch',
    type: null,
    subject: null,
    purpose: spec.purpose,
    consent: null,
  });
  await services.batches.store.create({
    id,
    owner: scope.userId,
    spec,
    subjects,
    rejected: read.rejected,
    costCalls,
    now: services.now(),
  });
  await scope.audit.complete(unbilled('batch_previewed', subjects.length));
  // results of a batch are for its requester only: the preview, progress and summary live in their DM
  const dm = await scope.outbox.openDm(scope.userId);
  const ts = await scope.outbox.post(
    dm,
    batchPreviewMessage({
      locale,
      batchId: id,
      fileName: spec.fileName,
      purpose: spec.purpose,
      accepted: subjects.length,
      rejected: read.rejected,
      costCalls,
    }),
  );
  await services.batches.store.setMessage(id, dm, ts);
  services.logger.info(
    {
      batchId: id,
      accepted: subjects.length,
      rejected: read.rejected.length,
      costCalls,
      format: read.format,
    },
    'batch previewed',
  );
  if (viewId !== undefined) await scope.outbox.updateView(viewId, batchPreviewSentView(locale));
}

/**
 * Start or Cancel on a batch's message: its requester only; the change is audited (api `batch`),
 * described before it is made. Start queues the batch job; Cancel stops it before its next row.
 */
export async function changeBatch(
  services: AppServices,
  scope: RequestScope,
  batchId: string | undefined,
  change: 'start' | 'cancel',
): Promise<void> {
  const { locale } = services;
  const { store, runner } = services.batches;
  const batch = batchId ? await store.load(batchId) : undefined;
  if (batch === undefined) {
    await scope.outbox.replyPrivately(scope.audience, staleButtonMessage(locale));
    return;
  }
  if (batch.owner !== scope.userId) {
    await scope.audit.refuse('batch');
    await scope.outbox.replyPrivately(scope.audience, batchStatusMessage(locale, 'batch.notYours'));
    return;
  }
  await scope.audit.describe({
    api: 'batch',
    type: null,
    subject: null,
    purpose: batch.spec.purpose,
    consent: null,
  });
  const now = services.now();
  if (change === 'start') {
    const { started, status } = await store.start(batch.id, now);
    await scope.audit.complete(unbilled(started ? 'batch_started' : 'not_previewed', batch.acceptedRows));
    if (!started) {
      // the status now, not the one loaded above: a double-click's second press lost to the first
      const key = status === 'running' ? 'batch.alreadyStarted' : 'batch.alreadyEnded';
      await scope.outbox.replyPrivately(scope.audience, batchStatusMessage(locale, key));
      return;
    }
    if (batch.dmChannel && batch.messageTs) {
      // the preview becomes the progress at once: Start is not pressed twice
      await scope.outbox.update(
        batch.dmChannel,
        batch.messageTs,
        batchProgressMessage({
          locale,
          batchId: batch.id,
          fileName: batch.spec.fileName,
          done: 0,
          total: batch.acceptedRows,
          hits: 0,
          failed: 0,
          etaMs: null,
        }),
      );
    }
    await runner.run(batch.id);
    return;
  }
  const was = await store.cancel(batch.id, now);
  await scope.audit.complete(unbilled(was ? 'batch_cancelled' : 'not_active', batch.acceptedRows));
  if (was === undefined) {
    await scope.outbox.replyPrivately(scope.audience, batchStatusMessage(locale, 'batch.alreadyEnded'));
    return;
  }
  // a running batch ends at its next row: the job turns the message into the summary then
  if (was === 'previewed' && batch.dmChannel && batch.messageTs) {
    await scope.outbox.update(
      batch.dmChannel,
      batch.messageTs,
      batchCancelledBeforeStartMessage(locale, batch.spec.fileName),
    );
  }
}
