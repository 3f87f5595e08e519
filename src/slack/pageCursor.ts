import { z } from 'zod';
import { validatePersonName } from '../domain/personName.js';
import { checkRiskKeyword } from '../domain/riskKeyword.js';
import type { RiskType } from '../domain/riskType.js';
import { ROUND_TRIP_TAG_OVERHEAD } from './roundTripTag.js';

/**
 * What a Prev / Next / type button carries so that the click can fetch its page without any
 * server-side session: the subject, the source and the page. Never a 身份证 or a mobile
 * (the risk API does not take them, and the command parser refuses keywords shaped like them).
 */
export interface PageCursor {
  keyword: string;
  realname: string;
  type: RiskType;
  pageIndex: number;
  pageSize: number;
}

/** Slack's limit for a button value. */
export const BUTTON_VALUE_LIMIT = 2000;
/** The longest cursor: the presenter appends the app's round-trip tag before the button goes out. */
export const CURSOR_VALUE_LIMIT = BUTTON_VALUE_LIMIT - ROUND_TRIP_TAG_OVERHEAD;

/** Largest page size a cursor carries (Juhe's pageSize for personRisk is at most 50). */
export const CURSOR_PAGE_SIZE_MAX = 50;
/**
 * Largest page a cursor may ask for: 50,000 records at the largest page size, far past any subject Juhe
 * knows. A bound so that no value, however it was made, asks Juhe for an absurd page.
 */
export const CURSOR_PAGE_INDEX_MAX = 1000;

const wireSchema = z.object({
  v: z.literal(1),
  k: z.string().min(1),
  n: z.string().min(1),
  t: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  p: z.number().int().min(1).max(CURSOR_PAGE_INDEX_MAX),
  s: z.number().int().min(1).max(CURSOR_PAGE_SIZE_MAX),
});

export function encodePageCursor(cursor: PageCursor): string {
  const value = JSON.stringify({
    v: 1,
    k: cursor.keyword,
    n: cursor.realname,
    t: cursor.type,
    p: cursor.pageIndex,
    s: cursor.pageSize,
  });
  if (value.length > CURSOR_VALUE_LIMIT) {
    throw new RangeError(
      `page cursor is ${value.length} characters; with its tag Slack allows ${CURSOR_VALUE_LIMIT}`,
    );
  }
  return value;
}

/**
 * Undefined for anything that is not a cursor this app wrote (a forged or stale button). The value
 * arrives here already stripped of its round-trip tag (see middleware/roundTripValues.ts); its keyword
 * and name still pass the rules a typed command passes (a keyword shaped like a 身份证 or a mobile, a
 * 统一社会信用代码 with a wrong check character, too long; a name the command would refuse), so not even
 * a validly tagged cursor is a way around those checks to Juhe.
 */
export function decodePageCursor(value: unknown): PageCursor | undefined {
  const read = readSubjectValue(value, wireSchema);
  if (read === undefined) return undefined;
  const { t, p, s } = read.wire;
  return { keyword: read.keyword, realname: read.realname, type: t, pageIndex: p, pageSize: s };
}

/**
 * A button value the app wrote that names a subject (`k` keyword, `n` name): parsed against its schema,
 * the keyword and name held to the typed command's rules. Undefined for anything else.
 */
export function readSubjectValue<Wire extends { k: string; n: string }>(
  value: unknown,
  schema: z.ZodType<Wire>,
): { wire: Wire; keyword: string; realname: string } | undefined {
  if (typeof value !== 'string' || value.length > CURSOR_VALUE_LIMIT) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return undefined;
  if (checkRiskKeyword(parsed.data.k) !== undefined) return undefined;
  const name = validatePersonName(parsed.data.n);
  if (!name.ok) return undefined;
  return { wire: parsed.data, keyword: parsed.data.k, realname: name.value };
}
