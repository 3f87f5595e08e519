import { z } from 'zod';
import { transportError } from './errorCatalog.js';
import type { JuheError } from './errorTypes.js';
import type { JuheApi } from './types.js';

// Juhe sends numbers as strings and vice versa, omits optional fields and adds new ones at will. These schemas
// accept all of that (unknown keys are stripped) and reject only shapes the app cannot use.

const NUMERIC_MESSAGE = 'expected a number or numeric string';

/** A non-negative integer sent as a number or as a numeric string, never beyond exact integer range. */
const count = z.union(
  [
    // zod 4's int() is a safe integer: at most Number.MAX_SAFE_INTEGER
    z.number().int({ error: NUMERIC_MESSAGE }).nonnegative({ error: NUMERIC_MESSAGE }),
    // 15 digits always fit a safe integer; an unbounded run would become Infinity or lose precision
    z
      .string()
      .trim()
      .regex(/^\d{1,15}$/)
      .transform(Number),
  ],
  {
    error: NUMERIC_MESSAGE,
  },
);

/** Juhe sends null or '' for a count it has no value for: that is the field missing, not a wrong shape. */
const optionalCount = z.preprocess(
  (value) => (value === null || (typeof value === 'string' && value.trim() === '') ? undefined : value),
  count.optional(),
);

/** A text field that sometimes arrives as a number; absent or null becomes ''. */
const text = z
  .union([z.string(), z.number().transform(String)], { error: 'expected string' })
  .nullish()
  .transform((value) => value ?? '');

/**
 * An order id: informational only, so anything that is not a non-empty string or a finite number becomes
 * null instead of failing a response whose error_code alone decides what happened and whether it was billed.
 */
const optionalId = z
  .unknown()
  .optional()
  .transform((value): string | null => {
    if (typeof value === 'string') return value === '' ? null : value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    return null;
  });

export const juheEnvelopeSchema = z.object({
  // reason is informational only: a non-string reason must not fail an otherwise good response
  reason: z
    .unknown()
    .transform((value) => (typeof value === 'string' ? value : undefined))
    .optional(),
  result: z.unknown().optional(),
  error_code: z.union(
    [
      z.number().int(),
      z
        .string()
        .trim()
        .regex(/^-?\d+$/)
        .transform(Number),
    ],
    {
      error: NUMERIC_MESSAGE,
    },
  ),
  // the personRisk doc puts orderid inside result, but tolerate it on the envelope too
  orderid: optionalId,
});
export type JuheEnvelope = z.output<typeof juheEnvelopeSchema>;

const riskRelationSchema = z.object({
  Type: text,
  TypeDesc: text,
  Value: text,
});

const riskRecordSchema = z.object({
  CaseNo: text,
  Date: text,
  ExecuteGov: text,
  Id: text,
  PersonName: text,
  Relation: z
    .array(riskRelationSchema, { error: 'expected array' })
    .nullish()
    .transform((relations) => relations ?? []),
});

export const riskResultSchema = z
  .object(
    {
      pageSize: optionalCount,
      pageIndex: optionalCount,
      totalRecords: optionalCount,
      data: z.array(riskRecordSchema, { error: 'expected array' }).nullish(),
      orderid: optionalId,
    },
    { error: 'expected object' },
  )
  .superRefine((result, context) => {
    // An empty page may omit data; a page that claims records but carries none is broken.
    if (result.data == null && (result.totalRecords ?? 0) > 0) {
      context.addIssue({
        code: 'custom',
        path: ['data'],
        message: `missing although totalRecords is ${result.totalRecords}`,
      });
    }
  })
  .transform(({ data, ...rest }) => ({ ...rest, data: data ?? [] }));
export type RiskResultWire = z.output<typeof riskResultSchema>;

/**
 * Scores stay raw here: the domain's rating decoder owns what counts as a valid score. A missing or null
 * score is shown as unrecognised by that decoder rather than failing the whole (billed) answer.
 */
const score = z.union([z.string(), z.number()], { error: 'expected string or number' }).nullish();

export const financeResultSchema = z.object(
  {
    orderid: optionalId,
    range: score,
    history: score,
    stability: score,
  },
  { error: 'expected object' },
);
export type FinanceResultWire = z.output<typeof financeResultSchema>;

function formatPath(root: string, path: readonly PropertyKey[]): string {
  let formatted = root;
  for (const segment of path) {
    formatted += typeof segment === 'number' ? `[${segment}]` : `.${String(segment)}`;
  }
  return formatted;
}

const MAX_ISSUES_SHOWN = 3;

/**
 * "result.data[3].CaseNo: expected string" for each issue: the paths and expectations only, never the values
 * (zod's default messages name types, not inputs, and reportInput stays off).
 */
export function describeIssues(root: string, issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues
    .slice(0, MAX_ISSUES_SHOWN)
    .map((issue) => `${formatPath(root, issue.path)}: ${issue.message.replace(/^Invalid input: /, '')}`);
  const more = issues.length > MAX_ISSUES_SHOWN ? ` (and ${issues.length - MAX_ISSUES_SHOWN} more)` : '';
  return shown.join('; ') + more;
}

function invalidShape(api: JuheApi, root: string, error: z.ZodError, billed: boolean): JuheError {
  return transportError(
    api,
    'INVALID_RESPONSE',
    `unexpected response shape: ${describeIssues(root, error.issues)}`,
    {
      billed,
    },
  );
}

/** Reads the `{reason, result, error_code}` envelope of a parsed JSON body; throws INVALID_RESPONSE. */
export function parseEnvelope(api: JuheApi, json: unknown): JuheEnvelope {
  const parsed = juheEnvelopeSchema.safeParse(json);
  if (!parsed.success) throw invalidShape(api, 'response', parsed.error, false);
  return parsed.data;
}

/** The doc types `result` as "string": tolerate a JSON object that arrives serialized. */
function unwrapSerializedResult(result: unknown): unknown {
  if (typeof result !== 'string' || !result.trim().startsWith('{')) return result;
  try {
    return JSON.parse(result) as unknown;
  } catch {
    return result;
  }
}

/** The result of a billed (error_code 0) personRisk call; a wrong shape is INVALID_RESPONSE, still billed. */
export function parseRiskResult(result: unknown): RiskResultWire {
  const parsed = riskResultSchema.safeParse(unwrapSerializedResult(result));
  if (!parsed.success) throw invalidShape('risk', 'result', parsed.error, true);
  return parsed.data;
}

/** The result of a billed (error_code 0) financeInfo call; a wrong shape is INVALID_RESPONSE, still billed. */
export function parseFinanceResult(result: unknown): FinanceResultWire {
  const parsed = financeResultSchema.safeParse(unwrapSerializedResult(result));
  if (!parsed.success) throw invalidShape('finance', 'result', parsed.error, true);
  return parsed.data;
}
