import type { RequestParams, SandboxEndpoint, SandboxState } from './endpoint.js';
import { errorEnvelope, type JuheEnvelope, successEnvelope } from './envelope.js';
import { riskFaultFor } from './faults.js';
import {
  FAULT_PAYLOAD_SUBJECT,
  findRiskSubject,
  type RiskRecord,
  riskRecordsAt,
  type SandboxRiskType,
} from './fixtures/risk.js';
import { personRiskOrderId } from './orderId.js';

const NO_RECORDS = 240102;
const BAD_PARAMETERS = 240103;
/*
 * Juhe's documented paging: pageSize 10 when left out, at most 50. The sandbox states them itself rather
 * than importing the client's DEFAULT_PAGE_SIZE (src/juhe/formBody.ts): it is an independent look-alike of
 * Juhe, so a client that drifted from Juhe's defaults shows up in the contract tests instead of being copied.
 */
const DEFAULT_PAGE_SIZE = 10;
const MAX_PAGE_SIZE = 50;

interface Paging {
  pageIndex: number;
  pageSize: number;
}

function parseRiskType(value: string | undefined): SandboxRiskType | undefined {
  const trimmed = value?.trim();
  if (trimmed === '1') return 1;
  if (trimmed === '2') return 2;
  if (trimmed === '3') return 3;
  return undefined;
}

/** An optional positive integer parameter: absent or empty means `fallback`, anything else invalid is undefined. */
function positiveInteger(value: string | undefined, fallback: number): number | undefined {
  const trimmed = value?.trim() ?? '';
  if (trimmed === '') return fallback;
  if (!/^\d{1,9}$/.test(trimmed)) return undefined;
  const parsed = Number(trimmed);
  return parsed >= 1 ? parsed : undefined;
}

function parsePaging(params: RequestParams): Paging | undefined {
  const pageIndex = positiveInteger(params.pageIndex, 1);
  const pageSize = positiveInteger(params.pageSize, DEFAULT_PAGE_SIZE);
  if (pageIndex === undefined || pageSize === undefined || pageSize > MAX_PAGE_SIZE) return undefined;
  return { pageIndex, pageSize };
}

/** `generation` only for subjects whose records depend on it: it then goes into the order id. */
function pageEnvelope(
  records: readonly RiskRecord[],
  paging: Paging,
  params: RequestParams,
  typesSwapped: boolean,
  generation?: number,
): JuheEnvelope {
  const start = (paging.pageIndex - 1) * paging.pageSize;
  const data = records.slice(start, start + paging.pageSize);
  const count = (value: number): number | string => (typesSwapped ? String(value) : value);
  return successEnvelope(
    {
      pageSize: count(paging.pageSize),
      pageIndex: count(paging.pageIndex),
      totalRecords: count(records.length),
      data,
      orderid: personRiskOrderId(params, generation),
    },
    typesSwapped,
  );
}

function answer(params: RequestParams, state: SandboxState): JuheEnvelope {
  const keyword = params.keyword?.trim() ?? '';
  const realname = params.realname?.trim() ?? '';
  const type = parseRiskType(params.type);
  const paging = parsePaging(params);
  if (keyword === '' || realname === '' || type === undefined || paging === undefined) {
    return errorEnvelope(BAD_PARAMETERS);
  }
  const subject = findRiskSubject(realname);
  if (subject === undefined) return errorEnvelope(NO_RECORDS);
  const records = riskRecordsAt(subject, state.generation)[type];
  if (records.length === 0) return errorEnvelope(NO_RECORDS);
  const generation = subject.recordsAt === undefined ? undefined : state.generation;
  return pageEnvelope(records, paging, params, false, generation);
}

function faultPayload(params: RequestParams, typesSwapped: boolean): JuheEnvelope {
  // Faults are about transport and types, not paging: bad paging falls back to the first page.
  const paging = parsePaging(params) ?? { pageIndex: 1, pageSize: DEFAULT_PAGE_SIZE };
  return pageEnvelope(FAULT_PAYLOAD_SUBJECT.records[1], paging, params, typesSwapped);
}

function wrongShape(params: RequestParams): JuheEnvelope {
  return successEnvelope({
    pageSize: DEFAULT_PAGE_SIZE,
    pageIndex: 1,
    totalRecords: FAULT_PAYLOAD_SUBJECT.records[1].length,
    data: '暂无数据',
    orderid: personRiskOrderId(params),
  });
}

export const personRiskEndpoint: SandboxEndpoint = {
  product: 'risk',
  faultFor: (params) => riskFaultFor(params.keyword ?? ''),
  answer,
  faultPayload,
  wrongShape,
};
