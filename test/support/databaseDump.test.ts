import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { startJobEngine } from '../../src/jobs/jobEngine.js';
import { createLogger } from '../../src/logging/logger.js';
import { createFieldCipher } from '../../src/privacy/fieldCipher.js';
import { dumpDatabase, findPersonalData, personalDataIn } from './databaseDump.js';
import { openTestPglite } from './testDatabase.js';

describe('the scan for personal data in clear', () => {
  it('finds a 身份证 (18 and 15 digits), a mobile (plain, full-width or grouped) and a fixture name', () => {
    expect(personalDataIn('{"subject":"11010519491231002X"}')).toEqual([
      { kind: '身份证', masked: '110105********002X' },
    ]);
    expect(personalDataIn('old id 110105491231002.')).toEqual([
      { kind: '身份证', masked: '110105*****1002' },
    ]);
    expect(personalDataIn('tel 13812345678')).toEqual([{ kind: 'mobile', masked: '138****5678' }]);
    expect(personalDataIn('tel １３８１２３４５６７８')).toEqual([{ kind: 'mobile', masked: '138****5678' }]);
    expect(personalDataIn('电话 +86 138-0013-8000')).toEqual([{ kind: 'mobile', masked: '138****8000' }]);
    expect(personalDataIn('{"realname":"张三"}')).toEqual([{ kind: 'name', masked: '张*' }]);
  });

  it('ignores masked values, sealed values, uuids, digests and blind-index tokens', () => {
    const cipher = createFieldCipher(randomBytes(32));
    const sealed = Array.from({ length: 50 }, () => cipher.seal({ realname: '张三' }, 'test'));
    const opaque = [
      '{"subject":"张*","idcard":"110105********002X","mobile":"138****5678"}',
      ...sealed,
      'v1.AB13812345678CD11010519491231002X==',
      '13812345-6789-4abc-8def-110105194912',
      `a${'13812345678'.repeat(5)}f`,
      `mobile:${'13812345678'}abcdef0123456789abcdef`,
      '2026-06-01T12:00:00.000Z 1796192332764',
    ];
    for (const text of opaque) expect(personalDataIn(text), text).toEqual([]);
  });

  it('dumps every table of every schema, pg-boss’s included, and names the table and column', async () => {
    const db = await openTestPglite();
    try {
      const engine = await startJobEngine(db, createLogger({ level: 'silent' }));
      await engine.stop();
      await db.query('insert into request_receipts (request_key, received_at) values ($1, now())', [
        'cursor for 李娜 13812345678',
      ]);
      const rows = await dumpDatabase(db);
      const tables = new Set(rows.map((row) => row.table));
      expect(tables).toContain('public.schema_migrations');
      expect([...tables].some((table) => table.startsWith('pgboss.'))).toBe(true);
      expect(findPersonalData(rows)).toEqual([
        { table: 'public.request_receipts', column: 'request_key', kind: 'mobile', masked: '138****5678' },
        { table: 'public.request_receipts', column: 'request_key', kind: 'name', masked: '李*' },
      ]);
    } finally {
      await db.close();
    }
  });
});
