import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

import { StoreError } from '../errors.ts';

/** What both back-ends offer inside and outside a transaction. */
export interface Queryable {
    /**
     * `options.name` makes it a named prepared statement on PostgreSQL: parsed once per pooled
     * connection, not at every call (for a hot, constant statement; the name must be unique to
     * its text). PGlite ignores it.
     */
    query<T extends object = Record<string, unknown>>(
        sql: string,
        params?: unknown[],
        options?: { name?: string }
    ): Promise<T[]>;
    /** Runs one or more statements without parameters (migrations). */
    exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
    readonly kind: 'pglite' | 'postgres';
    /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
    transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
    close(): Promise<void>;
}

/**
 * Opens PGlite on a data directory, or in memory when `dataDir` is undefined (tests).
 * `image` starts an in-memory database from a `dumpDataDir` tarball instead of running initdb
 * (tests: a fraction of the start-up time). PGlite is one connection in this process: a
 * transaction holds it until it ends.
 */
export async function openPglite(dataDir?: string, options: { image?: Blob } = {}): Promise<Db> {
    let lite: PGlite;
    try {
        lite =
            dataDir !== undefined
                ? await PGlite.create(dataDir)
                : options.image
                  ? await PGlite.create({ loadDataDir: options.image })
                  : await PGlite.create();
    } catch (cause) {
        throw new StoreError(
            'store_open_failed',
            `cannot open PGlite data directory ${dataDir ?? '(memory)'}`,
            {
                cause
            }
        );
    }
    const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
        async query<T extends object>(sql: string, params: unknown[] = []) {
            const result = await q.query<T>(sql, params);
            return result.rows;
        },
        async exec(sql: string) {
            await q.exec(sql);
        }
    });
    return {
        kind: 'pglite',
        ...wrap(lite),
        transaction: (fn) => lite.transaction((tx) => fn(wrap(tx))),
        close: async () => {
            if (!lite.closed) await lite.close();
        }
    };
}

/**
 * Opens a pool on a PostgreSQL server and proves it is reachable before returning, so a bad
 * `DATABASE_URL` fails at start-up rather than on the first request.
 */
export async function openPostgres(url: string, options: { max?: number } = {}): Promise<Db> {
    const pool = new pg.Pool({
        connectionString: url,
        max: options.max ?? 10,
        connectionTimeoutMillis: 5_000
    });
    pool.on('error', () => {
        // An idle client lost its connection; the pool replaces it on the next checkout.
    });
    try {
        await pool.query('SELECT 1');
    } catch (cause) {
        await pool.end().catch(() => undefined);
        throw new StoreError(
            'store_unreachable',
            `cannot connect to the database (${describe(cause)})`,
            {
                cause,
                retryable: true
            }
        );
    }
    const wrap = (q: pg.Pool | pg.PoolClient): Queryable => ({
        async query<T extends object>(
            sql: string,
            params: unknown[] = [],
            options: { name?: string } = {}
        ) {
            const result = await (options.name
                ? q.query({ name: options.name, text: sql, values: params })
                : q.query(sql, params));
            return result.rows as T[];
        },
        async exec(sql: string) {
            await q.query(sql);
        }
    });
    let ended = false;
    return {
        kind: 'postgres',
        ...wrap(pool),
        async transaction(fn) {
            const client = await pool.connect();
            try {
                await client.query('BEGIN');
                const result = await fn(wrap(client));
                await client.query('COMMIT');
                return result;
            } catch (error) {
                await client.query('ROLLBACK').catch(() => undefined);
                throw error;
            } finally {
                client.release();
            }
        },
        close: async () => {
            if (ended) return;
            ended = true;
            await pool.end();
        }
    };
}

function describe(cause: unknown): string {
    if (cause instanceof AggregateError && cause.errors.length > 0)
        return describe(cause.errors[0]);
    if (cause instanceof Error) {
        const code = (cause as NodeJS.ErrnoException).code;
        return code ? `${code}: ${cause.message}` : cause.message;
    }
    return String(cause);
}
