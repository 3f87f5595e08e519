import type { Database } from './database.js';

/**
 * The schema, as an ordered list of migrations. Each runs once, in order, inside one transaction that
 * holds an advisory lock, so two instances starting together never apply one twice. Append only: a
 * released migration is never edited; a change is a new entry.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'compliance record',
    sql: `
      -- The audit trail: an append-only hash chain. A query is a 'start' entry written before Juhe is
      -- called and a 'finish' entry after; a retention purge is a 'purge' entry. Subjects are sealed
      -- (AES-256-GCM) and findable only through HMAC blind-index tokens.
      create table audit_log (
        seq bigint primary key,
        entry_kind text not null check (entry_kind in ('start', 'finish', 'purge')),
        query_id uuid,
        recorded_at timestamptz not null,
        facts jsonb not null,
        subject_sealed text,
        subject_index text[] not null default '{}',
        prev_hash text not null,
        row_hash text not null
      );
      create index audit_log_query on audit_log (query_id);
      create index audit_log_recorded on audit_log (recorded_at);
      create index audit_log_subject on audit_log using gin (subject_index);

      -- The chain's last link: appends lock this row, so entries get gap-free sequence numbers in the
      -- order they were chained, across every instance.
      create table audit_chain_head (
        id int primary key check (id = 1),
        seq bigint not null,
        row_hash text not null
      );
      insert into audit_chain_head (id, seq, row_hash) values (1, 0, repeat('0', 64));

      -- Edits are refused outright; deletes only inside the retention purge's transaction. Someone with
      -- the database owner's rights can still turn this off, which is what the hash chain is for.
      create function audit_log_append_only() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' and current_setting('juhe.audit_purge', true) = 'on' then
          return old;
        end if;
        raise exception 'audit_log is append-only (% refused)', tg_op;
      end;
      $$;
      create trigger audit_log_append_only before update or delete on audit_log
        for each row execute function audit_log_append_only();

      -- One lookup from the moment it was asked until its answer was delivered: what was asked and where
      -- it goes (sealed), Juhe's answer (sealed, stored the moment it arrives), and how far delivery got.
      create table lookups (
        id uuid primary key,
        query_id uuid not null,
        api text not null,
        created_at timestamptz not null,
        expires_at timestamptz not null,
        request_sealed text not null,
        answer_sealed text,
        answered_at timestamptz,
        delivery_state text not null default 'pending'
          check (delivery_state in ('pending', 'delivered', 'failed', 'interrupted')),
        delivery_steps jsonb not null default '[]',
        delivery_attempts int not null default 0,
        first_attempt_at timestamptz,
        delivered_at timestamptz,
        last_error text
      );
      create index lookups_expires on lookups (expires_at);

      -- Risk pages Juhe answered, for paging and for the same question asked again: keyed by an HMAC of
      -- the question, the page sealed.
      create table risk_pages (
        question_key text primary key,
        answered_at timestamptz not null,
        expires_at timestamptz not null,
        page_sealed text not null
      );
      create index risk_pages_expires on risk_pages (expires_at);

      -- A value sealed with the data key when the database was created: a different key is refused at
      -- start-up instead of sealing new rows that no one could open together with the old ones.
      create table record_key_check (
        id int primary key check (id = 1),
        sealed text not null
      );

      -- Signed Slack requests already handled: a replay (the same body again, or Slack's retries) runs once.
      create table request_receipts (
        request_key text primary key,
        received_at timestamptz not null
      );
      create index request_receipts_received on request_receipts (received_at);
    `,
  },
  {
    version: 2,
    name: 'monitoring',
    sql: `
      -- Watched subjects (docs/design.md § Monitoring). What is watched and where alerts go are sealed
      -- like audit subjects; the owner and the sources are plain so lists need no decryption. The
      -- baseline (every record of each watched source at the last check) is sealed too.
      create table watches (
        id uuid primary key,
        owner text not null,
        created_at timestamptz not null,
        expires_at timestamptz not null,
        state text not null default 'active' check (state in ('active', 'stopped', 'expired')),
        types text not null,
        spec_sealed text not null,
        subject_key text not null,
        baseline_sealed text,
        baseline_at timestamptz,
        counts jsonb not null default '{}',
        calls_per_check int not null,
        last_checked_at timestamptz,
        last_change_at timestamptz,
        next_check_at timestamptz,
        -- the cycle being checked, and since when: a check retried after a crash reuses the pages
        -- Juhe answered since check_started_at instead of asking (and billing) them again
        cycle_key text,
        check_state text check (check_state in ('running', 'done', 'failed')),
        check_started_at timestamptz,
        check_attempts int not null default 0,
        check_query_id uuid,
        -- the check's lease: renewed before each page; a second worker resumes a running check only
        -- once it lapsed (its worker died), never beside a live one
        check_lease_until timestamptz,
        -- the failure the watcher was told of: the same failure next cycle is not reported again
        reported_failure text,
        expiry_warned_at timestamptz,
        ended_at timestamptz,
        ended_by text
      );
      create index watches_owner on watches (owner, state);
      create index watches_due on watches (state, next_check_at);
      create unique index watches_one_active on watches (subject_key) where state = 'active';

      -- What a watch tells its watcher: an alert naming the changes, an expiry warning, a failure
      -- reported once, the watch ending. Sealed content; delivered by a durable job with a journal.
      create table watch_notices (
        id uuid primary key,
        watch_id uuid not null references watches (id) on delete cascade,
        owner text not null,
        kind text not null check (kind in ('changes', 'expiry_warning', 'expired', 'check_failed')),
        created_at timestamptz not null,
        body_sealed text not null,
        delivery_state text not null default 'pending'
          check (delivery_state in ('pending', 'delivered', 'failed')),
        delivery_steps jsonb not null default '[]',
        delivery_attempts int not null default 0,
        channel text,
        message_ts text,
        acknowledged_by text,
        acknowledged_at timestamptz
      );
      create index watch_notices_watch on watch_notices (watch_id, created_at);
      create index watch_notices_owner on watch_notices (owner, kind, acknowledged_at);
    `,
  },
  {
    version: 3,
    name: 'budgets',
    sql: `
      -- Billed Juhe calls counted per person per day and for the workspace per month, both in China
      -- Standard Time (docs/design.md § Budgets). Only Slack user ids: no personal data. A reservation is
      -- counted at once and the unused part given back when its request ends, so a crash in between
      -- leaves it counted (an over-count, the safe side).
      create table budget_user_daily (
        user_id text not null,
        day text not null check (day ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
        calls int not null check (calls >= 0),
        primary key (user_id, day)
      );
      create index budget_user_daily_day on budget_user_daily (day);

      -- The app is installed in one workspace (one bot token): the team is that workspace.
      create table budget_team_monthly (
        month text primary key check (month ~ '^[0-9]{4}-[0-9]{2}$'),
        calls int not null check (calls >= 0)
      );
    `,
  },
  // Budgets (3) and batches (4) were developed side by side; versions are applied by number, not only
  // above the highest one, so a database that got 4 first still got 3 when it arrived.
  {
    version: 4,
    name: 'batch screening',
    sql: `
      -- A batch of subjects screened from an uploaded file (docs/design.md § Batch screening). The owner,
      -- state and counts are plain so progress needs no decryption; the purpose and the file's name are
      -- sealed. The run's lease keeps a second worker from running a batch beside a live one.
      create table batches (
        id uuid primary key,
        owner text not null,
        status text not null default 'previewed'
          check (status in ('previewed', 'running', 'cancelled', 'done', 'stopped')),
        stop_reason text,
        stop_detail jsonb,
        spec_sealed text not null,
        dm_channel text,
        message_ts text,
        accepted_rows int not null,
        rejected_rows int not null,
        cost_calls int not null,
        created_at timestamptz not null,
        started_at timestamptz,
        finished_at timestamptz,
        reported_at timestamptz,
        run_attempts int not null default 0,
        lease_until timestamptz
      );
      create index batches_owner on batches (owner, created_at);
      create index batches_status on batches (status);

      -- One row of the file: a subject to screen (sealed), or a rejected row and the rule it broke (the
      -- row's content is not kept). The outcome (counts per source, order ids, error) is sealed too.
      create table batch_rows (
        batch_id uuid not null references batches (id) on delete cascade,
        row_number int not null,
        status text not null check (status in ('pending', 'done', 'failed', 'rejected')),
        types text,
        subject_sealed text,
        reject_reason text,
        outcome_sealed text,
        hit boolean,
        attempts int not null default 0,
        query_id uuid,
        finished_at timestamptz,
        primary key (batch_id, row_number)
      );
      create index batch_rows_pending on batch_rows (batch_id, status, attempts, row_number);
    `,
  },
  {
    version: 5,
    name: 'batch report file',
    sql: `
      -- When the results XLSX reached the batch's thread: a report retried after that (the summary's
      -- chat.update refused with a 429) does not upload the file a second time.
      alter table batches add column report_file_at timestamptz;
    `,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

/** The database holds a schema from a newer release of the app: running this code on it could corrupt it. */
export class SchemaTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super(
      `the database schema is version ${found}, newer than this release of juhe-risk-slack knows (${known}); run the release that created it, or a later one`,
    );
    this.name = 'SchemaTooNewError';
  }
}

// Any constant works as long as every instance uses the same one.
const MIGRATION_LOCK_KEY = 0x6a756865;

/** Applies the migrations the database lacks; resolves to the versions applied now. */
export async function migrate(
  database: Database,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  return database.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.query(`create table if not exists schema_migrations (
      version int primary key,
      name text not null,
      applied_at timestamptz not null default now()
    )`);
    const { rows } = await tx.query<{ version: number }>('select version from schema_migrations');
    const done = new Set(rows.map((row) => Number(row.version)));
    const current = Math.max(0, ...done);
    const known = migrations[migrations.length - 1]?.version ?? 0;
    if (current > known) throw new SchemaTooNewError(current, known);
    const applied: number[] = [];
    for (const migration of migrations) {
      // by number: a version merged in below one already applied (parallel branches) still runs
      if (done.has(migration.version)) continue;
      for (const statement of splitStatements(migration.sql)) await tx.query(statement);
      await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
    }
    return applied;
  });
}

/**
 * The statements of a migration, one by one: both drivers then run them on the transaction's own
 * connection. Splits on semicolons at the end of a line outside dollar-quoted bodies.
 */
export function splitStatements(script: string): string[] {
  const statements: string[] = [];
  let current = '';
  let inDollarQuote = false;
  for (const line of script.split('\n')) {
    const withoutComment = inDollarQuote ? line : line.replace(/--.*$/, '');
    current += `${withoutComment}\n`;
    if ((withoutComment.match(/\$\$/g) ?? []).length % 2 === 1) inDollarQuote = !inDollarQuote;
    if (!inDollarQuote && withoutComment.trimEnd().endsWith(';')) {
      if (current.trim() !== '') statements.push(current.trim());
      current = '';
    }
  }
  if (current.trim() !== '') statements.push(current.trim());
  return statements;
}
