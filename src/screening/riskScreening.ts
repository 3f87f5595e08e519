import { type BudgetCharge, BudgetExceededError, type BudgetRefusal } from '../budgets/budgetLedger.js';
import type { SharedFlight } from '../coordination/redisSingleFlight.js';
import { RISK_TYPES, type RiskType } from '../domain/riskType.js';
import { JuheError } from '../juhe/errorTypes.js';
import { DEFAULT_PAGE_INDEX, DEFAULT_PAGE_SIZE } from '../juhe/formBody.js';
import type { JuheService, RiskPage, RiskQuery } from '../juhe/types.js';
import { maskRiskPage } from './recordMasking.js';
import {
  type AnsweredRiskPage,
  FRESH_PAGE_MS,
  type RiskPageCache,
  riskPageCacheKey,
} from './riskPageCache.js';

export interface FetchedRiskPage {
  page: RiskPage;
  fromCache: boolean;
  /** when Juhe answered this page: for a cached page, the original answer's time */
  answeredAt: Date;
}

export type OverviewOutcome =
  | { type: RiskType; fetched: FetchedRiskPage }
  | { type: RiskType; error: JuheError };

/**
 * Risk lookups as the Slack side needs them: one page, or page 1 of every source at once.
 * Pages come from the cache while fresh (paging back is not billed again); a page is cached
 * only after Juhe answered it, whether with records or with 查无记录. Records come with every 身份证 and
 * mobile in them masked (recordMasking.ts).
 */
export interface RiskScreening {
  /**
   * `charge`: the budget hold that pays (docs/design.md § Budgets): one call is taken only when Juhe is
   * really asked (not for a stored page, not when joining a call already running) and given back when
   * Juhe did not bill it. A take the budget refuses throws BudgetExceededError before Juhe is asked.
   * `maxAgeMs`: how old a stored page may be (page turns reuse pages for the result retention);
   * `skipStored`: no stored page can do (a watch's first attempt at a check): Juhe is asked without
   * reading the store first, and the answer is stored as always
   */
  fetchPage(
    query: RiskQuery,
    options: {
      charge: BudgetCharge;
      signal?: AbortSignal;
      maxAgeMs?: number;
      skipStored?: boolean;
      /** the call waits for a Juhe slot (CallOptions.onQueued) */
      onQueued?: (position: number) => void;
    },
  ): Promise<FetchedRiskPage>;
  /** page 1 of every source at once: up to three calls, each taken from `charge` like a page's */
  overview(
    subject: { keyword: string; realname: string },
    options: { charge: BudgetCharge; signal?: AbortSignal; onQueued?: (position: number) => void },
  ): Promise<OverviewOutcome[]>;
  /**
   * The page if the store holds it (at most `maxAgeMs` old), without asking Juhe: what an export
   * costs is worked out from it before anything is billed. A store that cannot be read holds nothing.
   */
  storedPage(query: RiskQuery, options?: { maxAgeMs?: number }): Promise<FetchedRiskPage | undefined>;
}

/** A source of an overview refused by the budget: with the pages the other sources got (maybe billed). */
export class OverviewBudgetExceededError extends BudgetExceededError {
  constructor(
    refusal: BudgetRefusal,
    readonly fetched: FetchedRiskPage[],
  ) {
    super(refusal);
  }
}

export function createRiskScreening(deps: {
  juhe: JuheService;
  cache: RiskPageCache;
  now?: () => Date;
  /** the page store could not be read or written (a miss, or a page not kept for reuse; never lost) */
  onStoreError?: (error: unknown) => void;
  /** REDIS_URL: one call per page across instances, not only in this process */
  sharedFlight?: SharedFlight;
}): RiskScreening {
  const now = deps.now ?? (() => new Date());
  // A double click on Next, or two analysts on the same subject, must not be billed twice: while a
  // page is being fetched, everyone asking for it waits on the same call.
  const inFlight = new Map<string, Promise<AnsweredRiskPage>>();
  const reused = ({ page, answeredAt }: AnsweredRiskPage): FetchedRiskPage => ({
    page: { ...page, billed: false },
    fromCache: true,
    answeredAt,
  });

  // Juhe's own defaults filled in, so a page asked with and without them is one cache entry.
  const normalise = (query: RiskQuery): RiskQuery => ({
    ...query,
    pageIndex: query.pageIndex ?? DEFAULT_PAGE_INDEX,
    pageSize: query.pageSize ?? DEFAULT_PAGE_SIZE,
  });

  const fetchPage: RiskScreening['fetchPage'] = async (query, options) => {
    const { charge, signal, maxAgeMs, skipStored, onQueued } = options;
    const normalised = normalise(query);
    const key = riskPageCacheKey(normalised);
    let claimed = false;
    const storeFailed =
      <T>(fallback: T) =>
      (error: unknown): T => {
        deps.onStoreError?.(error);
        return fallback;
      };
    // A call this caller joined whose owner had no budget left is no answer for this caller: it looks
    // again (store, then calls in flight), so several such waiters end up on one new call, not one each.
    for (;;) {
      // a store that cannot be read is a cache miss, not a failure: the overview's other sources go on
      const cached = skipStored
        ? undefined
        : await deps.cache.get(normalised, maxAgeMs ?? FRESH_PAGE_MS).catch((error: unknown) => {
            deps.onStoreError?.(error);
            return undefined;
          });
      if (cached !== undefined) return reused(cached);
      const running = inFlight.get(key);
      if (running === undefined) {
        // another instance asking Juhe for this page now: wait for it to be stored, then look again.
        // Redis out of reach: this instance asks alone (a second call at worst, never a lost answer)
        const shared = deps.sharedFlight;
        if (shared && !(await shared.claim(key).catch(storeFailed(true)))) {
          await shared.waitFor(key).catch(storeFailed(undefined));
          continue;
        }
        claimed = shared !== undefined;
        if (inFlight.has(key)) {
          // a caller of this process claimed it while this one asked Redis: join it instead
          if (claimed) await shared?.release(key).catch(storeFailed(undefined));
          claimed = false;
          continue;
        }
        break;
      }
      try {
        return reused(await running);
      } catch (error) {
        if (!(error instanceof BudgetExceededError)) throw error;
      }
    }
    // Taken and asked inside one promise that is in flight at once, so a second caller joins it instead
    // of being charged too. Masked before anyone (cache, waiting callers, formatters) sees the records.
    const call = charge
      .take()
      .then(() =>
        deps.juhe
          .queryRisk(normalised, { ...(signal ? { signal } : {}), ...(onQueued ? { onQueued } : {}) })
          .then(
            (page) => {
              if (!page.billed) charge.giveBack();
              return page;
            },
            (error: unknown) => {
              // given back only when Juhe cannot have billed it: its answer read with a non-zero error_code,
              // or a request that never left. A timeout after sending, or anything not a JuheError: kept
              if (error instanceof JuheError && !error.mayHaveBilled) charge.giveBack();
              throw error;
            },
          ),
      )
      .then((page): AnsweredRiskPage => ({ page: maskRiskPage(page), answeredAt: now() }));
    inFlight.set(key, call);
    try {
      const answered = await call;
      // stored (sealed) the moment it arrives: paging and other instances reuse it, nothing is billed twice.
      // A store that fails must not take the billed answer down with it: it is still returned.
      await deps.cache.set(normalised, answered).catch((error: unknown) => deps.onStoreError?.(error));
      return { ...answered, fromCache: false };
    } finally {
      // only this caller's own entry: a later call for the same page may already be in flight
      if (inFlight.get(key) === call) inFlight.delete(key);
      // after the page is stored: the other instances' waiters find it there
      if (claimed) await deps.sharedFlight?.release(key).catch(storeFailed(undefined));
    }
  };

  return {
    fetchPage,
    async storedPage(query, options = {}) {
      const stored = await deps.cache
        .get(normalise(query), options.maxAgeMs ?? FRESH_PAGE_MS)
        .catch((error: unknown) => {
          deps.onStoreError?.(error);
          return undefined;
        });
      return stored === undefined ? undefined : reused(stored);
    },
    async overview(subject, { charge, signal, onQueued }) {
      // The three sources are independent: ask at once, and let one failing source not hide the others.
      // Every source is waited for before anything else is thrown (a take the budget refused): no call
      // of this overview is still running on the charge when the caller closes it.
      const settled = await Promise.allSettled(
        RISK_TYPES.map(async (type): Promise<OverviewOutcome> => {
          try {
            return {
              type,
              fetched: await fetchPage(
                { ...subject, type, pageIndex: 1 },
                { charge, ...(signal ? { signal } : {}), ...(onQueued ? { onQueued } : {}) },
              ),
            };
          } catch (error) {
            if (error instanceof JuheError) return { type, error };
            throw error;
          }
        }),
      );
      const outcomes = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
      const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (failed === undefined) return outcomes;
      if (failed.reason instanceof BudgetExceededError) {
        throw new OverviewBudgetExceededError(
          failed.reason.refusal,
          outcomes.flatMap((o) => ('fetched' in o ? [o.fetched] : [])),
        );
      }
      throw failed.reason;
    },
  };
}
