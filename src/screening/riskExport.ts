import type { BudgetCharge } from '../budgets/budgetLedger.js';
import type { RiskType } from '../domain/riskType.js';
import { callsForSource, WATCH_PAGE_SIZE, WATCH_PAGES_PER_SOURCE_MAX } from '../domain/watchCost.js';
import type { RiskQuery } from '../juhe/types.js';
import type { FetchedRiskPage, RiskScreening } from './riskScreening.js';

/**
 * Exporting a result: every page of each source in its scope, read through the same service path as a
 * page turn (client, masking, page store, billing). Pages the store holds are not asked (or billed)
 * again, so what an export costs is known before it starts, and an export that failed half-way and is
 * asked again pays only for the pages it did not get. No Slack here.
 */
export interface RiskExportQuery {
  keyword: string;
  realname: string;
  types: readonly RiskType[];
  /** records per source as the result showed them: the size of a source whose page 1 is not stored */
  counts: Partial<Record<string, number>>;
  /** how old a stored page may be (the result retention, as for page turns) */
  maxAgeMs: number;
}

/** What one source of an export costs. */
export interface SourceExportCost {
  type: RiskType;
  /** the pages the export reads: every page, at least one, at most WATCH_PAGES_PER_SOURCE_MAX */
  pages: number;
  /** of those, the ones not stored, which Juhe will bill (a source without records bills nothing) */
  billed: number;
  /** false when neither the store nor the result knew the source's size: `pages` is then a lower bound */
  exact: boolean;
}

export interface RiskExportCost {
  sources: SourceExportCost[];
  billedCalls: number;
  exact: boolean;
}

export interface ExportedSource {
  type: RiskType;
  /** every page read, in order: each record's order id and time of data come from its page */
  pages: FetchedRiskPage[];
  totalRecords: number;
  /** Juhe answered 240102 (no records in this source): never a clearance */
  noRecords: boolean;
  /** the source has more pages than an export reads */
  truncated: boolean;
}

export interface RiskExport {
  sources: ExportedSource[];
  /** Juhe calls this export made that Juhe billed */
  billedCalls: number;
}

function pageQuery(query: RiskExportQuery, type: RiskType, pageIndex: number): RiskQuery {
  return { keyword: query.keyword, realname: query.realname, type, pageIndex, pageSize: WATCH_PAGE_SIZE };
}

/**
 * The one place an export asks for a page. Budgets (issue 11 point 3) reserve a billed call here before
 * Juhe is asked; cached pages come back with `billed: false` and cost nothing.
 */
export function fetchExportPage(
  screening: RiskScreening,
  query: RiskQuery,
  options: { maxAgeMs: number; charge: BudgetCharge },
): Promise<FetchedRiskPage> {
  return screening.fetchPage(query, { maxAgeMs: options.maxAgeMs, charge: options.charge });
}

/** What the export would bill, read from the page store alone: nothing is asked of Juhe. */
export async function riskExportCost(
  screening: RiskScreening,
  query: RiskExportQuery,
): Promise<RiskExportCost> {
  const sources: SourceExportCost[] = [];
  for (const type of query.types) {
    const first = await screening.storedPage(pageQuery(query, type, 1), { maxAgeMs: query.maxAgeMs });
    const total = first ? first.page.totalRecords : query.counts[String(type)];
    // a page 1 not stored costs a call; Juhe bills it unless the source is known to be empty
    let billed = first ? 0 : total === 0 ? 0 : 1;
    const pages = total === undefined ? 1 : callsForSource(total);
    for (let pageIndex = 2; pageIndex <= pages; pageIndex += 1) {
      const stored = await screening.storedPage(pageQuery(query, type, pageIndex), {
        maxAgeMs: query.maxAgeMs,
      });
      if (stored === undefined) billed += 1;
    }
    sources.push({ type, pages, billed, exact: total !== undefined });
  }
  return {
    sources,
    billedCalls: sources.reduce((sum, source) => sum + source.billed, 0),
    exact: sources.every((source) => source.exact),
  };
}

/**
 * Every page of each source, page 1 first (it says how many there are). A JuheError on any page is
 * thrown: no export is made of part of a source. The pages read before it are already in the store
 * (fetchPage stores each one as it arrives), and `fetched` holds them so the failure can be audited with
 * what Juhe billed.
 */
export async function fetchRiskExport(
  screening: RiskScreening,
  query: RiskExportQuery,
  /** the budget hold every billed page is taken from (src/budgets/budgetLedger.ts) */
  charge: BudgetCharge,
  fetched: FetchedRiskPage[] = [],
): Promise<RiskExport> {
  const sources: ExportedSource[] = [];
  const fetch = async (type: RiskType, pageIndex: number) => {
    const page = await fetchExportPage(screening, pageQuery(query, type, pageIndex), {
      maxAgeMs: query.maxAgeMs,
      charge,
    });
    fetched.push(page);
    return page;
  };
  for (const type of query.types) {
    const first = await fetch(type, 1);
    const pages = [first];
    const lastPage = Math.min(first.page.totalPages, WATCH_PAGES_PER_SOURCE_MAX);
    for (let pageIndex = 2; pageIndex <= lastPage; pageIndex += 1) pages.push(await fetch(type, pageIndex));
    sources.push({
      type,
      pages,
      totalRecords: first.page.totalRecords,
      noRecords: first.page.noRecords || first.page.totalRecords === 0,
      truncated: first.page.totalPages > WATCH_PAGES_PER_SOURCE_MAX,
    });
  }
  return { sources, billedCalls: fetched.filter((page) => page.page.billed).length };
}
