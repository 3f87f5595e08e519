import type { FinanceQuery, RiskQuery } from './types.js';

/** Juhe's defaults when pageIndex / pageSize are left out. */
export const DEFAULT_PAGE_INDEX = 1;
export const DEFAULT_PAGE_SIZE = 10;

// The key travels only in these form bodies: never in a URL, where proxies and access logs would keep it.

/** The x-www-form-urlencoded body of a personRisk/query call. */
export function riskFormBody(key: string, query: RiskQuery): string {
  return new URLSearchParams({
    key,
    keyword: query.keyword,
    realname: query.realname,
    type: String(query.type),
    pageIndex: String(query.pageIndex ?? DEFAULT_PAGE_INDEX),
    pageSize: String(query.pageSize ?? DEFAULT_PAGE_SIZE),
  }).toString();
}

/** The x-www-form-urlencoded body of a financeInfo/query call. */
export function financeFormBody(key: string, query: FinanceQuery): string {
  return new URLSearchParams({
    key,
    realname: query.realname,
    idcard: query.idcard,
    mobile: query.mobile,
  }).toString();
}
