import type { JuheApi } from './types.js';

export const JUHE_ERROR_CATEGORIES = [
  'input',
  'not_found',
  'quota',
  'misconfigured',
  'upstream_unavailable',
  'upstream_invalid',
  'timeout',
  'network',
  /** this app's own queue for Juhe was full for JUHE_QUEUE_TIMEOUT_MS: nothing was sent, nothing billed */
  'busy',
] as const;

export type JuheErrorCategory = (typeof JUHE_ERROR_CATEGORIES)[number];

/** What a JuheError is made of; named, because five of the seven are strings or booleans that swap unnoticed. */
export interface JuheErrorOptions {
  api: JuheApi;
  /** Juhe's error_code as a string, or TIMEOUT / NETWORK / INVALID_RESPONSE / ABORTED / NO_KEY / CLOSED / BUSY / HTTP_<status> */
  code: string;
  category: JuheErrorCategory;
  /** safe to log: no key, no 身份证, no mobile */
  message: string;
  /** whether the retry policy may try the call again */
  retryable: boolean;
  /** whether Juhe charged for the call that failed */
  billed: boolean;
  /**
   * whether Juhe may have charged for it: `billed`, or the request left and no answer with a non-zero
   * error_code was read (a timeout or a dropped connection after sending). Budgets give a call back only
   * when this is false (docs/design.md § Budgets). Default: `billed`.
   */
  mayHaveBilled?: boolean;
  /** the vendor doc's Chinese text for a documented Juhe code */
  reason?: string;
}

/**
 * Every failure of a Juhe call. `message` is safe to log (no key, no 身份证, no mobile);
 * `code` is Juhe's error_code as a string, or one of TIMEOUT / NETWORK / INVALID_RESPONSE / ABORTED /
 * NO_KEY / CLOSED / HTTP_<status>. `reason` is the vendor doc's Chinese text for a Juhe code (never the
 * text Juhe sent, which may echo request values); undefined for transport failures and undocumented codes.
 */
export class JuheError extends Error {
  override readonly name = 'JuheError';
  readonly api: JuheApi;
  readonly code: string;
  readonly category: JuheErrorCategory;
  readonly retryable: boolean;
  readonly billed: boolean;
  /** Juhe may have billed the call: a budget keeps it counted (see JuheErrorOptions) */
  readonly mayHaveBilled: boolean;
  readonly reason: string | undefined;

  constructor(options: JuheErrorOptions) {
    super(options.message);
    this.api = options.api;
    this.code = options.code;
    this.category = options.category;
    this.retryable = options.retryable;
    this.billed = options.billed;
    this.mayHaveBilled = options.billed || (options.mayHaveBilled ?? false);
    this.reason = options.reason;
  }
}
