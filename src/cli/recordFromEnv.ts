import { describeConfigProblems, loadConfig } from '../config/config.js';
import { createLogger } from '../logging/logger.js';
import { type ComplianceRecord, openComplianceRecord } from '../store/complianceRecord.js';

/**
 * The compliance record as the command-line tools (audit:verify, audit:export) open it: from the same
 * environment as the app (DATABASE_URL, DATA_DIR, DATA_ENCRYPTION_KEY), never local mode's in-memory
 * database, which no other process can see. Exits with one clear line when it cannot.
 */
export async function openRecordFromEnv(tool: string): Promise<ComplianceRecord> {
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    process.stderr.write(`${describeConfigProblems(loaded.problems)}\n`);
    process.exit(2);
  }
  // tools print their own results; the logger only says what went wrong
  const logger = createLogger({ level: 'warn', destination: process.stderr });
  try {
    return await openComplianceRecord(loaded.config.store, { local: false, logger });
  } catch (error) {
    process.stderr.write(`${tool}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
}
