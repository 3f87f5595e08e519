import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_TARGETS, openTestPostgres, TEST_DATABASE_URL } from '../../test/support/testDatabase.js';
import type { Database } from './database.js';
import {
  LATEST_SCHEMA_VERSION,
  MIGRATIONS,
  type Migration,
  migrate,
  SchemaTooNewError,
  splitStatements,
} from './migrations.js';
import { openPostgresDatabase } from './postgresDatabase.js';

const versions = async (db: Database) =>
  (
    await db.query<{ version: number; name: string }>(
      'select version, name from schema_migrations order by version',
    )
  ).rows;

const tableExists = async (db: Database, name: string) =>
  (await db.query<{ found: string | null }>('select to_regclass($1) as found', [name])).rows[0]?.found !=
  null;

/** The released migrations and one more: what the next release would add. */
const withNext = (sql: string): Migration[] => [
  ...MIGRATIONS,
  { version: LATEST_SCHEMA_VERSION + 1, name: 'next', sql },
];

for (const target of DATABASE_TARGETS) {
  describe.skipIf(!target.available)(`migrate() on ${target.name}`, () => {
    const opened: Database[] = [];
    const open = async () => {
      const db = await target.open();
      opened.push(db);
      return db;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((db) => db.close()));
    });

    it('on a migrated database applies nothing, and records each version once', async () => {
      const db = await open();
      expect(await migrate(db)).toEqual([]);
      expect(await migrate(db)).toEqual([]);
      expect(await versions(db)).toEqual(MIGRATIONS.map(({ version, name }) => ({ version, name })));
      expect(LATEST_SCHEMA_VERSION).toBe(MIGRATIONS.at(-1)?.version);
    });

    it('applies a new migration once, then nothing', async () => {
      const db = await open();
      const next = withNext(
        'create table next_thing (id int primary key);\ninsert into next_thing values (1);',
      );
      expect(await migrate(db, next)).toEqual([LATEST_SCHEMA_VERSION + 1]);
      expect(await migrate(db, next)).toEqual([]);
      expect((await db.query('select id from next_thing')).rows).toEqual([{ id: 1 }]);
      expect((await versions(db)).map((row) => row.version)).toEqual(next.map((m) => m.version));
    });

    it('applies a version below the highest one applied when it arrives later (branches merged out of order)', async () => {
      const db = await open();
      // as budgets (3) would arrive on a database that got batches (4) first
      const gap = LATEST_SCHEMA_VERSION + 2;
      const first: Migration[] = [
        ...MIGRATIONS,
        { version: gap, name: 'later', sql: 'create table later_thing (id int);' },
      ];
      expect(await migrate(db, first)).toEqual([gap]);
      const both: Migration[] = [
        ...MIGRATIONS,
        { version: gap - 1, name: 'earlier', sql: 'create table earlier_thing (id int);' },
        { version: gap, name: 'later', sql: 'create table later_thing (id int);' },
      ];
      expect(await migrate(db, both)).toEqual([gap - 1]);
      expect(await migrate(db, both)).toEqual([]);
      expect(await tableExists(db, 'earlier_thing')).toBe(true);
      expect((await versions(db)).map((row) => row.version)).toEqual(both.map((m) => m.version));
    });

    it('the released schema: batches are version 4 (3 is taken by budgets)', () => {
      expect(MIGRATIONS.find((m) => m.name === 'batch screening')?.version).toBe(4);
      expect(MIGRATIONS.find((m) => m.name === 'batch report file')?.version).toBe(5);
    });

    it('a migration that fails leaves nothing behind: not its first statements, not its version', async () => {
      const db = await open();
      const broken = withNext('create table half_done (id int);\nselect * from no_such_table;');
      await expect(migrate(db, broken)).rejects.toThrow(/no_such_table/);
      expect(await tableExists(db, 'half_done')).toBe(false);
      expect((await versions(db)).map((row) => row.version)).toEqual(MIGRATIONS.map((m) => m.version));
    });

    it('two migrate() calls at once both succeed, and one of them applied the new version', async () => {
      const db = await open();
      const next = withNext('create table next_thing (id int primary key);');
      const results = await Promise.all([migrate(db, next), migrate(db, next)]);
      expect(results.sort((a, b) => b.length - a.length)).toEqual([[LATEST_SCHEMA_VERSION + 1], []]);
      expect((await versions(db)).map((row) => row.version)).toEqual(next.map((m) => m.version));
    });

    it('a schema newer than this release is refused with SchemaTooNewError naming both versions', async () => {
      const db = await open();
      const newer = LATEST_SCHEMA_VERSION + 998;
      await db.query("insert into schema_migrations (version, name) values ($1, 'from the future')", [newer]);
      const error = await migrate(db).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(SchemaTooNewError);
      expect(error).toMatchObject({ name: 'SchemaTooNewError', found: newer, known: LATEST_SCHEMA_VERSION });
      expect((error as Error).message).toBe(
        `the database schema is version ${newer}, newer than this release of juhe-risk-slack knows (${LATEST_SCHEMA_VERSION}); run the release that created it, or a later one`,
      );
      // nothing was applied or removed
      expect((await versions(db)).map((row) => row.version)).toEqual([
        ...MIGRATIONS.map((m) => m.version),
        newer,
      ]);
    });
  });
}

describe.skipIf(TEST_DATABASE_URL === undefined && process.env.CI !== 'true')(
  'migrate() from two instances at once on PostgreSQL (the advisory lock)',
  () => {
    it('on a fresh database both succeed, the schema is applied once, one row per version', async () => {
      const owner = await openTestPostgres();
      // a fresh, empty database: openTestPostgres migrated it, so take the schema away again
      await owner.exec('drop schema public cascade; create schema public;');
      const first = await openPostgresDatabase(owner.url);
      const second = await openPostgresDatabase(owner.url);
      try {
        expect(await tableExists(first, 'schema_migrations')).toBe(false);
        const results = await Promise.all([migrate(first), migrate(second)]);
        const all = MIGRATIONS.map((m) => m.version);
        expect(results.sort((a, b) => b.length - a.length)).toEqual([all, []]);
        const { rows } = await first.query<{ version: number; copies: string }>(
          'select version, count(*) as copies from schema_migrations group by version order by version',
        );
        expect(rows.map((row) => ({ version: row.version, copies: Number(row.copies) }))).toEqual(
          all.map((version) => ({ version, copies: 1 })),
        );
        expect(await tableExists(first, 'audit_log')).toBe(true);
        expect((await first.query('select seq from audit_chain_head')).rows).toEqual([{ seq: '0' }]);
      } finally {
        await first.close();
        await second.close();
        await owner.close();
      }
    });
  },
);

describe('splitStatements', () => {
  it('keeps a dollar-quoted body with semicolons and comments whole, and drops comments outside it', () => {
    const script = `
      -- a comment; with a semicolon, ending in one;
      create table t (
        id int primary key, -- the key; not the end;
        note text
      );
      create function f() returns trigger language plpgsql as $$
      begin
        -- inside the body; kept as it is;
        if tg_op = 'DELETE' then
          return old;
        end if;
        raise exception 'no % here;', tg_op;
      end;
      $$;
      create trigger tr before delete on t
        for each row execute function f();
      insert into t (id, note) values (1, 'x')
    `;
    expect(splitStatements(script)).toEqual([
      'create table t (\n        id int primary key, \n        note text\n      );',
      [
        'create function f() returns trigger language plpgsql as $$',
        '      begin',
        '        -- inside the body; kept as it is;',
        "        if tg_op = 'DELETE' then",
        '          return old;',
        '        end if;',
        "        raise exception 'no % here;', tg_op;",
        '      end;',
        '      $$;',
      ].join('\n'),
      'create trigger tr before delete on t\n        for each row execute function f();',
      "insert into t (id, note) values (1, 'x')",
    ]);
  });

  it('a body opened and closed on one line does not swallow what follows', () => {
    expect(splitStatements('do $$ begin perform 1; end $$;\nselect 2;\n')).toEqual([
      'do $$ begin perform 1; end $$;',
      'select 2;',
    ]);
  });

  it('an empty script or one of comments only has no statements', () => {
    expect(splitStatements('')).toEqual([]);
    expect(splitStatements('\n  -- nothing; here\n\n')).toEqual([]);
  });

  it('splits the released migration into its statements, the trigger function as one', () => {
    const statements = splitStatements(MIGRATIONS[0]?.sql ?? '');
    expect(statements.every((statement) => statement.endsWith(';'))).toBe(true);
    expect(statements.some((statement) => statement.startsWith('--'))).toBe(false);
    const fn = statements.filter((statement) =>
      statement.includes('audit_log_append_only() returns trigger'),
    );
    expect(fn).toHaveLength(1);
    expect(fn[0]).toMatch(
      /^create function audit_log_append_only\(\)[\s\S]*raise exception[\s\S]*end;\s*\$\$;$/,
    );
    expect(statements.filter((statement) => /^create table /.test(statement))).toHaveLength(6);
  });
});
