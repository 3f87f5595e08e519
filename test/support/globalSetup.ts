import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from '../../src/store/migrations.js';
import { openPgliteDatabase } from '../../src/store/pgliteDatabase.js';

/**
 * Once per test run: an embedded database created and migrated, dumped to a file. PGlite's initdb costs
 * about 8 s; every test file then loads the dump in about 0.4 s (testDatabase.ts) instead of paying it.
 */
export async function setup(): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'juhe-pglite-template-'));
  const db = await openPgliteDatabase();
  await migrate(db);
  const dump = await db.pglite.dumpDataDir('none');
  await db.close();
  const file = join(dir, 'template.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  process.env.JUHE_PGLITE_TEMPLATE = file;
  return () => rmSync(dir, { recursive: true, force: true });
}
