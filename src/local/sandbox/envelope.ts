import { juheReason } from './juheCodes.js';

/** Juhe's response envelope. `error_code` is a number except when a fault sends it as a string. */
export interface JuheEnvelope {
  reason: string;
  result: unknown;
  error_code: number | string;
}

export function errorEnvelope(code: number, result: unknown = null): JuheEnvelope {
  return { reason: juheReason(code), result, error_code: code };
}

export function successEnvelope(result: unknown, errorCodeAsString = false): JuheEnvelope {
  return { reason: juheReason(0), result, error_code: errorCodeAsString ? '0' : 0 };
}
