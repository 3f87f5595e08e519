import { describe, expect, it } from 'vitest';
import { amountText } from './amountText.js';

describe('amountText', () => {
  it.each([
    [950418538, '¥950,418,538', '9.50 亿元'],
    [125000, '¥125,000', '12.50 万元'],
    [10000, '¥10,000', '1.00 万元'],
    [8000, '¥8,000', '8,000 元'],
    [1234.56, '¥1,234.56', '1,234.56 元'],
    [0, '¥0', '0 元'],
  ])('%d', (yuan, en, zh) => {
    expect(amountText('en', yuan)).toBe(en);
    expect(amountText('zh-CN', yuan)).toBe(zh);
  });
});
