import { describe, expect, it } from 'vitest';
import { referenceHexId, shortHexId } from './shortIds.js';

describe('short ids', () => {
  it('are 8 hex characters, lower case for logs and upper case for references', () => {
    expect(shortHexId()).toMatch(/^[0-9a-f]{8}$/);
    expect(referenceHexId()).toMatch(/^[0-9A-F]{8}$/);
  });

  it('do not repeat across several refills of the pool (5,000 ids: a repeat in 2^32 is about 0.3 %)', () => {
    const ids = Array.from({ length: 5_000 }, () => shortHexId());
    expect(new Set(ids).size).toBeGreaterThanOrEqual(4_999);
  });
});
