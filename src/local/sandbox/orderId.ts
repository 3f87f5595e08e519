import { createHash } from 'node:crypto';

/*
 * Juhe order ids, derived from the request's parameters (never the key) rather than a clock or counter:
 * the same question always gets the same id, so a GET and a POST of it answer byte for byte alike and
 * snapshots stay stable. For a subject whose records change over time the sandbox generation is part of
 * the question too, so each generation's answer has its own order id.
 */

function canonicalParams(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .filter((name) => name !== 'key')
    .sort()
    .map((name) => `${name}=${params[name]}`)
    .join('&');
}

function digestOf(product: string, params: Readonly<Record<string, string>>): Buffer {
  return createHash('sha256')
    .update(`${product}?${canonicalParams(params)}`)
    .digest();
}

function digits(digest: Buffer, count: number): string {
  let text = '';
  for (let index = 0; index < count; index += 1) text += String((digest[index] ?? 0) % 10);
  return text;
}

/**
 * Shaped like the personRisk doc's `JH4011908021558278080790`. `generation` only for answers that depend
 * on it; without it the id is what it always was.
 */
export function personRiskOrderId(params: Readonly<Record<string, string>>, generation?: number): string {
  const product = generation === undefined ? 'personRisk' : `personRisk#generation=${generation}`;
  return `JH401${digits(digestOf(product, params), 19)}`;
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Shaped like the financeInfo doc's `JH815250606144507MmTeM`. */
export function financeInfoOrderId(params: Readonly<Record<string, string>>): string {
  const digest = digestOf('financeInfo', params);
  let letters = '';
  for (let index = 12; index < 17; index += 1) letters += LETTERS[(digest[index] ?? 0) % LETTERS.length];
  return `JH815${digits(digest, 12)}${letters}`;
}

/** Identifies "the same request" for the flaky fault. */
export function requestFingerprint(path: string, params: Readonly<Record<string, string>>): string {
  return `${path}?${canonicalParams(params)}`;
}
