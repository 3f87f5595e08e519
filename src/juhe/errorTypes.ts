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
] as const;

export type JuheErrorCategory = (typeof JUHE_ERROR_CATEGORIES)[number];

/** What a JuheError is made of; named, because five of the seven are strings or booleans that swap unnoticed. */
export interface JuheErrorOptions {
  api: JuheApi;
  /** Juhe's error_code as a string, or TIMEOUT / NETWORK / INVALID_RESPONSE / ABORTED / NO_KEY / CLOSED / HTTP_<status> */
  code: string;
  category: JuheErrorCategory;
  /** safe to log: no key, no 身份证, no mobile */
  message: string;
  /** whether the retry policy may try the call again */
  retryable: boolean;
  /** whether Juhe charged for the call that failed */
  billed: boolean;
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
  readonly reason: string | undefined;

  constructor(options: JuheErrorOptions) {
    super(options.message);
    this.api = options.api;
    this.code = options.code;
    this.category = options.category;
    this.retryable = options.retryable;
    this.billed = options.billed;
    this.reason = options.reason;
  }
}
