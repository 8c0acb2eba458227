import { randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

import { PGlite } from '@electric-sql/pglite';

import pg from 'pg';
import { afterAll, afterEach, beforeAll } from 'vitest';

import { openPglite, openPostgres, type Db } from '../../src/store/db.ts';
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

/**
 * A freshly initialised, empty PGlite cluster as a tarball, made once per PGlite version and
 * kept in the temp directory: loading it takes about half a second where initdb takes two to
 * four, and every test file needs one. Written to a temporary name and renamed, so parallel
 * workers never read half a file.
 */
async function emptyClusterImage(): Promise<Blob> {
    // The pinned PGlite version (ours is exact, with a lockfile) keys the image.
    const manifest = createRequire(import.meta.url)('../../../package.json') as {
        dependencies: Record<string, string>;
    };
    const version = manifest.dependencies['@electric-sql/pglite'];
    const file = path.join(os.tmpdir(), `closebooks-pglite-${String(version)}-empty.tar`);
    const cached = await readFile(file).catch(() => undefined);
    if (cached) return new Blob([cached]);
    const lite = await PGlite.create();
    const image = await lite.dumpDataDir('none');
    await lite.close();
    const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    await writeFile(partial, Buffer.from(await image.arrayBuffer()));
    await rename(partial, file);
    return image;
}

/**
 * A fresh, empty database (no migration applied) for one test file (PGlite takes seconds to create, so share it
 * within a file and `reset` between tests): in-memory PGlite by default, or a new database on
 * the PostgreSQL server named by CLOSEBOOKS_TEST_DATABASE_URL, dropped afterwards.
 */
export async function createTestDb(): Promise<TestDb> {
    if (!SERVER_URL) {
        const db = await openPglite(undefined, { image: await emptyClusterImage() });
        return {
            db,
            reset: migratedReset(db),
            dropSchema: () => dropSchema(db),
            drop: () => db.close()
        };
    }
    const name = `closebooks_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: SERVER_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(SERVER_URL);
    url.pathname = `/${name}`;
    const db = await openPostgres(url.toString());
    return {
        db,
        url: url.toString(),
        reset: migratedReset(db),
        dropSchema: () => dropSchema(db),
        drop: async () => {
            await db.close();
            const cleanup = new pg.Client({ connectionString: SERVER_URL });
            await cleanup.connect();
            await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
            await cleanup.end();
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
