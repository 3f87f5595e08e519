import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { getConstructionPlans } from 'pg-boss';
import { JOB_SCHEMA } from '../jobs/jobEngine.js';
import type { Database } from './database.js';
import { MIGRATIONS, migrate } from './migrations.js';
import { openPgliteDatabase } from './pgliteDatabase.js';

/**
 * Local mode's in-memory database, fast: PGlite's initdb costs about 8 s, loading a migrated, empty data
 * directory about 0.4 s. The first start makes that template (no data in it, only our schema and the job
 * engine's) in the
 * system's temporary folder; later starts load it. Its name carries PGlite's version and a digest of the
 * migrations, so a changed schema or engine never loads a stale one.
 */
export async function openMemoryDatabase(): Promise<Database> {
  const path = templatePath();
  // only a template this user made: the temporary folder is shared with everyone on the machine
  if (existsSync(path) && statSync(path).uid === process.getuid?.()) {
    try {
      const db = await openPgliteDatabase({ template: new Blob([readFileSync(path)]) });
      await migrate(db);
      return db;
    } catch {
      // a damaged or foreign template: made anew below
      rmSync(path, { force: true });
    }
  }
  const db = await openPgliteDatabase();
  await migrate(db);
  try {
    // the job engine's tables too, which it would otherwise create at every start (about 0.7 s)
    await db.exec(getConstructionPlans(JOB_SCHEMA));
    const dump = await db.pglite.dumpDataDir('none');
    const partial = `${path}.${process.pid}.partial`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()), { mode: 0o600 });
    rmSync(path, { force: true });
    renameSync(partial, path);
  } catch {
    // only a faster next start is lost
  }
  return db;
}

function packageVersion(name: string): string {
  const entry = createRequire(import.meta.url).resolve(name);
  // the package.json above the entry point's dist/ folder
  const packageJson = join(dirname(entry), '..', 'package.json');
  if (!existsSync(packageJson)) return 'unknown';
  return String((JSON.parse(readFileSync(packageJson, 'utf8')) as { version?: unknown }).version);
}

function templatePath(): string {
  const version = ['@electric-sql/pglite', 'pg-boss'].map(packageVersion).join('-');
  const schema = createHash('sha256')
    .update(MIGRATIONS.map((m) => `${m.version}\n${m.sql}`).join('\n'))
    .digest('hex')
    .slice(0, 16);
  return join(tmpdir(), `juhe-risk-slack-pglite-${version}-${schema}.tar`);
}
