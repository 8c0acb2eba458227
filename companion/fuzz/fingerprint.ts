import type { Db } from '../src/store/db.ts';

/**
 * Columns that change on any authenticated request and are not stored input: an API key's
 * `last_used_at` is written when the key is checked, before the body is looked at.
 */
const VOLATILE_COLUMNS: Record<string, readonly string[]> = {
    api_keys: ['last_used_at']
};

/**
 * A digest of every table in the public schema, so a fuzz case can prove that a rejected
 * request stored nothing: one query, one md5 per table over its rows in a stable order.
 */
export async function createFingerprint(db: Db): Promise<() => Promise<Map<string, string>>> {
    const tables = await db.query<{ name: string }>(
        `SELECT table_name AS name FROM information_schema.tables
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`
    );
    const columns = await db.query<{ table_name: string; column_name: string }>(
        `SELECT table_name, column_name FROM information_schema.columns
         WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`
    );
    const parts = tables.map(({ name }) => {
        const skip = VOLATILE_COLUMNS[name] ?? [];
        const kept = columns
            .filter((c) => c.table_name === name && !skip.includes(c.column_name))
            .map((c) => `"${c.column_name}"`);
        const row = `row(${kept.join(', ')})::text`;
        return `(SELECT coalesce(md5(string_agg(${row}, '|' ORDER BY ${row})), '') FROM "${name}") AS "${name}"`;
    });
    const sql = `SELECT ${parts.join(', ')}`;
    return async () => {
        const [row] = await db.query<Record<string, string>>(sql);
        return new Map(Object.entries(row ?? {}));
    };
}

/** The tables whose digest differs between two fingerprints. */
export function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
    return [...after.keys()].filter((table) => before.get(table) !== after.get(table));
}
