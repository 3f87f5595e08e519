import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { createAuditLog, startQueryAudit, UNEXPECTED_OUTCOME } from '../audit/auditLog.js';
import { auditExportOutcome, prepareAuditExport } from '../audit/export/auditExport.js';
import { chinaDay } from '../audit/export/auditPeriod.js';
import { createLogger } from '../logging/logger.js';
import { AUDIT_EXPORT_USAGE, parseAuditExportArgs } from './auditExportArgs.js';
import { openRecordFromEnv } from './recordFromEnv.js';

/**
 * `npm run audit:export -- --from … --to …`: the auditors' export on the command line, for whoever can
 * reach the record (the database and its key). It is audited like `/risk audit`: api `audit_export`,
 * surface `cli`, requester `cli:<operating-system user>` — the person at the keyboard, as far as the
 * machine knows. The files hold personal data in clear: written with mode 0600, their content never
 * printed; stdout says only where they are and how many rows.
 */

const TOOL = 'audit:export';

/** Who ran the export, for its audit row; a container without a passwd entry still says something. */
function operatingSystemUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.LOGNAME ?? 'unknown';
  }
}

async function main(): Promise<number> {
  const args = parseAuditExportArgs(process.argv.slice(2), chinaDay(new Date()));
  if (args.kind === 'help') {
    process.stdout.write(`${AUDIT_EXPORT_USAGE}\n`);
    return 0;
  }
  if (args.kind === 'invalid') {
    process.stderr.write(`${TOOL}: ${args.problem}\n${AUDIT_EXPORT_USAGE}\n`);
    return 2;
  }
  const { request, outDir, formats } = args.options;
  const record = await openRecordFromEnv(TOOL);
  const logger = createLogger({ level: 'warn', destination: process.stderr });
  const audit = startQueryAudit(createAuditLog(logger, record.trail), {
    requester: `cli:${operatingSystemUser()}`,
    channel: null,
    surface: 'cli',
  });
  try {
    const prepared = await prepareAuditExport({ trail: record.trail, audit }, request, {
      formats,
      generatedAt: new Date(),
    });
    const period = `${request.period.from} to ${request.period.to}${request.requester ? `, requester ${request.requester}` : ''}`;
    if (prepared.rowCount === 0) {
      await audit.complete(auditExportOutcome(0));
      process.stdout.write(`No queries were recorded for ${period}: nothing to export, no file written.\n`);
      return 0;
    }
    const directory = resolve(outDir);
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    const written: string[] = [];
    for (const file of prepared.files) {
      const path = join(directory, file.filename);
      writeFileSync(path, file.bytes, { mode: 0o600 });
      // mode applies only to a new file: an earlier export of the same days keeps no wider mode
      chmodSync(path, 0o600);
      written.push(path);
    }
    await audit.complete(auditExportOutcome(prepared.rowCount));
    process.stdout.write(
      `Exported ${prepared.rowCount} ${prepared.rowCount === 1 ? 'query' : 'queries'} (${period}, China Standard Time) to:\n${written.map((path) => `  ${path}\n`).join('')}` +
        'The files hold personal data in clear (mode 0600): keep them only as long as the audit needs them.\n',
    );
    return 0;
  } catch (error) {
    if (audit.state === 'described') await audit.complete(UNEXPECTED_OUTCOME);
    process.stderr.write(`${TOOL}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await record.close();
  }
}

process.exitCode = await main();
