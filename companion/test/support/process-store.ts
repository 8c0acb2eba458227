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
    const name = `closebooks_${options.prefix}_${Date.now().toString(36)}`;
    const admin = await openPostgres(options.databaseUrl, { max: 1 });
    await admin.exec(`CREATE DATABASE ${name}`);
    await admin.close();
    const url = new URL(options.databaseUrl);
    url.pathname = `/${name}`;
    const server = options.databaseUrl;
    return {
        store: `postgres:${url.toString()}`,
        open: () => openPostgres(url.toString()),
        drop: async () => {
            const again = await openPostgres(server, { max: 1 });
            await again.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
            await again.close();
        }
    };
}
