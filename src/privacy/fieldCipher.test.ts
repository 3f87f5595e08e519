import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFieldCipher } from './fieldCipher.js';

const keyA = Buffer.alloc(32, 1);
const keyB = Buffer.alloc(32, 2);
const cipher = createFieldCipher(keyA);

describe('field cipher: seal and open', () => {
  it('opens what it sealed: strings, objects, CJK', () => {
    const values: unknown[] = [
      '',
      'plain',
      '张三 110105194912310021',
      { realname: '张德洲', idcard: '11010519491231002X', mobile: '13800138000', nested: [1, null, true] },
      ['江苏', 42, { a: '聚合数据' }],
      0,
      null,
    ];
    for (const value of values) {
      const sealed = cipher.seal(value, 'lookup request');
      expect(sealed).toMatch(/^v1\.[A-Za-z0-9+/]+=*$/);
      expect(cipher.open(sealed, 'lookup request')).toEqual(value);
    }
  });

  it('never holds the value readably', () => {
    const sealed = cipher.seal({ realname: '张德洲', idcard: '11010519491231002X' }, 'p');
    expect(sealed).not.toContain('张德洲');
    expect(sealed).not.toContain('11010519491231002X');
    expect(Buffer.from(sealed.slice(3), 'base64').toString('utf8')).not.toContain('11010519491231002X');
  });

  it('a value sealed for one purpose does not open for another', () => {
    const sealed = cipher.seal('张三', 'lookup request');
    expect(() => cipher.open(sealed, 'lookup answer')).toThrow();
    expect(() => cipher.open(sealed, '')).toThrow();
    expect(cipher.open(sealed, 'lookup request')).toBe('张三');
  });

  it('a value sealed with another key does not open', () => {
    const sealed = createFieldCipher(keyB).seal('张三', 'p');
    expect(() => cipher.open(sealed, 'p')).toThrow();
  });

  it('a ciphertext with one byte flipped throws, wherever the byte is (nonce, tag, body)', () => {
    const sealed = cipher.seal({ realname: '张三' }, 'p');
    const bytes = Buffer.from(sealed.slice('v1.'.length), 'base64');
    for (const index of [0, 11, 12, 27, 28, bytes.length - 1]) {
      const tampered = Buffer.from(bytes);
      tampered[index] = (tampered[index] ?? 0) ^ 0x01;
      expect(() => cipher.open(`v1.${tampered.toString('base64')}`, 'p')).toThrow();
    }
  });

  it('a truncated ciphertext throws, without checking a shorter tag (and without a deprecation warning)', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const bytes = Buffer.from(cipher.seal('x', 'p').slice('v1.'.length), 'base64');
      for (const length of [bytes.length - 1, 27, 20, 16, 12, 5, 0]) {
        expect(() => cipher.open(`v1.${bytes.subarray(0, length).toString('base64')}`, 'p')).toThrow();
      }
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.map((warning) => warning.message)).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('refuses text that is not a sealed value of this app', () => {
    expect(() => cipher.open('张三', 'p')).toThrow('not a sealed value of this app');
    expect(() => cipher.open('v2.AAAA', 'p')).toThrow('not a sealed value of this app');
    expect(() => cipher.open('v1', 'p')).toThrow('not a sealed value of this app');
  });

  it('two seals of the same value differ (a fresh nonce each time), and both open', () => {
    const first = cipher.seal('张三', 'p');
    const second = cipher.seal('张三', 'p');
    expect(first).not.toBe(second);
    expect(Buffer.from(first.slice(3), 'base64').subarray(0, 12)).not.toEqual(
      Buffer.from(second.slice(3), 'base64').subarray(0, 12),
    );
    expect(cipher.open(first, 'p')).toBe('张三');
    expect(cipher.open(second, 'p')).toBe('张三');
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => createFieldCipher(Buffer.alloc(16))).toThrow('the data encryption key must be 32 bytes');
    expect(() => createFieldCipher(Buffer.alloc(33))).toThrow('the data encryption key must be 32 bytes');
  });

  it('open(seal(x)) is x for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string(), (value, purpose) => {
        // JSON has no -0: it comes back as 0, as JSON.parse(JSON.stringify(-0)) does
        const expected = JSON.parse(JSON.stringify(value)) as unknown;
        expect(cipher.open(cipher.seal(value, purpose), purpose)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('field cipher: blind index', () => {
  it('is stable: the same kind and value give the same token, with the kind in front', () => {
    const token = cipher.blindIndex('idcard', '11010519491231002X');
    expect(token).toMatch(/^idcard:[0-9a-f]{32}$/);
    expect(cipher.blindIndex('idcard', '11010519491231002X')).toBe(token);
    expect(createFieldCipher(Buffer.alloc(32, 1)).blindIndex('idcard', '11010519491231002X')).toBe(token);
    expect(token).not.toContain('11010519491231002');
  });

  it('does not tell x from X in a 身份证, or spacing in a name', () => {
    expect(cipher.blindIndex('idcard', '11010519491231002x')).toBe(
      cipher.blindIndex('idcard', '11010519491231002X'),
    );
    expect(cipher.blindIndex('name', '张 三')).toBe(cipher.blindIndex('name', '张三'));
    expect(cipher.blindIndex('name', ' 张三\t')).toBe(cipher.blindIndex('name', '张三'));
    expect(cipher.blindIndex('name', '张三')).not.toBe(cipher.blindIndex('name', '张四'));
  });

  it('differs across kinds and across keys', () => {
    const name = cipher.blindIndex('name', '张三');
    const keyword = cipher.blindIndex('keyword', '张三');
    expect(name.split(':')[1]).not.toBe(keyword.split(':')[1]);
    expect(createFieldCipher(keyB).blindIndex('name', '张三')).not.toBe(name);
  });
});
