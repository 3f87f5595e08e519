import { describe, expect, it } from 'vitest';
import { JuheError } from './errorTypes.js';

describe('JuheError', () => {
  it('keeps every named option in its own field', () => {
    const error = new JuheError({
      api: 'finance',
      code: '10012',
      category: 'quota',
      message: 'Juhe finance query failed: quota used up (error_code 10012)',
      retryable: false,
      billed: true,
      reason: '请求超过次数限制',
    });
    expect(error).toBeInstanceOf(Error);
    expect({
      name: error.name,
      api: error.api,
      code: error.code,
      category: error.category,
      message: error.message,
      retryable: error.retryable,
      billed: error.billed,
      reason: error.reason,
    }).toEqual({
      name: 'JuheError',
      api: 'finance',
      code: '10012',
      category: 'quota',
      message: 'Juhe finance query failed: quota used up (error_code 10012)',
      retryable: false,
      billed: true,
      reason: '请求超过次数限制',
    });
  });

  it('has no reason when none is given (transport failures)', () => {
    const error = new JuheError({
      api: 'risk',
      code: 'TIMEOUT',
      category: 'timeout',
      message: 'Juhe risk query failed: no answer in time',
      retryable: true,
      billed: false,
    });
    expect(error.reason).toBeUndefined();
    expect(error.retryable).toBe(true);
    expect(error.billed).toBe(false);
  });
});
