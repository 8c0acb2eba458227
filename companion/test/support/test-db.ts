import { randomBytes } from 'node:crypto';

import pg from 'pg';

import { openPglite, openPostgres, type Db } from '../../src/store/db.ts';

/** Set by scripts/with-postgres.sh: a server URL on which tests may create databases. */
const SERVER_URL = process.env.CLOSEBOOKS_TEST_DATABASE_URL;

export const testBackend: Db['kind'] = SERVER_URL ? 'postgres' : 'pglite';

export type TestDb = {
    db: Db;
    url?: string;
    /** Empties the database (drops and recreates the public schema) between tests. */
    reset: () => Promise<void>;
    drop: () => Promise<void>;
};

async function resetSchema(db: Db): Promise<void> {
    await db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
}

/**
 * A fresh, empty database for one test file (PGlite takes seconds to create, so share it
 * within a file and `reset` between tests): in-memory PGlite by default, or a new database on
 * the PostgreSQL server named by CLOSEBOOKS_TEST_DATABASE_URL, dropped afterwards.
 */
export async function createTestDb(): Promise<TestDb> {
    if (!SERVER_URL) {
        const db = await openPglite();
        return { db, reset: () => resetSchema(db), drop: () => db.close() };
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
        reset: () => resetSchema(db),
        drop: async () => {
            await db.close();
            const cleanup = new pg.Client({ connectionString: SERVER_URL });
            await cleanup.connect();
            await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
            await cleanup.end();
        }
    };
}
