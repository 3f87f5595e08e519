import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The file the embedded default keeps its generated key in, inside DATA_DIR. */
export const DATA_KEY_FILE = 'data-encryption.key';

/** DATA_ENCRYPTION_KEY: 32 bytes, base64. Undefined when the text is not that (config.ts says so). */
export function parseDataKey(text: string): Buffer | undefined {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) return undefined;
  const key = Buffer.from(trimmed, 'base64');
  return key.length === 32 ? key : undefined;
}

export interface LoadedDataKey {
  key: Buffer;
  /** set when the key was generated now: the caller says so, once */
  generatedAt?: string;
}

/**
 * The key for the embedded database when DATA_ENCRYPTION_KEY is not set: read from DATA_DIR, or
 * generated there (mode 0600) on first start. Losing it makes every sealed subject unreadable.
 */
export function loadOrCreateDataKey(dataDir: string): LoadedDataKey {
  const path = join(dataDir, DATA_KEY_FILE);
  if (existsSync(path)) {
    const key = parseDataKey(readFileSync(path, 'utf8'));
    if (key === undefined) throw new Error(`${path} does not hold a 32-byte base64 key`);
    return { key };
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(path, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return { key, generatedAt: path };
}
