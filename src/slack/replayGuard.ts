import { createHash } from 'node:crypto';
import type { ReceiverEvent } from '@slack/bolt';
import type { Logger } from '../logging/logger.js';
import { databaseErrorReason } from '../store/database.js';
import type { RequestReceipts } from '../store/requestReceipts.js';

/**
 * Replays are harmless (docs/design.md § Front door): a signed request delivered twice runs once.
 *
 * The key is a SHA-256 of the request's own bytes, never of anything the app adds:
 * - HTTP: the exact body Slack signed. The signature's timestamp is a header, not part of the body, so the
 *   same body captured and sent again — or resent by Slack with `X-Slack-Retry-Num` — has the same key
 *   whatever timestamp it is signed with. The HTTP receiver computes it (`receiptKeyOfSignedBody`, as a
 *   Bolt custom property) after it has verified the signature, so an unsigned body never takes a key.
 * - Socket Mode: there are no bytes of a request, only the envelope's payload, already parsed; its
 *   canonical JSON (keys sorted) is as stable as the bytes, and Slack's redeliveries carry the same payload.
 * Legitimate distinct requests never share a key: every payload the app handles carries a trigger_id
 * Slack issues once (commands, button clicks, shortcuts, submissions) and clicks a distinct action_ts.
 */
export const RECEIPT_KEY_PROPERTY = 'requestReceiptKey';

/**
 * How long the check may hold a request before the ack. Slack gives 3 s for the whole ack; a database
 * that does not answer (the pool waits 5 s for a connection) must not use them all up.
 */
export const RECEIPT_CHECK_BUDGET_MS = 1000;

export function receiptKeyOfSignedBody(rawBody: Buffer | string): string {
  return createHash('sha256').update(rawBody).digest('hex');
}

export function receiptKeyOfPayload(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

/** JSON with every object's keys in code-unit order, so equal payloads give equal text whatever their order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The event's key: the HTTP receiver's, from the signed bytes, else the payload's (Socket Mode). */
export function receiptKeyOf(event: ReceiverEvent): string {
  const fromReceiver = (event.customProperties as Record<string, unknown> | undefined)?.[
    RECEIPT_KEY_PROPERTY
  ];
  return typeof fromReceiver === 'string' ? fromReceiver : receiptKeyOfPayload(event.body);
}

export interface ReplayGuardOptions {
  receipts: RequestReceipts;
  logger: Logger;
  now: () => Date;
  budgetMs?: number;
}

/**
 * Resolves true when `event` is a replay, after acknowledging it with an empty 200 so that Slack stops
 * retrying; the caller then runs nothing else.
 *
 * When the receipt cannot be checked (the database is down, or slower than the budget) the request is
 * handled as a first receipt — it fails open. Refusing it instead would make help, usage and input errors
 * fail with the database, for no protection: no lookup can be billed without the database anyway, since
 * the audit trail's start entry is written before every Juhe call and refuses the lookup
 * (ComplianceRecordUnavailableError) when it cannot be written. What fails open is only a replay of a
 * request that bills nothing.
 */
export function createReplayGuard(options: ReplayGuardOptions): (event: ReceiverEvent) => Promise<boolean> {
  const budgetMs = options.budgetMs ?? RECEIPT_CHECK_BUDGET_MS;
  return async (event) => {
    let first: boolean;
    try {
      first = await withinBudget(options.receipts.firstReceipt(receiptKeyOf(event), options.now()), budgetMs);
    } catch (error) {
      options.logger.warn(
        { reason: error instanceof ReceiptCheckTimeout ? error.message : databaseErrorReason(error) },
        'request receipt could not be checked: handled as a first delivery',
      );
      return false;
    }
    if (first) return false;
    await event.ack();
    // Slack's own retries are routine; the same body without a retry header is a copy someone resent.
    const retry = {
      ...(event.retryNum !== undefined ? { retryNum: event.retryNum } : {}),
      ...(event.retryReason ? { retryReason: event.retryReason } : {}),
    };
    if (event.retryNum !== undefined) options.logger.info(retry, 'replayed Slack request ignored');
    else options.logger.warn(retry, 'replayed Slack request ignored');
    return true;
  };
}

class ReceiptCheckTimeout extends Error {}

function withinBudget<T>(work: Promise<T>, budgetMs: number): Promise<T> {
  // The check that ran out may still fail later; nobody waits for it any more.
  work.catch(() => {});
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ReceiptCheckTimeout(`no answer within ${budgetMs} ms`)), budgetMs);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
