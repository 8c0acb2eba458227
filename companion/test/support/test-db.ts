import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

import { PGlite } from '@electric-sql/pglite';

import { afterAll, afterEach, beforeAll } from 'vitest';

import { openPglite, openPostgres, type Db } from '../../src/store/db.ts';
import { loadMigrations, migrate, type Migration } from '../../src/store/migrate.ts';
import { createServerDatabase } from './process-store.ts';
import { dropSchema, migratedReset } from './schema-reset.ts';

/** Set by scripts/with-postgres.sh: a server URL on which tests may create databases. */
const SERVER_URL = process.env.CLOSEBOOKS_TEST_DATABASE_URL;

export const testBackend: Db['kind'] = SERVER_URL ? 'postgres' : 'pglite';

export type TestDb = {
    db: Db;
    url?: string;
    /**
     * Brings the database back to freshly migrated and empty (every shipped migration applied,
     * no rows): cheap once it has been done, see `migratedReset`.
     */
    reset: () => Promise<void>;
    /** Drops and recreates the public schema: a database before any migration. */
    dropSchema: () => Promise<void>;
    drop: () => Promise<void>;
};

/** The pinned PGlite version (ours is exact, with a lockfile): part of every image's key. */
function pgliteVersion(): string {
    const manifest = createRequire(import.meta.url)('../../../package.json') as {
        dependencies: Record<string, string>;
    };
    return String(manifest.dependencies['@electric-sql/pglite']);
}

/**
 * A PGlite cluster image (a `dumpDataDir` tarball) kept in the temp directory under `name`, made
 * by `make` when missing. Written to a temporary name and renamed, so parallel workers never
 * read half a file.
 */
async function cachedImage(name: string, make: () => Promise<Blob>): Promise<Blob> {
    const file = path.join(os.tmpdir(), name);
    const cached = await readFile(file).catch(() => undefined);
    if (cached) return new Blob([cached]);
    const image = await make();
    const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    await writeFile(partial, Buffer.from(await image.arrayBuffer()));
    await rename(partial, file);
    return image;
}

/**
 * A PGlite cluster with the shipped migrations applied, made once per PGlite version and set of
 * migrations (their checksums key it: an added or edited migration makes a new image). Every test
 * file starts from it: loading it takes about as long as loading an empty cluster, so no file
 * pays for initdb (two to four seconds) or for running the migrations (about one in a new
 * process). Made on a data directory, as a `Db` does not dump.
 */
async function migratedClusterImage(migrations: Migration[]): Promise<Blob> {
    const key = createHash('sha256')
        .update(migrations.map((m) => `${m.version}:${m.checksum}`).join('\n'))
        .digest('hex')
        .slice(0, 16);
    return cachedImage(`closebooks-pglite-${pgliteVersion()}-migrated-${key}.tar`, async () => {
        const dir = await mkdtemp(path.join(os.tmpdir(), 'closebooks-pglite-image-'));
        try {
            const db = await openPglite(dir);
            await migrate(db, migrations);
            await db.close();
            const lite = await PGlite.create(dir);
            const image = await lite.dumpDataDir('none');
            await lite.close();
            return image;
        } finally {
            await rm(dir, { recursive: true, force: true });
        }
    });
}

/**
 * A freshly migrated database for one test file (every shipped migration applied, no rows):
 * in-memory PGlite by default, or a new database on the PostgreSQL server named by
 * CLOSEBOOKS_TEST_DATABASE_URL, dropped afterwards. PGlite takes seconds to create, so a file
 * shares one and calls `reset` between tests; `dropSchema` for a database before any migration.
 */
export async function createTestDb(): Promise<TestDb> {
    const migrations = await loadMigrations();
    if (!SERVER_URL) {
        const db = await openPglite(undefined, { image: await migratedClusterImage(migrations) });
        return {
            db,
            reset: await migratedReset(db, { migrations, migrated: true }),
            dropSchema: () => dropSchema(db),
            drop: () => db.close()
        };
    }
    const database = await createServerDatabase(SERVER_URL, 'test');
    const db = await openPostgres(database.url);
    await migrate(db, migrations);
    return {
        db,
        url: database.url,
        reset: await migratedReset(db, { migrations, migrated: true }),
        dropSchema: () => dropSchema(db),
        drop: async () => {
            await db.close();
            await database.drop();
        }
    };
}

/**
 * One test database for a whole test file (see `createTestDb`): made before the first test,
 * reset to freshly migrated and empty after each one once `beforeReset` has run (tests close
 * their environment there), and dropped after the last. Read `db` inside tests, not at import
 * time.
 */
export function useTestDb(beforeReset: () => Promise<void> | void = () => undefined) {
    let current: TestDb | undefined;
    const made = () => {
        if (!current) throw new Error('the test database exists only while the tests run');
        return current;
    };
    beforeAll(async () => {
        current = await createTestDb();
    });
    afterEach(async () => {
        await beforeReset();
        await current?.reset();
    });
    afterAll(async () => {
        await current?.drop();
    });
    return {
        get db(): Db {
            return made().db;
        },
        reset: () => made().reset(),
        dropSchema: () => made().dropSchema()
    };
}
