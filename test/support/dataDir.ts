import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/store/openDatabase.js';

let template: Promise<string> | undefined;

/**
 * A DATA_DIR holding an embedded database already created and migrated. Creating one costs PGlite's
 * initdb (about 9 s on these machines, one time per DATA_DIR); spawned-process tests copy a template
 * made once per test process instead. No key file: the app generates its own on first start.
 */
export async function preparedDataDir(): Promise<string> {
  template ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'juhe-data-template-'));
    const db = await openDatabase({ kind: 'pglite', dataDir: dir });
    await db.close();
    return dir;
  })();
  const copy = mkdtempSync(join(tmpdir(), 'juhe-data-'));
  cpSync(await template, copy, { recursive: true });
  return copy;
}
