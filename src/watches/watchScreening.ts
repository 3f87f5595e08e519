import { type BudgetCharge, BudgetExceededError, type BudgetRefusal } from '../budgets/budgetLedger.js';
import type { RiskType } from '../domain/riskType.js';
import type { WatchSnapshot } from '../domain/watchChanges.js';
import { callsForSource, WATCH_PAGE_SIZE, WATCH_PAGES_PER_SOURCE_MAX } from '../domain/watchCost.js';
import type { FetchedRiskPage, RiskScreening } from '../screening/riskScreening.js';

export interface ScreenedWatch {
  snapshot: WatchSnapshot;
  pages: FetchedRiskPage[];
  /** Juhe calls this check made that Juhe billed */
  billedCalls: number;
  /** the calls a check of this subject makes: every page of every watched source */
  callsPerCheck: number;
  /** sources with more pages than a check reads */
  truncatedTypes: RiskType[];
}

/**
 * The budget refused the later pages of a check once page 1 of each source told what it costs:
 * `callsPerCheck` is that cost, kept for the watch so the next check is refused before Juhe is asked.
 */
export class CheckCostRefusedError extends BudgetExceededError {
  constructor(
    refusal: BudgetRefusal,
    readonly callsPerCheck: number,
  ) {
    super(refusal);
  }
}

/**
 * Every page of each watched source, through the same service path as a typed query (the same client,
 * masking, billing and errors). `since` is when this check started: only pages Juhe answered since then
 * are reused, so a check never answers from an older cached page (it refreshes the cache instead), and
 * a check retried after a crash does not ask — and bill — a page again that it already has. A JuheError
 * on any page fails the whole check (thrown), so no baseline is ever built from part of a source.
 */
export async function screenWatchedSources(
  screening: RiskScreening,
  subject: { keyword: string; realname: string },
  types: readonly RiskType[],
  since: Date,
  now: () => Date,
  options: {
    /** the owner's budget hold: each page Juhe is asked for is taken from it (BudgetExceededError when refused) */
    charge: BudgetCharge;
    /**
     * once page 1 of every source is known: the later pages are reserved in one go (BudgetHold.reserve).
     * A refusal is thrown as CheckCostRefusedError, carrying the cost just learned
     */
    reserve?: (calls: number) => Promise<void>;
    /** a retry of this check: pages answered since `since` are reused (the first attempt has none) */
    resumed?: boolean;
    /** each page as it arrives: what a check that fails later has already had (and Juhe billed) */
    fetched?: FetchedRiskPage[];
  },
): Promise<ScreenedWatch> {
  const pages: FetchedRiskPage[] = [];
  const sources: WatchSnapshot['sources'] = [];
  const truncatedTypes: RiskType[] = [];
  // at least 1 ms: a page answered in the same millisecond as the start still counts
  const maxAgeMs = () => Math.max(1, now().getTime() - since.getTime() + 1);
  const queryOf = (type: RiskType, pageIndex: number) => ({
    ...subject,
    type,
    pageIndex,
    pageSize: WATCH_PAGE_SIZE,
  });
  const fetch = async (type: RiskType, pageIndex: number) => {
    const page = await screening.fetchPage(queryOf(type, pageIndex), {
      charge: options.charge,
      maxAgeMs: maxAgeMs(),
      skipStored: options.resumed !== true,
    });
    options.fetched?.push(page);
    return page;
  };
  // Page 1 of every source first: then what the whole check costs is known, and the rest is reserved in
  // one go before any later page is asked, so a check the budget cannot finish stops before billing more
  const firsts: Array<{ type: RiskType; first: FetchedRiskPage; lastPage: number }> = [];
  for (const type of types) {
    const first = await fetch(type, 1);
    firsts.push({ type, first, lastPage: Math.min(first.page.totalPages, WATCH_PAGES_PER_SOURCE_MAX) });
  }
  const callsPerCheck = firsts.reduce((sum, { first }) => sum + callsForSource(first.page.totalRecords), 0);
  if (options.reserve) {
    let later = 0;
    for (const { type, lastPage } of firsts) {
      for (let pageIndex = 2; pageIndex <= lastPage; pageIndex += 1) {
        // a retry reuses the pages it already has: only the others are billed
        const stored =
          options.resumed === true
            ? await screening.storedPage(queryOf(type, pageIndex), { maxAgeMs: maxAgeMs() })
            : undefined;
        if (stored === undefined) later += 1;
      }
    }
    try {
      await options.reserve(later);
    } catch (error) {
      if (error instanceof BudgetExceededError) throw new CheckCostRefusedError(error.refusal, callsPerCheck);
      throw error;
    }
  }
  for (const { type, first, lastPage } of firsts) {
    pages.push(first);
    const records = [...first.page.records];
    for (let pageIndex = 2; pageIndex <= lastPage; pageIndex += 1) {
      const next = await fetch(type, pageIndex);
      pages.push(next);
      records.push(...next.page.records);
    }
    if (first.page.totalPages > WATCH_PAGES_PER_SOURCE_MAX) truncatedTypes.push(type);
    sources.push(
      first.page.totalPages > WATCH_PAGES_PER_SOURCE_MAX
        ? { type, records, complete: false }
        : { type, records },
    );
  }
  return {
    snapshot: { sources },
    pages,
    billedCalls: pages.filter((fetched) => fetched.page.billed).length,
    callsPerCheck,
    truncatedTypes,
  };
}
