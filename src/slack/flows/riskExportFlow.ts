import { BUDGET_EXCEEDED_OUTCOME, juheErrorOutcome } from '../../audit/auditLog.js';
import { type BudgetCharge, BudgetExceededError } from '../../budgets/budgetLedger.js';
import { typesOfScope } from '../../domain/riskType.js';
import { riskExportCsv } from '../../export/riskExportCsv.js';
import { exportedRecordCount, riskExportDocument } from '../../export/riskExportRows.js';
import { riskExportXlsx } from '../../export/riskExportXlsx.js';
import { JuheError } from '../../juhe/errorTypes.js';
import {
  fetchRiskExport,
  type RiskExport,
  type RiskExportQuery,
  riskExportCost,
} from '../../screening/riskExport.js';
import type { FetchedRiskPage } from '../../screening/riskScreening.js';
import type { AppServices } from '../appServices.js';
import { budgetRefusalMessage } from '../blocks/budgetMessages.js';
import {
  exportCancelledMessage,
  exportConfirmMessage,
  exportDoneMessage,
  exportFailedMessage,
  exportFileComment,
  exportWorkingMessage,
} from '../blocks/riskExportMessages.js';
import type { PrivateFile } from '../delivery/outbox.js';
import { replaceEphemeralOrReply } from '../delivery/replaceInPlace.js';
import type { ExportDestination, ExportTarget } from '../exportTarget.js';
import type { JuheDataMessage, SlackMessage } from '../message.js';
import type { RequestScope } from '../middleware/requestScope.js';
import { auditSubject } from './riskFlow.js';

/**
 * Export of a result (docs/design.md § Export): every page of its query as XLSX + CSV, into the
 * compliance thread the result is in, else the requester's DM. What it bills is worked out from the page
 * store first; more than one billed call is confirmed before anything is fetched.
 */
export interface ExportRequest {
  /** the result's subject and sources, with where the files go */
  target: ExportTarget & { destination: ExportDestination };
  /**
   * The response_url of a click on the confirmation (or a failure's Try again): the confirmation is
   * replaced by "Exporting…" and then by the outcome. Without it (a click on the result itself) these
   * are new private messages, so the result is never replaced.
   */
  inPlaceOf?: string;
}

/** Where the files go: a thread the result sits in, in a compliance channel; anything else is private. */
export function exportDestinationFor(
  services: Pick<AppServices, 'complianceChannels'>,
  where: {
    channelId: string;
    isEphemeral: boolean;
    threadTs?: string | undefined;
    messageTs?: string | undefined;
  },
): ExportDestination {
  const threadTs = where.threadTs ?? where.messageTs;
  if (where.isEphemeral || !threadTs || !services.complianceChannels.has(where.channelId))
    return { kind: 'dm' };
  return { kind: 'thread', channel: where.channelId, threadTs };
}

function exportQuery(services: Pick<AppServices, 'store'>, target: ExportTarget): RiskExportQuery {
  return {
    keyword: target.keyword,
    realname: target.realname,
    types: typesOfScope(target.scope),
    counts: target.counts,
    // the result being exported may be as old as a page turn may reuse
    maxAgeMs: services.store.resultRetentionHours * 3_600_000,
  };
}

/** A click on Export: the cost from the page store (nothing billed), then the confirmation or the export. */
export async function requestExport(
  services: AppServices,
  scope: RequestScope,
  request: ExportRequest,
): Promise<void> {
  const cost = await riskExportCost(services.screening, exportQuery(services, request.target));
  services.logger.info(
    { billedCalls: cost.billedCalls, exact: cost.exact, sources: cost.sources.length },
    'risk export costed',
  );
  if (cost.billedCalls > 1) {
    const confirm = exportConfirmMessage(services.locale, request.target, cost);
    await showPrivately(services, scope, request.inPlaceOf, confirm);
    return;
  }
  await runExport(services, scope, request);
}

export async function cancelExport(services: AppServices, scope: RequestScope, responseUrl?: string) {
  await showPrivately(services, scope, responseUrl, exportCancelledMessage(services.locale));
}

/** The confirmation, "Exporting…" and the outcome: in place of the confirmation, else new and private. */
async function showPrivately(
  services: AppServices,
  scope: RequestScope,
  inPlaceOf: string | undefined,
  message: SlackMessage | JuheDataMessage,
): Promise<void> {
  if (inPlaceOf) {
    await replaceEphemeralOrReply(
      { outbox: scope.outbox, logger: services.logger },
      inPlaceOf,
      scope.audience,
      message,
    );
    return;
  }
  // a click on a result: a new private message (replyPrivately never replaces the message clicked)
  await scope.outbox.replyPrivately(scope.audience, message);
}

function uniqueOrderIds(pages: readonly FetchedRiskPage[]): string[] {
  return [...new Set(pages.flatMap((fetched) => (fetched.page.orderId ? [fetched.page.orderId] : [])))];
}

/** `juhe-risk-export_all_20250606-1445`: no name or keyword in a file name a whole thread sees. */
function fileStem(scope: ExportTarget['scope'], generatedAt: Date): string {
  const cst = new Date(generatedAt.getTime() + 8 * 3_600_000).toISOString();
  return `juhe-risk-export_${scope}_${cst.slice(0, 10).replaceAll('-', '')}-${cst.slice(11, 16).replace(':', '')}`;
}

async function exportFiles(
  services: AppServices,
  target: ExportTarget,
  requesterId: string,
  exported: RiskExport,
): Promise<PrivateFile[]> {
  const generatedAt = services.now();
  const document = riskExportDocument({
    locale: services.locale,
    subject: target,
    exported,
    requesterId,
    generatedAt,
  });
  const stem = fileStem(target.scope, generatedAt);
  return [
    { filename: `${stem}.xlsx`, bytes: await riskExportXlsx(document, generatedAt) },
    { filename: `${stem}.csv`, bytes: riskExportCsv(document) },
  ];
}

/**
 * The export itself, audited as api `export`: described before any page is fetched, completed with the
 * records, the billed calls and Juhe's order ids. A JuheError on any page ends it without a file; the
 * pages read before it stay stored, so Try again bills only the rest. Log lines: counts only.
 */
export async function runExport(
  services: AppServices,
  scope: RequestScope,
  request: ExportRequest,
): Promise<void> {
  const { target } = request;
  const { locale } = services;
  await scope.audit.describe({
    api: 'export',
    type: String(target.scope),
    subject: auditSubject(target),
    purpose: null,
    consent: null,
  });
  // What the export bills is reserved before "Exporting…" shows: an export the budget cannot cover is
  // refused whole, and nothing is asked of (or billed by) Juhe. What is not billed goes back at the end.
  const query = exportQuery(services, target);
  const needed = (await riskExportCost(services.screening, query)).billedCalls;
  const held = await services.budgets.hold({ userId: scope.userId }, needed);
  if (!held.ok) {
    await scope.audit.complete(BUDGET_EXCEEDED_OUTCOME);
    await showPrivately(
      services,
      scope,
      request.inPlaceOf,
      budgetRefusalMessage(locale, held.refusal, needed),
    );
    return;
  }
  try {
    await exportWithin(services, scope, request, query, held.hold);
  } finally {
    await held.hold.close();
  }
}

async function exportWithin(
  services: AppServices,
  scope: RequestScope,
  request: ExportRequest,
  query: RiskExportQuery,
  charge: BudgetCharge,
): Promise<void> {
  const { target } = request;
  const { locale } = services;
  await showPrivately(services, scope, request.inPlaceOf, exportWorkingMessage(locale, target));
  if (request.inPlaceOf) scope.progress.push({ kind: 'ephemeral', responseUrl: request.inPlaceOf });

  const fetched: FetchedRiskPage[] = [];
  let exported: RiskExport;
  try {
    exported = await fetchRiskExport(services.screening, query, charge, fetched);
  } catch (error) {
    if (error instanceof BudgetExceededError) {
      // a page the cost did not foresee (a source grew, a stored page expired): refused, no file
      const billedCalls = fetched.filter((page) => page.page.billed).length;
      await scope.audit.complete({
        ...BUDGET_EXCEEDED_OUTCOME,
        billed: billedCalls > 0,
        billedCalls,
        orderIds: uniqueOrderIds(fetched),
        cacheHit: fetched.some((page) => page.fromCache),
      });
      scope.progress = [];
      await showPrivately(services, scope, request.inPlaceOf, budgetRefusalMessage(locale, error.refusal, 1));
      return;
    }
    if (!(error instanceof JuheError)) throw error;
    const billedCalls = fetched.filter((page) => page.page.billed).length + (error.billed ? 1 : 0);
    await scope.audit.complete({
      ...juheErrorOutcome(error),
      billed: billedCalls > 0,
      billedCalls,
      orderIds: uniqueOrderIds(fetched),
      cacheHit: fetched.some((page) => page.fromCache),
    });
    services.logger.info(
      { pages: fetched.length, billedCalls, code: error.code },
      'risk export stopped by a Juhe error; no file made',
    );
    scope.progress = [];
    await showPrivately(services, scope, request.inPlaceOf, exportFailedMessage(locale, target, error));
    return;
  }

  const files = await exportFiles(services, target, scope.userId, exported);
  const records = exportedRecordCount(exported);
  const comment = exportFileComment(locale, target, exported, records);
  const { destination } = target;
  if (destination.kind === 'thread') {
    await scope.outbox.shareFilesInThread(destination.channel, destination.threadTs, files, comment);
  } else {
    await scope.outbox.shareFilesInDm(scope.userId, files, comment);
  }
  await scope.audit.complete({
    outcome: 'exported',
    billed: exported.billedCalls > 0,
    billedCalls: exported.billedCalls,
    orderIds: uniqueOrderIds(fetched),
    recordCounts: {
      ...Object.fromEntries(exported.sources.map((source) => [String(source.type), source.totalRecords])),
      rows: records,
    },
    cacheHit: fetched.some((page) => page.fromCache),
  });
  services.logger.info(
    {
      records,
      pages: fetched.length,
      billedCalls: exported.billedCalls,
      sources: exported.sources.length,
      files: files.length,
      bytes: files.reduce((sum, file) => sum + file.bytes.length, 0),
      destination: destination.kind,
    },
    'risk export delivered',
  );
  scope.progress = [];
  const done = exportDoneMessage(locale, target, {
    records,
    billed: exported.billedCalls,
    where: destination.kind,
  });
  // in a thread the files themselves say it's done, unless a confirmation is waiting to be replaced
  if (destination.kind === 'dm' || request.inPlaceOf) {
    await showPrivately(services, scope, request.inPlaceOf, done);
  }
}
