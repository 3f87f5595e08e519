import { decodeScore } from '../src/domain/rating.js';
import type { RiskType } from '../src/domain/riskType.js';
import type { FinanceRating, RiskPage, RiskRecord } from '../src/juhe/types.js';
import type { OverviewEntry } from '../src/slack/blocks/riskOverview.js';
import type { RiskSubject } from '../src/slack/blocks/riskSubject.js';

export const SUBJECT: RiskSubject = { keyword: '江苏德洲实业有限公司', realname: '张德洲' };

const COURTS = ['常熟市人民法院', '江苏省苏州市中级人民法院'];
const RELATION_TEXT: Record<RiskType, string> = { 1: '全部未履行', 2: '执行标的：125000元', 3: '限制消费令' };

/** Records shaped like the sandbox's 张德洲 fixtures, distinct per index so nothing is shared. */
function record(type: RiskType, index: number): RiskRecord {
  const year = 2015 + (index % 5);
  return {
    caseNo: `(${year})苏0581执${1000 + index * 37}号`,
    publishedDate: new Date(year + 1, index % 12, 1 + (index % 27)),
    court: COURTS[index % COURTS.length] ?? '常熟市人民法院',
    id: `${(index * 7919).toString(16).padStart(8, '0')}b460795b5288de982bf37c34062`,
    personName: SUBJECT.realname,
    relations: [{ type: String(type), description: '失信被执行人', fulfilment: RELATION_TEXT[type] }],
  };
}

export function riskPage(type: RiskType, pageSize: number, totalRecords: number): RiskPage {
  return {
    type,
    pageIndex: 1,
    pageSize,
    totalRecords,
    totalPages: Math.ceil(totalRecords / pageSize),
    records: Array.from({ length: Math.min(pageSize, totalRecords) }, (_, i) => record(type, i)),
    orderId: 'JH4011908021558278080790',
    billed: true,
    noRecords: false,
  };
}

export const OVERVIEW_ENTRIES: OverviewEntry[] = [
  { type: 1, page: riskPage(1, 10, 31) },
  { type: 2, page: riskPage(2, 10, 7) },
  { type: 3, page: riskPage(3, 10, 3) },
];

export const FINANCE_RATING: FinanceRating = {
  orderId: 'JH4021908021558278080791',
  range: decodeScore('range', '16'),
  history: decodeScore('history', '17'),
  stability: decodeScore('stability', '38'),
  billed: true,
};
