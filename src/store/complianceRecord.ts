import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { type AuditTrail, createAuditTrail } from '../audit/auditTrail.js';
import type { StoreConfig } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import { loadOrCreateDataKey } from '../privacy/dataKey.js';
import { createFieldCipher, type FieldCipher } from '../privacy/fieldCipher.js';
import { type Database, databaseErrorReason } from './database.js';
import { type DatabaseLocation, openDatabase } from './openDatabase.js';

/** The database, the cipher that seals personal data in it, and the audit trail over both. */
export interface ComplianceRecord {
  database: Database;
  cipher: FieldCipher;
  trail: AuditTrail;
  close(): Promise<void>;
}

/** DATA_ENCRYPTION_KEY does not open what this database holds. */
export class DataKeyMismatchError extends Error {
  constructor(description: string) {
    super(
      `DATA_ENCRYPTION_KEY is not the key the data in ${description} was sealed with: set the key it was created with`,
    );
    this.name = 'DataKeyMismatchError';
  }
}

const KEY_CHECK_PURPOSE = 'key check';
const KEY_CHECK_VALUE = 'juhe-risk-slack';

export const DEFAULT_DATA_DIR = './data';

/** Where the record lives: PostgreSQL, else the embedded database in DATA_DIR (local mode: memory). */
export function databaseLocation(
  store: Pick<StoreConfig, 'databaseUrl' | 'dataDir'>,
  local: boolean,
): DatabaseLocation {
  if (store.databaseUrl) return { kind: 'postgres', url: store.databaseUrl };
  if (store.dataDir) return { kind: 'pglite', dataDir: resolve(store.dataDir) };
  return local ? { kind: 'pglite-memory' } : { kind: 'pglite', dataDir: resolve(DEFAULT_DATA_DIR) };
}

export async function openComplianceRecord(
  store: StoreConfig,
  options: { local: boolean; logger: Logger; database?: Database },
): Promise<ComplianceRecord> {
  const location = databaseLocation(store, options.local);
  const dataKey = store.dataKey ?? keyFor(location, options.logger);
  const database = options.database ?? (await openDatabase(location));
  const cipher = createFieldCipher(dataKey);
  try {
    await checkDataKey(database, cipher);
  } catch (error) {
    if (options.database === undefined) await database.close();
    throw error;
  }
  return {
    database,
    cipher,
    trail: createAuditTrail({ db: database, cipher }),
    close: () => database.close(),
  };
}

function keyFor(location: DatabaseLocation, logger: Logger): Buffer {
  // nothing outlives the process: a key of its own is enough
  if (location.kind !== 'pglite') return randomBytes(32);
  let loaded: ReturnType<typeof loadOrCreateDataKey>;
  try {
    loaded = loadOrCreateDataKey(location.dataDir);
  } catch (error) {
    // DATA_DIR is a file, not writable, or its key file is damaged: one clear line, not a bare EEXIST
    throw new Error(
      `the data encryption key in ${location.dataDir} could not be read or created: ${databaseErrorReason(error)}`,
      { cause: error },
    );
  }
  if (loaded.generatedAt) {
    logger.warn(
      { keyFile: loaded.generatedAt },
      'generated the data encryption key (mode 0600): back it up with the data; without it no sealed subject can be read. Production sets DATA_ENCRYPTION_KEY instead',
    );
  }
  return loaded.key;
}

async function checkDataKey(database: Database, cipher: FieldCipher): Promise<void> {
  const { rows } = await database.query<{ sealed: string }>(
    'select sealed from record_key_check where id = 1',
  );
  const stored = rows[0];
  if (stored === undefined) {
    await database.query(
      'insert into record_key_check (id, sealed) values (1, $1) on conflict (id) do nothing',
      [cipher.seal(KEY_CHECK_VALUE, KEY_CHECK_PURPOSE)],
    );
    return;
  }
  try {
    if (cipher.open(stored.sealed, KEY_CHECK_PURPOSE) === KEY_CHECK_VALUE) return;
  } catch {
    // a wrong key fails GCM's authentication: the same answer as a wrong value
  }
  throw new DataKeyMismatchError(database.description);
}
