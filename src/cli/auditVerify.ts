import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config/config.js';
import { databaseLocation } from '../store/complianceRecord.js';
import { databaseErrorReason } from '../store/database.js';
import { chainVerdictText } from './chainVerdictText.js';
import { openRecordFromEnv } from './recordFromEnv.js';

/**
 * `npm run audit:verify`: walks the audit trail's hash chain from the environment's database (DATABASE_URL,
 * else DATA_DIR). Exit 0: intact; 1: broken, naming the first bad entry; 2: the record could not be opened
 * or read. With the embedded database, stop the app first: PGlite lets one process at a time open DATA_DIR.
 */
const TOOL = 'audit:verify';

// Opening an empty DATA_DIR would create a database there and report an intact, empty trail: a mistyped
// path must not read as "verified".
const loaded = loadConfig(process.env);
if (loaded.ok) {
  const location = databaseLocation(loaded.config.store, false);
  if (location.kind === 'pglite' && !existsSync(join(location.dataDir, 'PG_VERSION'))) {
    process.stderr.write(
      `${TOOL}: no embedded database in ${location.dataDir} (set DATA_DIR or DATABASE_URL)\n`,
    );
    process.exit(2);
  }
}
const record = await openRecordFromEnv(TOOL);
let exitCode: number;
try {
  const verdict = await record.trail.verify();
  process.stdout.write(`${chainVerdictText(verdict)}\n`);
  exitCode = verdict.ok ? 0 : 1;
} catch (error) {
  process.stderr.write(`${TOOL}: could not read the audit trail: ${databaseErrorReason(error)}\n`);
  exitCode = 2;
} finally {
  await record.close();
}
process.exit(exitCode);
