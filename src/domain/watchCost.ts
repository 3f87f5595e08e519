import type { RiskType } from './riskType.js';

/** Records on one page of a check: the page size every risk query uses, so checks refresh the same pages. */
export const WATCH_PAGE_SIZE = 10;
/**
 * The most pages one source is read to per check (500 records). Past it the rest of the source is not
 * compared, and the alert says so: a subject that large needs a person, not an alert.
 */
export const WATCH_PAGES_PER_SOURCE_MAX = 50;

/** Juhe calls one check of a source with `totalRecords` makes: every page, at least one. */
export function callsForSource(totalRecords: number): number {
  return Math.min(WATCH_PAGES_PER_SOURCE_MAX, Math.max(1, Math.ceil(totalRecords / WATCH_PAGE_SIZE)));
}

/** What watching costs in Juhe calls (docs/design.md § Monitoring). */
export interface WatchCost {
  /** calls one check makes */
  calls: number;
  /** of those, the ones Juhe bills (a source answering 查无记录 is not billed) */
  billed: number;
  /** false when a source's size is not known yet: then `calls` and `billed` are lower bounds */
  exact: boolean;
  checksPerMonth: number;
  monthlyBilled: number;
}

/**
 * The cost of checking `types` of a subject whose sources hold `counts` records. A source whose count is
 * unknown counts as one billed call, so the figure never reads cheaper than the first check can be.
 */
export function watchCost(
  types: readonly RiskType[],
  counts: Partial<Record<string, number>>,
  checksPerMonth: number,
): WatchCost {
  let calls = 0;
  let billed = 0;
  let exact = true;
  for (const type of types) {
    const count = counts[String(type)];
    if (count === undefined) {
      exact = false;
      calls += 1;
      billed += 1;
      continue;
    }
    const pages = callsForSource(count);
    calls += pages;
    if (count > 0) billed += pages;
  }
  return { calls, billed, exact, checksPerMonth, monthlyBilled: billed * checksPerMonth };
}

/** Several watches together: the `/risk watches` total. */
export function totalCost(costs: readonly WatchCost[], checksPerMonth: number): WatchCost {
  const calls = costs.reduce((sum, cost) => sum + cost.calls, 0);
  const billed = costs.reduce((sum, cost) => sum + cost.billed, 0);
  return {
    calls,
    billed,
    exact: costs.every((cost) => cost.exact),
    checksPerMonth,
    monthlyBilled: billed * checksPerMonth,
  };
}
