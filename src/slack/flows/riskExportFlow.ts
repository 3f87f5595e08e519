import { randomUUID } from 'node:crypto';
import {
  type AuditedOutcome,
  BUDGET_EXCEEDED_OUTCOME,
  juheErrorOutcome,
  UNEXPECTED_OUTCOME,
} from '../../audit/auditLog.js';
import { type BudgetCharge, BudgetExceededError } from '../../budgets/budgetLedger.js';
import { typesOfScope } from '../../domain/riskType.js';
import { riskExportCsv } from '../../export/riskExportCsv.js';
import { exportedRecordCount, riskExportDocument } from '../../export/riskExportRows.js';
import { riskExportXlsx } from '../../export/riskExportXlsx.js';
import { JuheError } from '../../juhe/errorTypes.js';
import {
  ExportNeedsConfirmationError,
  exportNeedsConfirmation,
  fetchRiskExport,
  type RiskExport,
  type RiskExportCost,
  type RiskExportQuery,
  riskExportCost,
  UNCONFIRMED_EXPORT_BILLED_CALLS,
} from '../../screening/riskExport.js';
import type { FetchedRiskPage } from '../../screening/riskScreening.js';
import { createRequestReceipts, REQUEST_RECEIPT_RETENTION_MS } from '../../store/requestReceipts.js';
import type { AppServices } from '../appServices.js';
import { budgetRefusalMessage } from '../blocks/budgetMessages.js';
import {
  exportCancelledMessage,
  exportClaimedMessage,
  exportConfirmMessage,
  exportDoneMessage,
  exportFailedMessage,
  exportFileComment,
  exportWorkingMessage,
} from '../blocks/riskExportMessages.js';
import type { PrivateFile } from '../delivery/outbox.js';
import { replaceEphemeralOrReply } from '../delivery/replaceInPlace.js';
import type { ExportConfirmation, ExportDestination, ExportTarget } from '../exportTarget.js';
import type { JuheDataMessage, SlackMessage } from '../message.js';
import type { RequestScope } from '../middleware/requestScope.js';
import { ResponseUrlError, ResponseUrlRefusedError } from '../responseUrl.js';
import { auditSubject } from './riskFlow.js';

/**
 * Export of a result (docs/design.md § Export): every page of its query as XLSX + CSV, into the
 * compliance thread the result is in, else the requester's DM. What it bills is worked out from the page
 * store first; more than one billed call, or a cost known only as a lower bound, is confirmed before
 * anything is fetched, and never more is billed than was confirmed.
 */
export interface ExportRequest {
  /** the result's subject and sources, with where the files go (never a confirmation: see below) */
  target: Omit<ExportTarget, 'confirmation'> & { destination: ExportDestination };
  /**
   * The response_url of a click on the confirmation (or a failure's Try again): the confirmation is
   * replaced by "Exporting…" and then by the outcome. Without it (a click on the result itself) the
   * outcome is a new private message, so the result is never replaced.
   */
  inPlaceOf?: string;
  /** a click on a confirmation's Export: what it confirmed */
  confirmation?: ExportConfirmation;
}

/** A click on one of the export's buttons, as the listener read it from Slack's payload. */
export interface ExportClick {
  /** Export on a result or a failure's Try again (`risk_export`), or Export on a confirmation */
  action: 'export' | 'confirm';
  /** the button's value, decoded */
  target: ExportTarget;
  /** the message clicked: where it is and whether it is private */
  container: { channelId?: string; messageTs?: string; threadTs?: string; isEphemeral: boolean };
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

/**
 * What a click asks for. The result's button knows its place from the click (its thread, or a private
 * message); the confirmation's and a failure's buttons carry it, as they sit on a private message of
 * their own, which the outcome then replaces. A destination read back is held to today's compliance
 * channels, like the click's own. Only a confirmation's Export carries what was confirmed.
 */
export function exportRequestFrom(
  services: Pick<AppServices, 'complianceChannels'>,
  scope: Pick<RequestScope, 'audience'>,
  click: ExportClick,
): ExportRequest {
  const { confirmation, destination: carried, ...subject } = click.target;
  const { container } = click;
  const destination =
    carried?.kind === 'thread'
      ? exportDestinationFor(services, {
          channelId: carried.channel,
          isEphemeral: false,
          threadTs: carried.threadTs,
        })
      : (carried ??
        exportDestinationFor(services, {
          channelId: container.channelId ?? scope.audience.channelId,
          isEphemeral: container.isEphemeral,
          threadTs: container.threadTs,
          messageTs: container.messageTs,
        }));
  const responseUrl = scope.audience.responseUrl;
  return {
    target: { ...subject, destination },
    ...(carried !== undefined && responseUrl ? { inPlaceOf: responseUrl } : {}),
    ...(click.action === 'confirm' && confirmation !== undefined ? { confirmation } : {}),
  };
}

/** Every click on Export (a result, a confirmation, a failure's Try again), after the ack. */
export async function exportClicked(
  services: AppServices,
  scope: RequestScope,
  click: ExportClick,
): Promise<void> {
  // a private answer to a click in a thread stays in that thread
  if (click.container.threadTs) scope.audience = { ...scope.audience, threadTs: click.container.threadTs };
  const request = exportRequestFrom(services, scope, click);
  if (request.confirmation) await confirmExport(services, scope, request, request.confirmation);
  else await requestExport(services, scope, request);
}

function exportQuery(services: Pick<AppServices, 'store'>, target: ExportRequest['target']): RiskExportQuery {
  return {
    keyword: target.keyword,
    realname: target.realname,
    types: typesOfScope(target.scope),
    counts: target.counts,
    // the result being exported may be as old as a page turn may reuse
    maxAgeMs: services.store.resultRetentionHours * 3_600_000,
  };
}

async function costOf(services: AppServices, request: ExportRequest): Promise<RiskExportCost> {
  const cost = await riskExportCost(services.screening, exportQuery(services, request.target));
  services.logger.info(
    { billedCalls: cost.billedCalls, exact: cost.exact, sources: cost.sources.length },
    'risk export costed',
  );
  return cost;
}

/** A click on Export: the cost from the page store (nothing billed), then the confirmation or the export. */
export async function requestExport(
  services: AppServices,
  scope: RequestScope,
  request: ExportRequest,
): Promise<void> {
  const cost = await costOf(services, request);
  if (exportNeedsConfirmation(cost)) {
    await askToConfirm(services, scope, request, cost);
    return;
  }
  await runExport(services, scope, request, {
    holdCalls: cost.billedCalls,
    maxBilledCalls: UNCONFIRMED_EXPORT_BILLED_CALLS,
  });
}

/**
 * Export on a confirmation. Costed again: more than was confirmed (pages left the store meanwhile) is
 * asked again, never fetched. The confirmation's id is claimed once in the database, so a double click,
 * or clicks reaching two instances, run one export; a losing click is told so privately. A confirmation
 * older than a claim is kept is asked again rather than trusted to be unclaimed.
 */
export async function confirmExport(
  services: AppServices,
  scope: RequestScope,
  request: ExportRequest,
  confirmation: ExportConfirmation,
): Promise<void> {
  const age = services.now().getTime() - confirmation.issuedAt.getTime();
  if (age > REQUEST_RECEIPT_RETENTION_MS) {
    await askToConfirm(services, scope, request, await costOf(services, request));
    return;
  }
  const cost = await costOf(services, request);
  if (cost.billedCalls > confirmation.billedCalls) {
    await askToConfirm(services, scope, request, cost, confirmation.billedCalls);
    return;
  }
  const receipts = createRequestReceipts(services.record.database);
  if (!(await receipts.firstReceipt(`export:${confirmation.exportId}`, services.now()))) {
    services.logger.info('risk export already claimed by another click; not run again');
    // a new private message: the click that claimed it replaces the confirmation itself
    await scope.outbox.replyPrivately(scope.audience, exportClaimedMessage(services.locale));
    return;
  }
  await runExport(services, scope, request, {
    holdCalls: cost.billedCalls,
    maxBilledCalls: confirmation.billedCalls,
  });
}

/** A confirmation of `cost`, with an id of its own; `exceeded`: the billed calls confirmed before. */
async function askToConfirm(
  services: AppServices,
  scope: RequestScope,
  request: ExportRequest,
  cost: RiskExportCost,
  exceeded?: number,
): Promise<void> {
  const confirmation: ExportConfirmation = {
    exportId: randomUUID(),
    billedCalls: cost.billedCalls,
    issuedAt: services.now(),
  };
  const message = exportConfirmMessage(
    services.locale,
    request.target,
    cost,
    confirmation,
    exceeded === undefined ? {} : { exceeded },
  );
  await showPrivately(services, scope, request.inPlaceOf, message);
}

export async function cancelExport(services: AppServices, scope: RequestScope, responseUrl?: string) {
  await showPrivately(services, scope, responseUrl, exportCancelledMessage(services.locale));
}

/** The confirmation and the outcome: in place of the confirmation, else new and private. */
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

/**
 * "Exporting…", only where the outcome will replace it: in place of the confirmation (or failure) the
 * click came from. Anywhere else it would stay behind once the files arrive, so a click on the result
 * itself, whose export bills one call at most, shows none; nor does a place Slack no longer lets us fill.
 */
async function showWorking(services: AppServices, scope: RequestScope, request: ExportRequest) {
  if (!request.inPlaceOf) return;
  try {
    await scope.outbox.replaceEphemeral(
      request.inPlaceOf,
      exportWorkingMessage(services.locale, request.target),
    );
  } catch (error) {
    if (!(error instanceof ResponseUrlRefusedError || error instanceof ResponseUrlError)) throw error;
    services.logger.info({ err: error }, 'could not show the export as working; the outcome comes anew');
    return;
  }
  scope.progress.push({ kind: 'ephemeral', responseUrl: request.inPlaceOf });
}

/** What the pages read so far cost, for the audit: `alsoBilled`, a failed call Juhe billed all the same. */
function billingOf(
  fetched: readonly FetchedRiskPage[],
  alsoBilled = 0,
): Pick<AuditedOutcome, 'billed' | 'billedCalls' | 'orderIds' | 'cacheHit'> {
  const billedCalls = fetched.filter((page) => page.page.billed).length + alsoBilled;
  return {
    billed: billedCalls > 0,
    billedCalls,
    orderIds: [...new Set(fetched.flatMap((page) => (page.page.orderId ? [page.page.orderId] : [])))],
    cacheHit: fetched.some((page) => page.fromCache),
  };
}

/** `juhe-risk-export_all_20250606-1445`: no name or keyword in a file name a whole thread sees. */
function fileStem(scope: ExportTarget['scope'], generatedAt: Date): string {
  const cst = new Date(generatedAt.getTime() + 8 * 3_600_000).toISOString();
  return `juhe-risk-export_${scope}_${cst.slice(0, 10).replaceAll('-', '')}-${cst.slice(11, 16).replace(':', '')}`;
}

async function exportFiles(
  services: AppServices,
  target: ExportRequest['target'],
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
    // files bypass the presenter: on the sandbox their header says so itself
    sandbox: services.present.sandbox,
  });
  const stem = fileStem(target.scope, generatedAt);
  return [
    { filename: `${stem}.xlsx`, bytes: await riskExportXlsx(document, generatedAt) },
    { filename: `${stem}.csv`, bytes: riskExportCsv(document) },
  ];
}

/**
 * The export itself, audited as api `export`: described before any page is fetched, completed with the
 * records, the billed calls and Juhe's order ids. `holdCalls` (the cost worked out just now from the page
 * store) is reserved up front; never bills more than `maxBilledCalls` (what was confirmed): an export that
 * needs more stops before billing them and asks again, now with the exact cost. A JuheError on any page
 * ends it without a file; the pages read before it stay stored, so Try again bills only the rest. Any
 * other failure (the files cannot be built or shared) is audited as `unexpected` with what Juhe billed,
 * and left to the unexpected-error path. Log lines: counts only.
 */
export async function runExport(
  services: AppServices,
  scope: RequestScope,
  request: ExportRequest,
  limits: { holdCalls: number; maxBilledCalls: number },
): Promise<void> {
  const { maxBilledCalls } = limits;
  // a cost above the cap is asked again by fetchRiskExport before it bills; never hold more than the cap
  const holdCalls = Math.min(limits.holdCalls, maxBilledCalls);
  await scope.audit.describe({
    api: 'export',
    type: String(request.target.scope),
    subject: auditSubject(request.target),
    purpose: null,
    consent: null,
  });
  // What the export costs now is reserved before "Exporting…" shows: an export the budget cannot cover is
  // refused whole, and nothing is asked of (or billed by) Juhe. An export of stored pages holds nothing,
  // so it runs at 0 left. A page that left the store since is taken one at a time by the hold (refused by
  // the budget if need be), never past maxBilledCalls; what it did not bill goes back at the end.
  const held = await services.budgets.hold({ userId: scope.userId }, holdCalls);
  if (!held.ok) {
    await scope.audit.complete(BUDGET_EXCEEDED_OUTCOME);
    await showPrivately(
      services,
      scope,
      request.inPlaceOf,
      budgetRefusalMessage(services.locale, held.refusal, holdCalls),
    );
    return;
  }
  try {
    await exportWithin(services, scope, request, maxBilledCalls, held.hold);
  } finally {
    await held.hold.close();
  }
}

async function exportWithin(
  services: AppServices,
  scope: RequestScope,
  request: ExportRequest,
  maxBilledCalls: number,
  charge: BudgetCharge,
): Promise<void> {
  await showWorking(services, scope, request);
  const fetched: FetchedRiskPage[] = [];
  try {
    await fetchAndShare(services, scope, request, { maxBilledCalls, charge }, fetched);
  } catch (error) {
    // billed pages are billed whatever failed after them: the audit says so, not "not billed"
    if (scope.audit.state === 'described') {
      await scope.audit.complete({ ...UNEXPECTED_OUTCOME, ...billingOf(fetched) });
    }
    throw error;
  }
}

async function fetchAndShare(
  services: AppServices,
  scope: RequestScope,
  request: ExportRequest,
  limits: { maxBilledCalls: number; charge: BudgetCharge },
  fetched: FetchedRiskPage[],
): Promise<void> {
  const { maxBilledCalls, charge } = limits;
  const { target } = request;
  const { locale } = services;
  let exported: RiskExport;
  try {
    exported = await fetchRiskExport(services.screening, exportQuery(services, target), charge, fetched, {
      maxBilledCalls,
    });
  } catch (error) {
    if (error instanceof ExportNeedsConfirmationError) {
      await scope.audit.complete({ outcome: 'needs_confirmation', ...billingOf(fetched) });
      services.logger.info(
        { pages: fetched.length, billedCalls: billingOf(fetched).billedCalls, maxBilledCalls },
        'risk export needs more billed calls than agreed; asking again',
      );
      scope.progress = [];
      const cost = await costOf(services, request);
      await askToConfirm(
        services,
        scope,
        request,
        cost,
        request.confirmation ? request.confirmation.billedCalls : undefined,
      );
      return;
    }
    if (error instanceof BudgetExceededError) {
      // the budget was used elsewhere meanwhile (several instances, watch checks): refused, no file
      const billing = billingOf(fetched);
      await scope.audit.complete({ ...BUDGET_EXCEEDED_OUTCOME, ...billing });
      scope.progress = [];
      await showPrivately(
        services,
        scope,
        request.inPlaceOf,
        budgetRefusalMessage(locale, error.refusal, 1, { billed: billing.billedCalls }),
      );
      return;
    }
    if (!(error instanceof JuheError)) throw error;
    const billing = billingOf(fetched, error.billed ? 1 : 0);
    await scope.audit.complete({ ...juheErrorOutcome(error), ...billing });
    services.logger.info(
      { pages: fetched.length, billedCalls: billing.billedCalls, code: error.code },
      'risk export stopped by a Juhe error; no file made',
    );
    scope.progress = [];
    await showPrivately(services, scope, request.inPlaceOf, exportFailedMessage(locale, target, error));
    return;
  }

  const files = await exportFiles(services, target, scope.userId, exported);
  const records = exportedRecordCount(exported);
  const comment = exportFileComment(locale, target, exported, records, { sandbox: services.present.sandbox });
  const { destination } = target;
  if (destination.kind === 'thread') {
    await scope.outbox.shareFilesInThread(destination.channel, destination.threadTs, files, comment);
  } else {
    await scope.outbox.shareFilesInDm(scope.userId, files, comment);
  }
  await scope.audit.complete({
    outcome: 'exported',
    ...billingOf(fetched),
    recordCounts: {
      ...Object.fromEntries(exported.sources.map((source) => [String(source.type), source.totalRecords])),
      rows: records,
    },
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
