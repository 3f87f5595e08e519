import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA_KEY_FILE, loadOrCreateDataKey, parseDataKey } from './dataKey.js';

const freshDir = () => mkdtempSync(join(tmpdir(), 'juhe-datakey-'));

describe('parseDataKey', () => {
  it('accepts 32 bytes in base64, with or without surrounding whitespace', () => {
    const key = randomBytes(32);
    expect(parseDataKey(key.toString('base64'))).toEqual(key);
    expect(parseDataKey(`  ${key.toString('base64')}\n`)).toEqual(key);
    expect(parseDataKey(Buffer.alloc(32, 7).toString('base64'))).toEqual(Buffer.alloc(32, 7));
  });

  it('refuses 16 bytes, 33 bytes, text that is not base64, and nothing', () => {
    expect(parseDataKey(randomBytes(16).toString('base64'))).toBeUndefined();
    expect(parseDataKey(randomBytes(33).toString('base64'))).toBeUndefined();
    expect(parseDataKey('not base64 at all, but long enough to be 32 bytes if it were')).toBeUndefined();
    expect(parseDataKey(`${randomBytes(32).toString('base64')}!`)).toBeUndefined();
    expect(parseDataKey(randomBytes(32).toString('hex'))).toBeUndefined();
    expect(parseDataKey('')).toBeUndefined();
  });
});

describe('loadOrCreateDataKey', () => {
  it('generates a key file with mode 0600 and says so; the second time it reads the same key back, silently', () => {
    const dir = freshDir();
    const path = join(dir, DATA_KEY_FILE);
    const first = loadOrCreateDataKey(dir);
    expect(first.generatedAt).toBe(path);
    expect(first.key).toHaveLength(32);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(parseDataKey(readFileSync(path, 'utf8'))).toEqual(first.key);

    const second = loadOrCreateDataKey(dir);
    expect(second).toEqual({ key: first.key });
    expect(second.generatedAt).toBeUndefined();
  });

  it('creates DATA_DIR when it does not exist yet', () => {
    const dir = join(freshDir(), 'nested', 'data');
    const loaded = loadOrCreateDataKey(dir);
    expect(loaded.generatedAt).toBe(join(dir, DATA_KEY_FILE));
    expect(statSync(join(dir, DATA_KEY_FILE)).mode & 0o777).toBe(0o600);
  });

  it('refuses a key file that does not hold a key instead of replacing it', () => {
    const dir = freshDir();
    const path = join(dir, DATA_KEY_FILE);
    writeFileSync(path, 'garbage\n');
    expect(() => loadOrCreateDataKey(dir)).toThrow(`${path} does not hold a 32-byte base64 key`);
    expect(readFileSync(path, 'utf8')).toBe('garbage\n');
  });
});
