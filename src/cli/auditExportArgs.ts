import { parseArgs } from 'node:util';
import type { AuditExportFormat, AuditExportRequest } from '../audit/export/auditExport.js';
import { AUDIT_PERIOD_MAX_DAYS, auditPeriod, parseAuditDay } from '../audit/export/auditPeriod.js';

export const AUDIT_EXPORT_USAGE = `Usage: npm run audit:export -- [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--user U0123ABCD] [--out DIR] [--format csv|xlsx|both]
  --from, --to  the first and last day, China Standard Time, both included (default: the last 30 days up to today; at most ${AUDIT_PERIOD_MAX_DAYS} days)
  --user        only the queries of this requester (a Slack member ID, or cli:<name> for earlier exports)
  --out         the directory the file(s) are written to (default: the current directory; created if missing)
  --format      csv, xlsx or both (default: both)
Reads the record from DATABASE_URL / DATA_DIR / DATA_ENCRYPTION_KEY, as the app does. The files hold personal data in clear (mode 0600).`;

export interface AuditExportCliOptions {
  request: AuditExportRequest;
  outDir: string;
  formats: AuditExportFormat[];
}

export type AuditExportArgs =
  | { kind: 'help' }
  | { kind: 'run'; options: AuditExportCliOptions }
  | { kind: 'invalid'; problem: string };

const REQUESTER = /^(?:[UW][A-Z0-9]{2,}|cli:[^\s]+)$/;
const FORMATS: Record<string, AuditExportFormat[]> = { csv: ['csv'], xlsx: ['xlsx'], both: ['csv', 'xlsx'] };

function day(
  name: string,
  value: string | undefined,
): { ok: true; day?: string } | { ok: false; problem: string } {
  if (value === undefined) return { ok: true };
  const parsed = parseAuditDay(value);
  if (parsed.ok) return { ok: true, day: parsed.day };
  return {
    ok: false,
    problem:
      parsed.code === 'date_format'
        ? `--${name} ${JSON.stringify(value)} is not a date: write it as YYYY-MM-DD`
        : `--${name} ${value} is not a day on the calendar`,
  };
}

/** The command line of `npm run audit:export`; `today` is the current day in China (YYYY-MM-DD). */
export function parseAuditExportArgs(argv: readonly string[], today: string): AuditExportArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        user: { type: 'string' },
        out: { type: 'string' },
        format: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return { kind: 'invalid', problem: error instanceof Error ? error.message : String(error) };
  }
  if (values.help === true) return { kind: 'help' };
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const from = day('from', text('from'));
  if (!from.ok) return { kind: 'invalid', problem: from.problem };
  const to = day('to', text('to'));
  if (!to.ok) return { kind: 'invalid', problem: to.problem };
  const period = auditPeriod({
    today,
    ...(from.day ? { from: from.day } : {}),
    ...(to.day ? { to: to.day } : {}),
  });
  if (!period.ok) {
    return {
      kind: 'invalid',
      problem:
        period.code === 'range_reversed'
          ? `--from ${period.from} is after --to ${period.to}: put the earlier day first`
          : `${period.from} to ${period.to} is ${period.days} days; one export covers at most ${AUDIT_PERIOD_MAX_DAYS}: export a shorter period`,
    };
  }
  const user = text('user');
  if (user !== undefined && !REQUESTER.test(user)) {
    return {
      kind: 'invalid',
      problem: `--user ${JSON.stringify(user)} is not a member ID (like U0123ABCD, from the profile's ⋯ → Copy member ID)`,
    };
  }
  const format = text('format') ?? 'both';
  const formats = FORMATS[format];
  if (!formats)
    return { kind: 'invalid', problem: `--format must be csv, xlsx or both, not ${JSON.stringify(format)}` };
  const out = text('out') ?? '.';
  if (out.trim() === '') return { kind: 'invalid', problem: '--out needs a directory' };
  return {
    kind: 'run',
    options: {
      request: { period: period.period, ...(user ? { requester: user } : {}) },
      outDir: out,
      formats,
    },
  };
}
