import type { StoreConfig } from '../config.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { openPglite, openPostgres, type Db } from './db.ts';
import { migrate } from './migrate.ts';

export type Store = { db: Db; appliedMigrations: number[]; close: () => Promise<void> };

/**
 * Opens the configured database, applies pending migrations and returns it with a `close` that
 * also releases the PGlite data-directory lock.
 */
export async function openStore(config: StoreConfig): Promise<Store> {
    const unlock =
        config.kind === 'pglite' ? await lockDataDir(config.dataDir) : async () => undefined;
    let db: Db | undefined;
    try {
        db =
            config.kind === 'pglite'
                ? await openPglite(config.dataDir)
                : await openPostgres(config.url);
        const appliedMigrations = await migrate(db);
        const opened = db;
        return {
            db: opened,
            appliedMigrations,
            close: async () => {
                await opened.close();
                await unlock();
            }
        };
    } catch (error) {
        await db?.close().catch(() => undefined);
        await unlock();
        throw error;
    }
}
