import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createTestDb, testBackend, type TestDb } from '../../test/support/test-db.ts';
import { isMigrated, loadMigrations, migrate, type Migration } from './migrate.ts';

function migration(version: number, sql: string, name = `step_${version}`): Migration {
    return { version, name, sql, checksum: `sum-${version}-${sql.length}` };
}

describe(`migrate (${testBackend})`, () => {
    let t: TestDb;
    let shipped: Migration[];
    /** After the last shipped version (numbers may leave gaps, so not the count). */
    const after = (n: number) => (shipped.at(-1)?.version ?? 0) + n;

    beforeAll(async () => {
        t = await createTestDb();
    });
    afterAll(async () => {
        await t.drop();
    });
    beforeEach(async () => {
        await t.dropSchema();
        shipped ??= await loadMigrations();
    });

    it('applies every shipped migration once and records it', async () => {
        expect(await isMigrated(t.db, shipped)).toBe(false);
        expect(await migrate(t.db, shipped)).toEqual(shipped.map((m) => m.version));
        expect(await migrate(t.db, shipped)).toEqual([]);
        expect(await isMigrated(t.db, shipped)).toBe(true);
        const rows = await t.db.query<{ version: number }>(
            'SELECT version FROM schema_migrations ORDER BY version'
        );
        expect(rows.map((r) => r.version)).toEqual(shipped.map((m) => m.version));
    });

    it('applies only what is new on a later start', async () => {
        await migrate(t.db, shipped);
        const next = [
            ...shipped,
            migration(after(1), 'CREATE TABLE widgets (id int PRIMARY KEY);')
        ];
        expect(await migrate(t.db, next)).toEqual([after(1)]);
        await t.db.query('INSERT INTO widgets (id) VALUES (1)');
    });

    it('leaves the database untouched when a migration fails', async () => {
        await migrate(t.db, shipped);
        const next = [
            ...shipped,
            migration(after(1), 'CREATE TABLE gadgets (id int PRIMARY KEY);'),
            migration(after(2), 'CREATE TABLE broken (id int PRIMARY KEY, id int);')
        ];
        await expect(migrate(t.db, next)).rejects.toMatchObject({ code: 'migration_failed' });
        const [gadgets] = await t.db.query<{ present: boolean }>(
            "SELECT to_regclass('gadgets') IS NOT NULL AS present"
        );
        expect(gadgets?.present).toBe(false);
        expect(await isMigrated(t.db, shipped)).toBe(true);
    });

    it('refuses to run when an applied migration was edited', async () => {
        await migrate(t.db, shipped);
        const edited = shipped.map((m, i) => (i === 0 ? { ...m, checksum: 'different' } : m));
        await expect(migrate(t.db, edited)).rejects.toMatchObject({ code: 'migration_changed' });
    });

    it('refuses to run when the database is ahead of this code', async () => {
        const next = [...shipped, migration(after(1), 'SELECT 1;')];
        await migrate(t.db, next);
        await expect(migrate(t.db, shipped)).rejects.toMatchObject({ code: 'database_newer' });
    });
});

describe('loadMigrations', () => {
    it('orders the shipped files by strictly increasing version, starting at 1', async () => {
        const all = await loadMigrations();
        expect(all[0]?.version).toBe(1);
        const versions = all.map((m) => m.version);
        expect(versions).toEqual([...new Set(versions)].sort((a, b) => a - b));
    });
});
