import type { DecodedScore } from '../domain/rating.types.js';
import type { RiskType } from '../domain/riskType.js';

export type JuheApi = 'risk' | 'finance';

export interface RiskQuery {
  /** company name, registration no., 统一社会信用代码 or KeyNo */
  keyword: string;
  realname: string;
  type: RiskType;
  /** 1-based; Juhe's default 1 */
  pageIndex?: number;
  /** Juhe's default 10 */
  pageSize?: number;
}

export interface RiskRelation {
  type: string;
  description: string;
  /** 履行情况, e.g. 全部未履行 */
  fulfilment: string;
}

export interface RiskRecord {
  caseNo: string;
  /** local-midnight Date of the published day, null when absent, unparseable or a sentinel like 0001-01-01 */
  publishedDate: Date | null;
  court: string;
  id: string;
  personName: string;
  relations: RiskRelation[];
}

export interface RiskPage {
  type: RiskType;
  pageIndex: number;
  pageSize: number;
  totalRecords: number;
  totalPages: number;
  records: RiskRecord[];
  orderId: string | null;
  /** error_code 0 arrived: Juhe charged for this call */
  billed: boolean;
  /** 240102 查无记录: no records in this source (never "clean") */
  noRecords: boolean;
}

export interface FinanceQuery {
  realname: string;
  /** normalised 18-character 身份证 */
  idcard: string;
  /** normalised 11-digit mobile */
  mobile: string;
}

export interface FinanceRating {
  orderId: string | null;
  range: DecodedScore;
  history: DecodedScore;
  stability: DecodedScore;
  billed: boolean;
}

export interface CallOptions {
  signal?: AbortSignal;
  /**
   * the call is still waiting for a slot of JUHE_MAX_CONCURRENCY after a second: its place in line
   * (1 = next), so the person who asked can be told it is queued
   */
  onQueued?: (position: number) => void;
}

/** The service layer's face: knows nothing of Slack. Throws JuheError on every failure. */
export interface JuheService {
  queryRisk(query: RiskQuery, options?: CallOptions): Promise<RiskPage>;
  queryFinance(query: FinanceQuery, options?: CallOptions): Promise<FinanceRating>;
  close(): Promise<void>;
}
