import type { BudgetCharge } from '../budgets/budgetLedger.js';
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
    /** before each page: the check's lease is renewed (watchStore.claimCheck) */
    beforePage?: () => Promise<void>;
    /** a retry of this check: pages answered since `since` are reused (the first attempt has none) */
    resumed?: boolean;
    /** each page as it arrives: what a check that fails later has already had (and Juhe billed) */
    fetched?: FetchedRiskPage[];
  },
): Promise<ScreenedWatch> {
  const pages: FetchedRiskPage[] = [];
  const sources: WatchSnapshot['sources'] = [];
  const truncatedTypes: RiskType[] = [];
  let callsPerCheck = 0;
  const fetch = async (type: RiskType, pageIndex: number) => {
    await options.beforePage?.();
    const page = await screening.fetchPage(
      { ...subject, type, pageIndex, pageSize: WATCH_PAGE_SIZE },
      // at least 1 ms: a page answered in the same millisecond as the start still counts
      {
        charge: options.charge,
        maxAgeMs: Math.max(1, now().getTime() - since.getTime() + 1),
        skipStored: options.resumed !== true,
      },
    );
    options.fetched?.push(page);
    return page;
  };
  for (const type of types) {
    const first = await fetch(type, 1);
    pages.push(first);
    const records = [...first.page.records];
    const lastPage = Math.min(first.page.totalPages, WATCH_PAGES_PER_SOURCE_MAX);
    for (let pageIndex = 2; pageIndex <= lastPage; pageIndex += 1) {
      const next = await fetch(type, pageIndex);
      pages.push(next);
      records.push(...next.page.records);
    }
    if (first.page.totalPages > WATCH_PAGES_PER_SOURCE_MAX) truncatedTypes.push(type);
    callsPerCheck += callsForSource(first.page.totalRecords);
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
