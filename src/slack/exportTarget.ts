import { z } from 'zod';
import type { RiskScope } from '../domain/riskType.js';
import { CURSOR_VALUE_LIMIT, readSubjectValue } from './pageCursor.js';

/** Where an export's files go: the compliance thread the result is in, else the requester's DM. */
export type ExportDestination = { kind: 'thread'; channel: string; threadTs: string } | { kind: 'dm' };

/**
 * What an Export button carries: like the Watch button, the subject and sources of the result it sits
 * on and the record counts it showed (the size of a source whose page 1 is no longer stored). The
 * confirmation's buttons also carry where the files go, since they sit on a message of their own. No
 * 身份证 or mobile; tagged by the presenter; keyword and name held to the typed command's rules.
 */
export interface ExportTarget {
  keyword: string;
  realname: string;
  scope: RiskScope;
  counts: Partial<Record<'1' | '2' | '3', number>>;
  destination?: ExportDestination;
}

const count = z.number().int().min(0).optional();
const wireSchema = z.object({
  v: z.literal(1),
  k: z.string().min(1),
  n: z.string().min(1),
  s: z.union([z.literal('all'), z.literal(1), z.literal(2), z.literal(3)]),
  c: z.object({ 1: count, 2: count, 3: count }).strict(),
  d: z
    .union([
      z.object({ c: z.string().regex(/^[CGD][A-Z0-9]{1,30}$/), t: z.string().regex(/^\d{1,12}\.\d{1,8}$/) }),
      z.literal('dm'),
    ])
    .optional(),
});

export function encodeExportTarget(target: ExportTarget): string {
  const { destination } = target;
  const value = JSON.stringify({
    v: 1,
    k: target.keyword,
    n: target.realname,
    s: target.scope,
    c: target.counts,
    ...(destination === undefined
      ? {}
      : { d: destination.kind === 'dm' ? 'dm' : { c: destination.channel, t: destination.threadTs } }),
  });
  if (value.length > CURSOR_VALUE_LIMIT) {
    throw new RangeError(
      `export value is ${value.length} characters; with its tag Slack allows ${CURSOR_VALUE_LIMIT}`,
    );
  }
  return value;
}

/** Undefined for a value this app did not write, or whose subject a typed command would refuse. */
export function decodeExportTarget(value: unknown): ExportTarget | undefined {
  const read = readSubjectValue(value, wireSchema);
  if (read === undefined) return undefined;
  const { s, c, d } = read.wire;
  const counts: ExportTarget['counts'] = {};
  for (const key of ['1', '2', '3'] as const) {
    const known = c[key];
    if (known !== undefined) counts[key] = known;
  }
  const target: ExportTarget = { keyword: read.keyword, realname: read.realname, scope: s, counts };
  if (d === 'dm') target.destination = { kind: 'dm' };
  else if (d !== undefined) target.destination = { kind: 'thread', channel: d.c, threadTs: d.t };
  return target;
}
