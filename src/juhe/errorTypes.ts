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

/**
 * Every failure of a Juhe call. `message` is safe to log (no key, no 身份证, no mobile);
 * `code` is Juhe's error_code as a string, or one of TIMEOUT / NETWORK / INVALID_RESPONSE / ABORTED /
 * NO_KEY / CLOSED / HTTP_<status>. `reason` is the vendor doc's Chinese text for a Juhe code (never the
 * text Juhe sent, which may echo request values); undefined for transport failures and undocumented codes.
 */
export class JuheError extends Error {
  override readonly name = 'JuheError';
  constructor(
    readonly api: JuheApi,
    readonly code: string,
    readonly category: JuheErrorCategory,
    readonly retryable: boolean,
    readonly billed: boolean,
    message: string,
    readonly reason?: string,
  ) {
    super(message);
  }
}
