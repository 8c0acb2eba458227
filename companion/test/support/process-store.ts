import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { openPglite, openPostgres, type Db } from '../../src/store/db.ts';

/**
 * A store for companion processes (`invoice-process.ts`): a PGlite data directory, as `npm
 * start` keeps one by default, or a fresh database on a PostgreSQL server. `store` is the
 * process config's `pglite:<dir>` / `postgres:<url>`; `open` opens it here (one opener at a time
 * for PGlite: close it before a process starts); `drop` removes it.
 */
export type ProcessStore = {
    store: string;
    open: () => Promise<Db>;
    drop: () => Promise<void>;
};

export async function openProcessStore(options: {
    backend: 'pglite' | 'postgres';
    /** A PostgreSQL server URL on which the store's own database is created (and dropped). */
    databaseUrl?: string;
    /** Names the directory or database (`closebooks_<prefix>_…`). */
    prefix: string;
}): Promise<ProcessStore> {
    if (options.backend === 'pglite') {
        const dir = await mkdtemp(path.join(os.tmpdir(), `closebooks-${options.prefix}-`));
        return {
            store: `pglite:${dir}`,
            open: () => openPglite(dir),
            drop: () => rm(dir, { recursive: true, force: true })
        };
    }
    if (!options.databaseUrl) throw new Error('the postgres backend needs a database URL');
    const database = await createServerDatabase(options.databaseUrl, options.prefix);
    return {
        store: `postgres:${database.url}`,
        open: () => openPostgres(database.url),
        drop: database.drop
    };
}

/**
 * A new, empty database on the PostgreSQL server at `serverUrl` (`closebooks_<prefix>_<random>`):
 * its URL, and `drop`, which removes it even while connections to it are open.
 */
export async function createServerDatabase(
    serverUrl: string,
    prefix: string
): Promise<{ url: string; drop: () => Promise<void> }> {
    const name = `closebooks_${prefix}_${randomBytes(6).toString('hex')}`;
    const onServer = async (sql: string) => {
        const admin = await openPostgres(serverUrl, { max: 1 });
        try {
            await admin.exec(sql);
        } finally {
            await admin.close();
        }
    };
    await onServer(`CREATE DATABASE ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return {
        url: url.toString(),
        drop: () => onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    };
}
