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

/**
 * Asked before anything is fetched: more than one billed call, or a cost that is only a lower bound (a
 * source of unknown size counts one call, and may have many pages).
 */
export function exportNeedsConfirmation(cost: RiskExportCost): boolean {
  return cost.billedCalls > 1 || !cost.exact;
}

/** What an export may bill without a confirmation. */
export const UNCONFIRMED_EXPORT_BILLED_CALLS = 1;

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
 * The export would bill more than was agreed to: thrown before any call past `maxBilledCalls`. Page 1 of
 * a source of unknown size (counted one call when confirmed) may show it has more pages than that
 * allows, or a stored page may have aged out since the cost was worked out. What was read is stored,
 * so a new confirmation, now exact, costs only the rest.
 */
export class ExportNeedsConfirmationError extends Error {
  constructor(readonly maxBilledCalls: number) {
    super(`the export needs more than the ${maxBilledCalls} billed calls agreed to`);
    this.name = 'ExportNeedsConfirmationError';
  }
}

export interface FetchRiskExportOptions {
  /**
   * The billed calls agreed to (confirmed, or the one call an export makes unasked): never more are
   * billed. Checked once page 1 of every source says how many pages there are, before any other page is
   * asked; and at each page, so a page that left the store meanwhile is not billed past it either.
   */
  maxBilledCalls?: number;
}

/**
 * Every page of each source: page 1 of each first (it says how many there are), then the rest. A
 * JuheError on any page is thrown: no export is made of part of a source. The pages read before it are
 * already in the store (fetchPage stores each one as it arrives), and `fetched` holds them so the
 * failure can be audited with what Juhe billed. More billed calls than `maxBilledCalls` allows: an
 * ExportNeedsConfirmationError, before the first of them is asked.
 */
export async function fetchRiskExport(
  screening: RiskScreening,
  query: RiskExportQuery,
  /** the budget hold every billed page is taken from (src/budgets/budgetLedger.ts) */
  charge: BudgetCharge,
  fetched: FetchedRiskPage[] = [],
  options: FetchRiskExportOptions = {},
): Promise<RiskExport> {
  const { maxBilledCalls } = options;
  const billedSoFar = () => fetched.filter((page) => page.page.billed).length;
  const stored = (type: RiskType, pageIndex: number) =>
    screening.storedPage(pageQuery(query, type, pageIndex), { maxAgeMs: query.maxAgeMs });
  const fetch = async (type: RiskType, pageIndex: number) => {
    let page: FetchedRiskPage | undefined;
    if (maxBilledCalls !== undefined && billedSoFar() >= maxBilledCalls) {
      // nothing more may be billed: only a stored page will do, and Juhe is not asked
      page = await stored(type, pageIndex);
      if (page === undefined) throw new ExportNeedsConfirmationError(maxBilledCalls);
    } else {
      page = await fetchExportPage(screening, pageQuery(query, type, pageIndex), {
        maxAgeMs: query.maxAgeMs,
        charge,
      });
    }
    fetched.push(page);
    return page;
  };

  const firsts: Array<{ type: RiskType; first: FetchedRiskPage; lastPage: number }> = [];
  for (const type of query.types) {
    const first = await fetch(type, 1);
    firsts.push({ type, first, lastPage: Math.min(first.page.totalPages, WATCH_PAGES_PER_SOURCE_MAX) });
  }
  if (maxBilledCalls !== undefined) {
    // every source's size is known now: the rest is costed from the store before any of it is billed
    let needed = billedSoFar();
    for (const { type, lastPage } of firsts) {
      for (let pageIndex = 2; pageIndex <= lastPage; pageIndex += 1) {
        if ((await stored(type, pageIndex)) === undefined) needed += 1;
      }
    }
    if (needed > maxBilledCalls) throw new ExportNeedsConfirmationError(maxBilledCalls);
  }

  const sources: ExportedSource[] = [];
  for (const { type, first, lastPage } of firsts) {
    const pages = [first];
    for (let pageIndex = 2; pageIndex <= lastPage; pageIndex += 1) pages.push(await fetch(type, pageIndex));
    sources.push({
      type,
      pages,
      totalRecords: first.page.totalRecords,
      noRecords: first.page.noRecords || first.page.totalRecords === 0,
      truncated: first.page.totalPages > WATCH_PAGES_PER_SOURCE_MAX,
    });
  }
  return { sources, billedCalls: billedSoFar() };
}
