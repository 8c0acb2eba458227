import type { Queryable } from './db.ts';

/**
 * What was last written to Salesforce for one subject (`invoice-payments:<id>`, `balance:<id>`);
 * `version`: the Zoho record's version it was fully synced from, when known.
 */
export type MirrorState = {
    dataHash: string;
    childKeys: string[];
    overdue: boolean;
    version?: string;
};

type StateRow = {
    subject: string;
    data_hash: string;
    child_keys: string[];
    overdue: boolean;
    source_version: string | null;
};

const fromRow = (r: StateRow): MirrorState => ({
    dataHash: r.data_hash,
    childKeys: r.child_keys,
    overdue: r.overdue,
    ...(r.source_version === null ? {} : { version: r.source_version })
});

const COLUMNS = 'subject, data_hash, child_keys, overdue, source_version';

/** The last written state of each of `subjects` that has one. */
export async function getMirrorStates(
    q: Queryable,
    connectionId: string,
    subjects: readonly string[]
): Promise<Map<string, MirrorState>> {
    if (subjects.length === 0) return new Map();
    const rows = await q.query<StateRow>(
        `SELECT ${COLUMNS} FROM mirror_state
         WHERE connection_id = $1 AND subject = ANY($2::text[])`,
        [connectionId, [...subjects]]
    );
    return new Map(rows.map((r) => [r.subject, fromRow(r)]));
}

/** Records a new written state; its source version is unknown until `markMirrorVersion`. */
export async function putMirrorState(
    q: Queryable,
    input: {
        connectionId: string;
        subject: string;
        state: Omit<MirrorState, 'version'>;
        nowMs: number;
    }
): Promise<void> {
    await q.query(
        `INSERT INTO mirror_state (connection_id, subject, data_hash, child_keys, overdue, updated_at_ms)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (connection_id, subject) DO UPDATE
         SET data_hash = EXCLUDED.data_hash, child_keys = EXCLUDED.child_keys,
             overdue = EXCLUDED.overdue, updated_at_ms = EXCLUDED.updated_at_ms,
             source_version = NULL`,
        [
            input.connectionId,
            input.subject,
            input.state.dataHash,
            JSON.stringify(input.state.childKeys),
            input.state.overdue,
            input.nowMs
        ]
    );
}

/**
 * Records that the subject's written state is the one made from `version` of its Zoho record,
 * only while the state is still the one that sync wrote or found (`dataHash`): a sync of an
 * older version finishing after a newer one cannot claim the newer state as its own.
 */
export async function markMirrorVersion(
    q: Queryable,
    input: { connectionId: string; subject: string; dataHash: string; version: string }
): Promise<void> {
    await q.query(
        `UPDATE mirror_state SET source_version = $4
         WHERE connection_id = $1 AND subject = $2 AND data_hash = $3`,
        [input.connectionId, input.subject, input.dataHash, input.version]
    );
}

type SweepCursor = { cursorMs: number; sweptAtMs: number };

export async function getSweepCursor(
    q: Queryable,
    key: { connectionId: string; zohoOrganizationId: string; sweep: string }
): Promise<SweepCursor | undefined> {
    const [row] = await q.query<{ cursor_ms: string; swept_at_ms: string }>(
        `SELECT cursor_ms::text, swept_at_ms::text FROM sweep_cursors
         WHERE connection_id = $1 AND zoho_organization_id = $2 AND sweep = $3`,
        [key.connectionId, key.zohoOrganizationId, key.sweep]
    );
    return row && { cursorMs: Number(row.cursor_ms), sweptAtMs: Number(row.swept_at_ms) };
}

/** Moves the cursor on (never back: a slower sweep finishing late cannot rewind it). */
export async function putSweepCursor(
    q: Queryable,
    key: { connectionId: string; zohoOrganizationId: string; sweep: string },
    cursor: SweepCursor
): Promise<void> {
    await q.query(
        `INSERT INTO sweep_cursors (connection_id, zoho_organization_id, sweep, cursor_ms, swept_at_ms)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (connection_id, zoho_organization_id, sweep) DO UPDATE
         SET cursor_ms = GREATEST(sweep_cursors.cursor_ms, EXCLUDED.cursor_ms),
             swept_at_ms = EXCLUDED.swept_at_ms`,
        [key.connectionId, key.zohoOrganizationId, key.sweep, cursor.cursorMs, cursor.sweptAtMs]
    );
}

/** The last written state of every subject starting with `prefix` (e.g. `revenue:`). */
export async function listMirrorStates(
    q: Queryable,
    connectionId: string,
    prefix: string
): Promise<Map<string, MirrorState>> {
    const rows = await q.query<StateRow>(
        `SELECT ${COLUMNS} FROM mirror_state
         WHERE connection_id = $1 AND starts_with(subject, $2)`,
        [connectionId, prefix]
    );
    return new Map(rows.map((r) => [r.subject, fromRow(r)]));
}

/**
 * Forgets what was last written for a subject, because it never arrived (its write-back was
 * given up): the next sync of the same state writes it again instead of finding it unchanged.
 */
export async function forgetMirrorState(
    q: Queryable,
    connectionId: string,
    subject: string
): Promise<void> {
    await q.query('DELETE FROM mirror_state WHERE connection_id = $1 AND subject = $2', [
        connectionId,
        subject
    ]);
}
