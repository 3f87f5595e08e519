import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureLog } from '../../test/support/capturedLog.js';
import { preparedDataDir } from '../../test/support/dataDir.js';
import { openTestPglite } from '../../test/support/testDatabase.js';
import type { StoreConfig } from '../config/config.js';
import { createLogger } from '../logging/logger.js';
import { DATA_KEY_FILE } from '../privacy/dataKey.js';
import { DataKeyMismatchError, databaseLocation, openComplianceRecord } from './complianceRecord.js';

const KEY_A = Buffer.alloc(32, 0xa);
const KEY_B = Buffer.alloc(32, 0xb);
const retention = { auditRetentionDays: 1095, resultRetentionHours: 24 };

function quietLogger() {
  const log = captureLog();
  return { log, logger: createLogger({ level: 'info', destination: log.destination }) };
}

const open = (store: Partial<StoreConfig>, logger = quietLogger().logger) =>
  openComplianceRecord({ ...retention, ...store }, { local: false, logger });

describe('the compliance record and its data key', () => {
  it('a persisted record opened with key A refuses key B, and opens again with key A', async () => {
    const dataDir = await preparedDataDir();
    const first = await open({ dataDir, dataKey: KEY_A });
    const sealed = first.cipher.seal('张三', 'probe');
    await first.close();

    const wrong = await open({ dataDir, dataKey: KEY_B }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(wrong).toBeInstanceOf(DataKeyMismatchError);
    expect((wrong as Error).message).toBe(
      `DATA_ENCRYPTION_KEY is not the key the data in embedded PostgreSQL in ${resolve(dataDir)} was sealed with: set the key it was created with`,
    );

    // the refusal closed the database: PGlite allows one opener of a DATA_DIR, and this one succeeds
    const again = await open({ dataDir, dataKey: KEY_A });
    try {
      expect(again.cipher.open(sealed, 'probe')).toBe('张三');
      const { rows } = await again.database.query('select id from record_key_check');
      expect(rows).toEqual([{ id: 1 }]);
    } finally {
      await again.close();
    }
  });

  it('without DATA_ENCRYPTION_KEY the embedded record generates its key once, says so once, and reuses it', async () => {
    const dataDir = await preparedDataDir();
    const keyFile = join(resolve(dataDir), DATA_KEY_FILE);
    expect(existsSync(keyFile)).toBe(false);

    const firstLog = quietLogger();
    const first = await open({ dataDir }, firstLog.logger);
    const sealed = first.cipher.seal({ realname: '张三' }, 'probe');
    await first.close();
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const warnings = firstLog.log.records().filter((record) => record.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ keyFile });
    expect(String(warnings[0]?.msg)).toMatch(/^generated the data encryption key \(mode 0600\)/);

    const secondLog = quietLogger();
    const second = await open({ dataDir }, secondLog.logger);
    try {
      expect(second.cipher.open(sealed, 'probe')).toEqual({ realname: '张三' });
      expect(secondLog.log.records().filter((record) => record.level === 40)).toEqual([]);
    } finally {
      await second.close();
    }
  });

  it('a key file that cannot be read or created is refused in one line, before the database is opened', async () => {
    const damaged = mkdtempSync(join(tmpdir(), 'juhe-damaged-key-'));
    writeFileSync(join(damaged, DATA_KEY_FILE), 'not a key\n');
    await expect(open({ dataDir: damaged })).rejects.toThrow(
      `the data encryption key in ${damaged} could not be read or created: ${join(damaged, DATA_KEY_FILE)} does not hold a 32-byte base64 key`,
    );
    const file = join(damaged, 'a-file');
    writeFileSync(file, '');
    await expect(open({ dataDir: file })).rejects.toThrow(
      `the data encryption key in ${file} could not be read or created: EEXIST: file already exists, mkdir '${file}'`,
    );
  });

  it('a database the caller gave is checked the same way, and left open for the caller on a refusal', async () => {
    const database = await openTestPglite();
    try {
      const logger = quietLogger().logger;
      await openComplianceRecord({ ...retention, dataKey: KEY_A }, { local: false, logger, database });
      await expect(
        openComplianceRecord({ ...retention, dataKey: KEY_B }, { local: false, logger, database }),
      ).rejects.toThrow(DataKeyMismatchError);
      expect((await database.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
      const reopened = await openComplianceRecord(
        { ...retention, dataKey: KEY_A },
        { local: false, logger, database },
      );
      expect(reopened.database).toBe(database);
    } finally {
      await database.close();
    }
  });
});

describe('databaseLocation', () => {
  it('PostgreSQL when DATABASE_URL is set, whatever else is', () => {
    expect(databaseLocation({ databaseUrl: 'postgres://db/x', dataDir: '/tmp/d' }, false)).toEqual({
      kind: 'postgres',
      url: 'postgres://db/x',
    });
    expect(databaseLocation({ databaseUrl: 'postgres://db/x' }, true)).toEqual({
      kind: 'postgres',
      url: 'postgres://db/x',
    });
  });

  it('DATA_DIR, resolved, when given; else ./data outside local mode and memory in local mode', () => {
    expect(databaseLocation({ dataDir: 'rel/data' }, false)).toEqual({
      kind: 'pglite',
      dataDir: resolve('rel/data'),
    });
    expect(databaseLocation({ dataDir: 'rel/data' }, true)).toEqual({
      kind: 'pglite',
      dataDir: resolve('rel/data'),
    });
    expect(databaseLocation({}, false)).toEqual({ kind: 'pglite', dataDir: resolve('./data') });
    expect(databaseLocation({}, true)).toEqual({ kind: 'pglite-memory' });
  });
});
