import { BUDGET_EXCEEDED_OUTCOME, juheErrorOutcome } from '../../audit/auditLog.js';
import { BudgetExceededError, type BudgetRefusal } from '../../budgets/budgetLedger.js';
import type { JuheError } from '../../juhe/errorTypes.js';
import type { FetchedRiskPage } from '../../screening/riskScreening.js';
import type { AppServices } from '../appServices.js';
import { budgetRefusalMessage } from '../blocks/budgetMessages.js';
import { juheErrorMessage, lookupInterruptedMessage } from '../blocks/errors.js';
import { riskPageMessage } from '../blocks/riskPage.js';
import type { LookupDeliverer, StoredLookupRequest } from '../delivery/lookupDeliveries.js';
import { directMessage } from '../delivery/privateReply.js';
import { replaceEphemeralOrReply } from '../delivery/replaceInPlace.js';
import type { RequestScope } from '../middleware/requestScope.js';
import type { PageCursor } from '../pageCursor.js';
import { auditSubject, footerOf } from './riskFlow.js';
import { pageAuditOutcome } from './riskOutcome.js';

/**
 * A click on Prev / Next, whose page replaces the message it sits on, or on an overview's "Show all",
 * whose list opens as a message of its own next to the overview (in its thread, or privately), so the
 * overview stays on record with its way into the other sources.
 */
export interface PageTurn {
  cursor: PageCursor;
  /** the message holding the button (in the scope's channel) */
  messageTs: string;
  isEphemeral: boolean;
  /** "Show all": a new message rather than the clicked one replaced */
  opensList?: boolean;
  /** the thread the clicked message is in, where a new list goes */
  threadTs?: string;
}

export const PAGE_TURN_FLOW = 'page_turn';

type PageTurnAnswer = { fetched: FetchedRiskPage } | { error: JuheError } | { budget: BudgetRefusal };

export async function runPageTurn(services: AppServices, scope: RequestScope, turn: PageTurn): Promise<void> {
  const { cursor } = turn;
  const { audit } = scope;
  await audit.describe({
    api: 'risk',
    type: String(cursor.type),
    subject: auditSubject(cursor),
    purpose: null,
    consent: null,
  });
  const lookup = await services.deliveries.open(scope, PAGE_TURN_FLOW, turn);
  // Nothing reserved up front: a stored page (paging back, most turns) costs nothing, so only a page
  // Juhe is really asked for takes a call, and a refusal comes before that call.
  const held = await services.budgets.hold({ userId: scope.userId }, 0);
  if (!held.ok) throw new Error('a hold of 0 is never refused');
  let asked: { answered: PageTurnAnswer } | { error: JuheError };
  try {
    asked = await lookup.ask(async (): Promise<PageTurnAnswer> => {
      try {
        const fetched = await services.screening.fetchPage(
          {
            keyword: cursor.keyword,
            realname: cursor.realname,
            type: cursor.type,
            pageIndex: cursor.pageIndex,
            pageSize: cursor.pageSize,
          },
          { charge: held.hold, maxAgeMs: services.store.resultRetentionHours * 3_600_000 },
        );
        return { fetched };
      } catch (error) {
        if (error instanceof BudgetExceededError) return { budget: error.refusal };
        throw error;
      }
    });
  } finally {
    await held.hold.close();
  }
  const answer: PageTurnAnswer = 'error' in asked ? asked : asked.answered;
  await lookup.answered(answer, auditOutcomeOf(answer));
}

function auditOutcomeOf(answer: PageTurnAnswer) {
  if ('error' in answer) return juheErrorOutcome(answer.error);
  if ('budget' in answer) return BUDGET_EXCEEDED_OUTCOME;
  return pageAuditOutcome(answer.fetched);
}

/** In the delivery worker: the page replaces the one clicked; a failure is told privately. */
export function pageTurnDeliverer(services: AppServices): LookupDeliverer<PageTurn, PageTurnAnswer> {
  const pageOf = (stored: StoredLookupRequest<PageTurn>, fetched: FetchedRiskPage) =>
    riskPageMessage({
      locale: services.locale,
      subject: { keyword: stored.plan.cursor.keyword, realname: stored.plan.cursor.realname },
      page: fetched.page,
      footer: footerOf(stored.requesterId, [fetched], services.now()),
    });
  return {
    async deliver(outbox, stored, answer) {
      const { audience, plan: turn } = stored;
      if ('budget' in answer) {
        // the page on screen stays as it is; the refusal is told privately
        await outbox.replyPrivately(audience, budgetRefusalMessage(services.locale, answer.budget, 1));
        return;
      }
      if ('error' in answer) {
        // The page on screen stays as it is; the failure is told privately.
        await outbox.replyPrivately(
          audience,
          juheErrorMessage({
            locale: services.locale,
            api: 'risk',
            category: answer.error.category,
            code: answer.error.code,
            query: { scope: 'page', cursor: turn.cursor },
          }),
        );
        return;
      }
      const message = pageOf(stored, answer.fetched);
      if (turn.opensList) {
        if (turn.isEphemeral) await outbox.replyPrivately(audience, message);
        else await outbox.post(audience.channelId, message, turn.threadTs);
        return;
      }
      if (!turn.isEphemeral) {
        await outbox.update(audience.channelId, turn.messageTs, message);
        return;
      }
      await replaceEphemeralOrReply(
        { outbox, logger: services.logger },
        audience.responseUrl,
        audience,
        message,
      );
    },
    async deliverPrivately(outbox, stored, answer) {
      if ('budget' in answer) {
        await outbox.replyPrivately(
          directMessage(stored.requesterId),
          budgetRefusalMessage(services.locale, answer.budget, 1),
        );
        return;
      }
      const message =
        'error' in answer
          ? juheErrorMessage({
              locale: services.locale,
              api: 'risk',
              category: answer.error.category,
              code: answer.error.code,
              query: { scope: 'page', cursor: stored.plan.cursor },
            })
          : pageOf(stored, answer.fetched);
      await outbox.replyPrivately(directMessage(stored.requesterId), message);
    },
    async interrupted(outbox, stored) {
      await outbox.replyPrivately(stored.audience, lookupInterruptedMessage(services.locale));
    },
  };
}
