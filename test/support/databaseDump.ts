import { maskIdCard, maskMobile, maskName } from '../../src/domain/masking.js';
import { FINANCE_SUBJECTS } from '../../src/local/sandbox/fixtures/finance.js';
import { RISK_SUBJECTS } from '../../src/local/sandbox/fixtures/risk.js';
import type { SqlClient } from '../../src/store/database.js';

/**
 * Every row of every table the app's database holds — ours in `public`, pg-boss's in `pgboss`, any schema
 * but PostgreSQL's own — and a scan of it for personal data in clear (docs/design.md § Privacy: sealed or
 * masked, never plain). The e2e harness runs it when it closes a database it opened.
 */
export interface DumpedRow {
  /** schema.table */
  table: string;
  /** the row as `row_to_json` writes it: column name → value */
  columns: Record<string, unknown>;
}

export async function dumpDatabase(db: SqlClient): Promise<DumpedRow[]> {
  const { rows: tables } = await db.query<{ table_schema: string; table_name: string }>(
    `select table_schema, table_name from information_schema.tables
      where table_type = 'BASE TABLE'
        and table_schema not in ('pg_catalog', 'information_schema')
        and table_schema not like 'pg\\_%'
      order by table_schema, table_name`,
  );
  const dumped: DumpedRow[] = [];
  for (const { table_schema: schema, table_name: name } of tables) {
    const { rows } = await db.query<{ row: string }>(
      `select row_to_json(t)::text as row from ${quoteIdent(schema)}.${quoteIdent(name)} t`,
    );
    for (const { row } of rows) dumped.push({ table: `${schema}.${name}`, columns: JSON.parse(row) });
  }
  return dumped;
}

function quoteIdent(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

/** 18 characters (check X) and the 15-digit ids issued before 1999. */
const ID_CARD_18 =
  /(?<![0-9])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])/g;
const ID_CARD_15 = /(?<![0-9])[1-9]\d{5}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}(?![0-9])/g;
/** a mainland mobile, plain or grouped 3-4-4 with spaces or dashes */
const MOBILE = /(?<![0-9])1[3-9]\d(?:[- ]?)\d{4}(?:[- ]?)\d{4}(?![0-9])/g;

/**
 * The names the sandbox's fixtures answer for and the e2e tests send: a name is not shaped like anything,
 * so the scan looks for these ones.
 */
export const FIXTURE_NAMES: readonly string[] = [
  ...new Set([
    ...RISK_SUBJECTS.map((subject) => subject.realname),
    ...FINANCE_SUBJECTS.map((subject) => subject.realname),
    // sent by the e2e tests without a fixture behind them (Juhe answers 240102)
    '王芳',
    '李无名',
    // the sandbox's batch and benchmark subjects without records (fixtures/watchSubjects.ts)
    '周建华',
    '吴晓梅',
  ]),
];

/**
 * Values that are no one's data but can hold a digit run shaped like a mobile or a 身份证: sealed values
 * (`v1.` + base64), uuids, hex digests and blind-index tokens.
 */
function withoutOpaqueValues(text: string): string {
  return text
    .replace(/v1\.[A-Za-z0-9+/]+={0,2}/g, 'v1.…')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, 'uuid')
    .replace(/(?<![0-9a-z])(?=[0-9a-f]*[a-f])[0-9a-f]{16,}(?![0-9a-z])/gi, 'hex');
}

export interface PersonalDataFinding {
  table: string;
  column: string;
  kind: '身份证' | 'mobile' | 'name';
  /** masked, so the report does not itself spread what it found */
  masked: string;
}

/** Personal data in clear in one text, after folding full-width digits and dropping opaque values. */
export function personalDataIn(
  text: string,
  names: readonly string[] = FIXTURE_NAMES,
): Array<Pick<PersonalDataFinding, 'kind' | 'masked'>> {
  const scanned = withoutOpaqueValues(text.normalize('NFKC'));
  return [
    ...[...scanned.matchAll(ID_CARD_18), ...scanned.matchAll(ID_CARD_15)].map((m) => ({
      kind: '身份证' as const,
      masked: maskIdCard(m[0]),
    })),
    ...[...scanned.matchAll(MOBILE)].map((m) => ({
      kind: 'mobile' as const,
      masked: maskMobile(m[0].replace(/[- ]/g, '')),
    })),
    ...names
      .filter((name) => scanned.includes(name))
      .map((name) => ({ kind: 'name' as const, masked: maskName(name) })),
  ];
}

export function findPersonalData(
  rows: readonly DumpedRow[],
  names: readonly string[] = FIXTURE_NAMES,
): PersonalDataFinding[] {
  const findings: PersonalDataFinding[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    for (const [column, value] of Object.entries(row.columns)) {
      if (value === null || value === undefined) continue;
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      for (const found of personalDataIn(text, names)) {
        const key = `${row.table}\u0000${column}\u0000${found.kind}\u0000${found.masked}`;
        if (seen.has(key)) continue;
        seen.add(key);
        findings.push({ table: row.table, column, ...found });
      }
    }
  }
  return findings;
}

/** One line per finding, for the error that fails the suite. */
export function describeFindings(findings: readonly PersonalDataFinding[]): string {
  return findings.map((f) => `${f.table}.${f.column}: ${f.kind} in clear (${f.masked})`).join('\n');
}

/** Dumps the database and throws, naming table and column, when it holds personal data in clear. */
export async function assertNoPersonalDataInDatabase(db: SqlClient): Promise<void> {
  const findings = findPersonalData(await dumpDatabase(db));
  if (findings.length > 0) {
    throw new Error(`the database holds personal data in clear:\n${describeFindings(findings)}`);
  }
}
