import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { StoreError } from '../errors.ts';
import type { Db, Queryable } from './db.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export type Migration = { version: number; name: string; sql: string; checksum: string };

const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Reads `NNNN_name.sql` files in version order; anything else in the folder is an error. */
export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
    const files = (await readdir(dir)).sort();
    const migrations: Migration[] = [];
    for (const file of files) {
        const match = FILE_PATTERN.exec(file);
        if (!match) {
            throw new StoreError(
                'migration_bad_name',
                `${path.join(dir, file)} is not named NNNN_name.sql`
            );
        }
        const sql = await readFile(path.join(dir, file), 'utf8');
        migrations.push({
            version: Number(match[1]),
            name: match[2] ?? '',
            sql,
            checksum: createHash('sha256').update(sql).digest('hex')
        });
    }
    // Versions only need to increase: numbers may be handed out ahead to work in progress, so a
    // later number can land before an earlier one (each applies once, in version order).
    migrations.forEach((m, i) => {
        const previous = i === 0 ? 0 : (migrations[i - 1]?.version ?? 0);
        if (m.version <= previous) {
            throw new StoreError(
                'migration_gap',
                `migration ${m.version} is out of sequence (after ${previous})`
            );
        }
    });
    return migrations;
}

type AppliedRow = { version: number; name: string; checksum: string };

async function applied(q: Queryable): Promise<AppliedRow[]> {
    const [exists] = await q.query<{ present: boolean }>(
        "SELECT to_regclass('schema_migrations') IS NOT NULL AS present"
    );
    if (!exists?.present) return [];
    return q.query<AppliedRow>(
        'SELECT version, name, checksum FROM schema_migrations ORDER BY version'
    );
}

/**
 * Compares what the database has applied with what the code ships. Fails when a shipped file
 * was edited after it ran, or when the database is ahead of this code (a newer release ran).
 */
function pending(migrations: Migration[], done: AppliedRow[]): Migration[] {
    const byVersion = new Map(migrations.map((m) => [m.version, m]));
    for (const row of done) {
        const shipped = byVersion.get(row.version);
        if (!shipped) {
            throw new StoreError(
                'database_newer',
                `the database has migration ${row.version} (${row.name}) that this version does not ship`
            );
        }
        if (shipped.checksum !== row.checksum) {
            throw new StoreError(
                'migration_changed',
                `migration ${row.version} (${row.name}) was edited after it was applied; add a new migration instead`
            );
        }
    }
    const appliedVersions = new Set(done.map((r) => r.version));
    return migrations.filter((m) => !appliedVersions.has(m.version));
}

/**
 * Applies every pending migration in one transaction, so a failure leaves the database as it
 * was. On PostgreSQL an advisory lock makes concurrent starters wait for each other instead of
 * racing on the same DDL.
 *
 * @returns the versions applied by this call.
 */
export async function migrate(db: Db, migrations?: Migration[]): Promise<number[]> {
    const all = migrations ?? (await loadMigrations());
    return db.transaction(async (tx) => {
        if (db.kind === 'postgres') {
            await tx.query("SELECT pg_advisory_xact_lock(hashtext('closebooks.migrate'))");
        }
        const todo = pending(all, await applied(tx));
        for (const m of todo) {
            try {
                await tx.exec(m.sql);
            } catch (cause) {
                throw new StoreError(
                    'migration_failed',
                    `migration ${m.version} (${m.name}) failed`,
                    { cause }
                );
            }
            await tx.query(
                'INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)',
                [m.version, m.name, m.checksum]
            );
        }
        return todo.map((m) => m.version);
    });
}

/** True when the database has applied exactly the migrations this code ships. */
export async function isMigrated(db: Db, migrations?: Migration[]): Promise<boolean> {
    const all = migrations ?? (await loadMigrations());
    return pending(all, await applied(db)).length === 0;
}
