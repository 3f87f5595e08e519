import { JuheError, type JuheErrorOptions } from '../juhe/errorTypes.js';

/**
 * JSON for what a lookup stores between the request and its delivery: Dates (a record's published day,
 * when Juhe answered) and JuheErrors (a failed source) come back as themselves, not as strings.
 */
export function encodeStoredValue(value: unknown): string {
  return JSON.stringify(value, function replacer(this: Record<string, unknown>, key, plain) {
    const original = this[key];
    if (original instanceof Date) return { $date: original.toISOString() };
    if (original instanceof JuheError) {
      const options: JuheErrorOptions = {
        api: original.api,
        code: original.code,
        category: original.category,
        message: original.message,
        retryable: original.retryable,
        billed: original.billed,
        ...(original.reason === undefined ? {} : { reason: original.reason }),
      };
      return { $juheError: options };
    }
    return plain;
  });
}

export function decodeStoredValue<T>(text: string): T {
  return JSON.parse(text, (_key, value: unknown) => {
    if (value !== null && typeof value === 'object') {
      const record = value as { $date?: unknown; $juheError?: unknown };
      if (typeof record.$date === 'string') return new Date(record.$date);
      if (record.$juheError !== undefined) return new JuheError(record.$juheError as JuheErrorOptions);
    }
    return value;
  }) as T;
}
