import { type AuditedOutcome, BUDGET_EXCEEDED_OUTCOME, juheErrorOutcome } from '../../audit/auditLog.js';
import type { BudgetRefusal } from '../../budgets/budgetLedger.js';
import type { RiskScope, RiskType } from '../../domain/riskType.js';
import type { JuheError } from '../../juhe/errorTypes.js';
import type { FetchedRiskPage, OverviewOutcome } from '../../screening/riskScreening.js';

/** What came back for one screening, whichever the scope: ready to format and to audit. */
export type RiskOutcome =
  | { kind: 'page'; fetched: FetchedRiskPage }
  | { kind: 'overview'; outcomes: OverviewOutcome[] }
  | { kind: 'failed'; error: JuheError }
  /**
   * a page thought stored left the store meanwhile, and the budget refused its call: a refusal, with
   * whatever the other sources of an overview got (and Juhe billed)
   */
  | { kind: 'budget'; refusal: BudgetRefusal; fetched: FetchedRiskPage[] };

function pageOutcomeCode(fetched: FetchedRiskPage): string {
  return fetched.page.noRecords ? '240102' : '0';
}

export function pageAuditOutcome(fetched: FetchedRiskPage): AuditedOutcome {
  return {
    outcome: pageOutcomeCode(fetched),
    billed: fetched.page.billed,
    orderIds: fetched.page.orderId ? [fetched.page.orderId] : [],
    recordCounts: { [String(fetched.page.type)]: fetched.page.totalRecords },
    cacheHit: fetched.fromCache,
  };
}

export function riskAuditOutcome(outcome: RiskOutcome): AuditedOutcome {
  switch (outcome.kind) {
    case 'page':
      return pageAuditOutcome(outcome.fetched);
    case 'overview': {
      const fetched = outcome.outcomes.flatMap((o) => ('fetched' in o ? [o.fetched] : []));
      return {
        outcome: outcome.outcomes
          .map((o) => `${o.type}:${'fetched' in o ? pageOutcomeCode(o.fetched) : o.error.code}`)
          .join(','),
        billed: fetched.some((f) => f.page.billed),
        orderIds: fetched.flatMap((f) => (f.page.orderId ? [f.page.orderId] : [])),
        recordCounts: Object.fromEntries(fetched.map((f) => [String(f.page.type), f.page.totalRecords])),
        cacheHit: fetched.some((f) => f.fromCache),
      };
    }
    case 'failed':
      return juheErrorOutcome(outcome.error);
    case 'budget':
      return {
        ...BUDGET_EXCEEDED_OUTCOME,
        billed: outcome.fetched.some((f) => f.page.billed),
        orderIds: outcome.fetched.flatMap((f) => (f.page.orderId ? [f.page.orderId] : [])),
        cacheHit: outcome.fetched.some((f) => f.fromCache),
      };
  }
}

/** The per-source counts the compliance parent shows (null where the source failed). */
export function riskCounts(
  scope: RiskScope,
  outcome: RiskOutcome,
): Array<{ type: RiskType; count: number | null }> {
  switch (outcome.kind) {
    case 'page':
      return [{ type: outcome.fetched.page.type, count: outcome.fetched.page.totalRecords }];
    case 'overview':
      return outcome.outcomes.map((o) => ({
        type: o.type,
        count: 'fetched' in o ? o.fetched.page.totalRecords : null,
      }));
    case 'failed':
    case 'budget':
      return scope === 'all' ? [] : [{ type: scope, count: null }];
  }
}
