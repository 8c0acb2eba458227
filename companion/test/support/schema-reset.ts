import type { Db, Queryable } from '../../src/store/db.ts';
import { migrate, type Migration } from '../../src/store/migrate.ts';

/** The table that records applied migrations: a reset keeps its rows. */
const BOOKKEEPING = 'schema_migrations';

/**
 * Everything in the public schema that DDL can change, one row each: tables and their columns,
 * defaults, constraints, indexes, sequences, views, functions, triggers, types and policies;
 * the tables that have planner statistics (ANALYZE ran on them, which emptying would not undo:
 * a new table has none); and the migration ledger's rows. Object ids are left out, so a rebuilt
 * schema lists the same.
 */
const SCHEMA_ITEMS = `
SELECT format('relation %s %s %s %s %s', c.relname, c.relkind, c.relpersistence,
              c.relrowsecurity, c.relforcerowsecurity) AS item
  FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace
UNION ALL
SELECT format('column %s.%s %s %s %s %s %s', c.relname, a.attname,
              format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attidentity,
              a.attgenerated, pg_get_expr(d.adbin, d.adrelid))
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid
  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
 WHERE c.relnamespace = 'public'::regnamespace AND a.attnum > 0 AND NOT a.attisdropped
UNION ALL
SELECT format('constraint %s %s %s', k.conrelid::regclass, k.conname, pg_get_constraintdef(k.oid))
  FROM pg_constraint k WHERE k.connamespace = 'public'::regnamespace
UNION ALL
SELECT format('index %s', pg_get_indexdef(i.indexrelid))
  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
 WHERE c.relnamespace = 'public'::regnamespace
UNION ALL
SELECT format('sequence %s %s %s %s %s %s', s.seqrelid::regclass, s.seqstart, s.seqincrement,
              s.seqmin, s.seqmax, s.seqcycle)
  FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid
 WHERE c.relnamespace = 'public'::regnamespace
UNION ALL
SELECT format('view %s %s', c.relname, pg_get_viewdef(c.oid))
  FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('v', 'm')
UNION ALL
SELECT format('function %s %s', p.oid::regprocedure, md5(p.prosrc))
  FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace
UNION ALL
SELECT format('trigger %s', pg_get_triggerdef(g.oid))
  FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
 WHERE c.relnamespace = 'public'::regnamespace AND NOT g.tgisinternal
UNION ALL
SELECT format('type %s %s', t.typname, t.typtype)
  FROM pg_type t WHERE t.typnamespace = 'public'::regnamespace
UNION ALL
SELECT format('label %s %s %s', t.typname, e.enumsortorder, e.enumlabel)
  FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid
 WHERE t.typnamespace = 'public'::regnamespace
UNION ALL
SELECT format('policy %s %s %s', p.polrelid::regclass, p.polname, pg_get_expr(p.polqual, p.polrelid))
  FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
 WHERE c.relnamespace = 'public'::regnamespace
UNION ALL
SELECT format('rule %s', pg_get_ruledef(r.oid))
  FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class
 WHERE c.relnamespace = 'public'::regnamespace AND r.rulename <> '_RETURN'
UNION ALL
SELECT format('analysed %s', c.relname)
  FROM pg_class c
 WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
   AND (c.reltuples >= 0 OR EXISTS (SELECT 1 FROM pg_statistic s WHERE s.starelid = c.oid))
UNION ALL
SELECT format('migration %s %s %s', m.version, m.name, m.checksum) FROM ${BOOKKEEPING} m`;

/** The schema items as one hash: equal hashes, same schema and migration ledger. */
const FINGERPRINT = `SELECT md5(string_agg(item, E'\\n' ORDER BY item)) AS fingerprint FROM (${SCHEMA_ITEMS}) items`;

/** Every table of the public schema, from the catalog. */
const TABLES = `
SELECT c.relname AS name FROM pg_class c
 WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
 ORDER BY c.relname`;

/**
 * Puts every sequence of the public schema that has handed out a value back at its start, as a
 * new one is: whether or not its table holds rows (a rolled-back insert uses a value too).
 */
const RESTART_SEQUENCES = `
SELECT setval(format('%I.%I', schemaname, sequencename)::regclass, start_value, false)
  FROM pg_sequences WHERE schemaname = 'public' AND last_value IS NOT NULL`;

/** PostgreSQL's SQLSTATE for a relation that does not exist. */
const UNDEFINED_TABLE = '42P01';

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** The schema items (see `SCHEMA_ITEMS`), sorted. */
export async function schemaItems(q: Queryable): Promise<string[]> {
    const rows = await q.query<{ item: string }>(`${SCHEMA_ITEMS} ORDER BY item`);
    return rows.map((r) => r.item);
}

/** Every table of the public schema, the migration ledger included, by name. */
export async function tableNames(q: Queryable): Promise<string[]> {
    return (await q.query<{ name: string }>(TABLES)).map((r) => r.name);
}

/** The fingerprint, or undefined when the migration ledger is gone (a test dropped it). */
async function fingerprintOf(q: Queryable): Promise<string | undefined> {
    try {
        const [row] = await q.query<{ fingerprint: string }>(FINGERPRINT);
        return row?.fingerprint;
    } catch (error) {
        if ((error as { code?: unknown }).code === UNDEFINED_TABLE) return undefined;
        throw error;
    }
}

/** The tables of `tables` that hold at least one row, in one query. */
async function withRows(q: Queryable, tables: readonly string[]): Promise<string[]> {
    if (tables.length === 0) return [];
    const sql = tables
        .map((t) => `SELECT ${literal(t)} AS name WHERE EXISTS (SELECT 1 FROM ${quote(t)})`)
        .join(' UNION ALL ');
    return (await q.query<{ name: string }>(sql)).map((r) => r.name);
}

/** The state the fast reset returns to: the schema's fingerprint and the tables to empty. */
type Reference = { fingerprint: string; tables: string[] };

/**
 * The reference of a database that was just migrated from nothing; undefined when the migrations
 * left rows in a table (emptying could not restore those) or no migration ledger exists.
 */
async function referenceOf(db: Db): Promise<Reference | undefined> {
    const tables = (await tableNames(db)).filter((t) => t !== BOOKKEEPING);
    if ((await withRows(db, tables)).length > 0) return undefined;
    const fingerprint = await fingerprintOf(db);
    return fingerprint === undefined ? undefined : { fingerprint, tables };
}

/** Drops and recreates the public schema: a database no migration has touched. */
export async function dropSchema(db: Db): Promise<void> {
    await db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
}

/**
 * A reset that brings one test database back to freshly migrated and empty. A call that finds
 * the schema or the migration ledger changed since the database was last migrated (a test added
 * a table or a column, applied a migration of its own, edited the ledger, dropped the schema)
 * drops the schema and migrates it again. Every other call empties the tables that hold rows,
 * keeping the ledger, and restarts the used sequences: a fraction of the time. Should the
 * migrations themselves leave rows in a table, emptying could not restore them, so then every
 * call rebuilds.
 *
 * `migrated`: the database was just migrated from nothing with these migrations, so the first
 * call need not rebuild it.
 */
export async function migratedReset(
    db: Db,
    options: { migrations?: Migration[]; migrated?: boolean } = {}
): Promise<() => Promise<void>> {
    let reference = options.migrated ? await referenceOf(db) : undefined;
    return async () => {
        if (reference && (await fingerprintOf(db)) === reference.fingerprint) {
            const full = await withRows(db, reference.tables);
            // CASCADE: a table that refers to an emptied one must be emptied with it.
            const truncate = full.length ? `TRUNCATE ${full.map(quote).join(', ')} CASCADE; ` : '';
            await db.exec(`${truncate}${RESTART_SEQUENCES}`);
            return;
        }
        await dropSchema(db);
        await migrate(db, options.migrations);
        reference = await referenceOf(db);
    };
}
