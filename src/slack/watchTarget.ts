import { z } from 'zod';
import type { RiskScope } from '../domain/riskType.js';
import { CURSOR_VALUE_LIMIT, readSubjectValue } from './pageCursor.js';

/**
 * What a Watch button carries: the subject and sources of the result it sits on, and the record counts
 * that result showed (for the cost of a check). Like a page cursor it holds no 身份证 or mobile, is
 * tagged by the presenter, and its keyword and name still pass the typed command's rules when read back.
 */
export interface WatchTarget {
  keyword: string;
  realname: string;
  scope: RiskScope;
  /** records per source as the result showed them ('1' → 31); absent where unknown */
  counts: Partial<Record<'1' | '2' | '3', number>>;
}

const wireSchema = z.object({
  v: z.literal(1),
  k: z.string().min(1),
  n: z.string().min(1),
  s: z.union([z.literal('all'), z.literal(1), z.literal(2), z.literal(3)]),
  c: z
    .object({
      1: z.number().int().min(0).optional(),
      2: z.number().int().min(0).optional(),
      3: z.number().int().min(0).optional(),
    })
    .strict(),
});

export function encodeWatchTarget(target: WatchTarget): string {
  const value = JSON.stringify({
    v: 1,
    k: target.keyword,
    n: target.realname,
    s: target.scope,
    c: target.counts,
  });
  if (value.length > CURSOR_VALUE_LIMIT) {
    throw new RangeError(
      `watch value is ${value.length} characters; with its tag Slack allows ${CURSOR_VALUE_LIMIT}`,
    );
  }
  return value;
}

/** Undefined for a value this app did not write, or whose subject a typed command would refuse. */
export function decodeWatchTarget(value: unknown): WatchTarget | undefined {
  const read = readSubjectValue(value, wireSchema);
  if (read === undefined) return undefined;
  const { s, c } = read.wire;
  const counts: WatchTarget['counts'] = {};
  for (const key of ['1', '2', '3'] as const) {
    const count = c[key];
    if (count !== undefined) counts[key] = count;
  }
  return { keyword: read.keyword, realname: read.realname, scope: s, counts };
}
