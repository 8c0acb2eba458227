import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createConnection } from '../../src/store/connections.ts';
import type { Queryable } from '../../src/store/db.ts';
import { enqueue } from '../../src/store/jobs.ts';
import { isMigrated, loadMigrations, migrate, type Migration } from '../../src/store/migrate.ts';
import { migratedReset, schemaItems, tableNames } from './schema-reset.ts';
import { createTestDb, testBackend, type TestDb } from './test-db.ts';

type Contents = {
    schema: string[];
    rows: Record<string, number>;
    sequences: { name: string; last: string | null }[];
};

/** All a test can find in a database: its schema, each table's row count, each sequence. */
async function contents(q: Queryable): Promise<Contents> {
    const rows: Record<string, number> = {};
    for (const table of await tableNames(q)) {
        const [row] = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}"`);
        rows[table] = row?.n ?? -1;
    }
    // last_value stays null until a sequence hands out its first value.
    const sequences = await q.query<{ name: string; last: string | null }>(
        `SELECT sequencename AS name, last_value::text AS last FROM pg_sequences
          WHERE schemaname = 'public' ORDER BY sequencename`
    );
    return { schema: await schemaItems(q), rows, sequences };
}

/** The table names the shipped migration files create, read from their SQL. */
function tablesCreatedBy(migrations: Migration[]): string[] {
    const pattern = /CREATE\s+(?:UNLOGGED\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)/gi;
    return migrations.flatMap((m) => [...m.sql.matchAll(pattern)].map((match) => match[1] ?? ''));
}

const relationId = async (q: Queryable, name: string) =>
    (await q.query<{ id: string }>(`SELECT to_regclass($1)::oid::text AS id`, [name]))[0]?.id;

describe(`the test database reset (${testBackend})`, () => {
    let t: TestDb;
    let fresh: TestDb;
    let shipped: Migration[];
    let expected: Contents;

    beforeAll(async () => {
        [t, fresh] = await Promise.all([createTestDb(), createTestDb()]);
        shipped = await loadMigrations();
        // Migrated here from nothing, not taken from the cluster image test databases start from.
        await fresh.dropSchema();
        await migrate(fresh.db);
        expected = await contents(fresh.db);
    });
    afterAll(async () => {
        await Promise.all([t.drop(), fresh.drop()]);
    });

    it('starts a new test database freshly migrated', async () => {
        const made = await createTestDb();
        try {
            expect(await contents(made.db)).toEqual(expected);
        } finally {
            await made.drop();
        }
    });

    it('covers every table the migrations create, unlogged staging tables included', () => {
        expect(Object.keys(expected.rows).sort()).toEqual(tablesCreatedBy(shipped).sort());
        expect(expected.rows['reconciliation_stage_zoho']).toBe(0);
        expect(expected.rows['schema_migrations']).toBe(shipped.length);
    });

    it('empties a used database back to a freshly migrated one without rebuilding its schema', async () => {
        await t.reset();
        const before = await relationId(t.db, 'connections');
        const { id } = await createConnection(t.db, {
            name: 'Acme',
            salesforceOrgId: '00D5g000004ABCDEAQ'
        });
        await enqueue(t.db, { kind: 'test.reset', partitionKey: 'p', connectionId: id });
        await t.db.query(`INSERT INTO reconciliation_runs (run_id, started_at)
                          VALUES ('6f1c1f8e-5d55-4d0b-9f55-3b2f8f1d0a01', now())`);
        // A sequence used by a row that is gone: its table is empty, the sequence is not.
        await t.db.query(`SELECT nextval('inbox_id_seq')`);
        expect(await contents(t.db)).not.toEqual(expected);

        await t.reset();

        expect(await contents(t.db)).toEqual(expected);
        expect(await isMigrated(t.db, shipped)).toBe(true);
        // The same relation, not a new one: the reset emptied the schema, it did not rebuild it.
        expect(await relationId(t.db, 'connections')).toBe(before);
    });

    it('would notice a table left with rows', async () => {
        await t.reset();
        await t.db.query(`INSERT INTO reconciliation_runs (run_id, started_at)
                          VALUES ('6f1c1f8e-5d55-4d0b-9f55-3b2f8f1d0a02', now())`);
        const left = await contents(t.db);
        expect(left).not.toEqual(expected);
        expect(left.rows['reconciliation_runs']).toBe(1);
    });

    it.each([
        ['adds a table', 'CREATE TABLE planted (id int); INSERT INTO planted VALUES (1)'],
        ['adds a column', 'ALTER TABLE connections ADD COLUMN planted int'],
        ['drops a default', 'ALTER TABLE connections ALTER COLUMN created_at DROP DEFAULT'],
        ['drops an index', 'DROP INDEX jobs_runnable'],
        ['adds a sequence', "CREATE SEQUENCE planted; SELECT nextval('planted')"],
        ['adds a view', 'CREATE VIEW planted AS SELECT 1 AS one'],
        ['adds a function', "CREATE FUNCTION planted() RETURNS int LANGUAGE sql AS 'SELECT 1'"],
        ['forgets a migration', 'DELETE FROM schema_migrations WHERE version = 1'],
        [
            'analyses a table',
            "INSERT INTO connections (id, name, salesforce_org_id) VALUES ('c', 'n', '00D5g000004ABCDEAQ'); ANALYZE connections"
        ]
    ])('rebuilds the schema after a test that %s', async (_, sql) => {
        await t.reset();
        await t.db.exec(sql);
        expect(await contents(t.db)).not.toEqual(expected);

        await t.reset();

        expect(await contents(t.db)).toEqual(expected);
    });

    it('rebuilds the schema after a test that applied a migration of its own', async () => {
        await t.reset();
        const next = (shipped.at(-1)?.version ?? 0) + 1;
        await migrate(t.db, [
            ...shipped,
            { version: next, name: 'planted', sql: 'SELECT 1', checksum: 'planted' }
        ]);

        await t.reset();

        expect(await contents(t.db)).toEqual(expected);
    });

    it('drops the schema on request, and migrates it again on the next reset', async () => {
        await t.reset();

        await t.dropSchema();

        expect(await tableNames(t.db)).toEqual([]);
        expect(await isMigrated(t.db, shipped)).toBe(false);
        await t.reset();
        expect(await contents(t.db)).toEqual(expected);
    });

    it('rebuilds every time when the migrations themselves leave rows', async () => {
        const seeded = [
            ...shipped,
            {
                version: (shipped.at(-1)?.version ?? 0) + 1,
                name: 'planted_seed',
                sql: "CREATE TABLE planted_settings (k text); INSERT INTO planted_settings VALUES ('x');",
                checksum: 'planted_seed'
            }
        ];
        const reset = await migratedReset(t.db, { migrations: seeded });
        await reset();
        await t.db.query('DELETE FROM planted_settings');

        await reset();

        const [row] = await t.db.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM planted_settings'
        );
        expect(row?.n).toBe(1);
        await t.reset();
        expect(await contents(t.db)).toEqual(expected);
    });
});
