import type { Queryable } from './db.ts';

/** One record change for Salesforce, sent through sObject Collections. */
export type WritebackRecord =
    | { op: 'update'; sobject: string; fields: Record<string, unknown> & { Id: string } }
    | { op: 'upsert'; sobject: string; externalIdField: string; fields: Record<string, unknown> }
    | { op: 'create'; sobject: string; fields: Record<string, unknown> };

export type Writeback = {
    id: string;
    connectionId: string;
    /** What the change is about (e.g. `invoice:006…`); one pending row per subject. */
    subject: string;
    records: WritebackRecord[];
    version: number;
    attempts: number;
    correlationId: string | null;
    createdAtMs: number;
};

type Row = {
    id: string;
    connection_id: string;
    subject: string;
    payload: { records: WritebackRecord[] };
    version: number;
    attempts: number;
    correlation_id: string | null;
    created_at_ms: string | number;
};

const COLUMNS =
    'id::text AS id, connection_id, subject, payload, version, attempts, correlation_id, created_at_ms';

const PENDING = 'sent_at_ms IS NULL AND failed_at_ms IS NULL';

function fromRow(row: Row): Writeback {
    return {
        id: row.id,
        connectionId: row.connection_id,
        subject: row.subject,
        records: row.payload.records,
        version: row.version,
        attempts: row.attempts,
        correlationId: row.correlation_id,
        createdAtMs: Number(row.created_at_ms)
    };
}

/**
 * Records a change owed to Salesforce. A pending change for the same subject is replaced (the
 * newer state wins) and keeps its place in the queue; its version moves on, so a send already
 * in flight with the older payload does not mark the newer one sent.
 */
export async function enqueueWriteback(
    q: Queryable,
    input: {
        connectionId: string;
        subject: string;
        records: WritebackRecord[];
        correlationId?: string | undefined;
        nowMs: number;
    }
): Promise<void> {
    await q.query(
        `INSERT INTO writebacks (connection_id, subject, payload, correlation_id, created_at_ms)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (connection_id, subject) WHERE ${PENDING}
         DO UPDATE SET payload = EXCLUDED.payload, correlation_id = EXCLUDED.correlation_id,
             version = writebacks.version + 1, attempts = 0, run_after_ms = 0, last_error = NULL`,
        [
            input.connectionId,
            input.subject,
            JSON.stringify({ records: input.records }),
            input.correlationId ?? null,
            input.nowMs
        ]
    );
}

export type PendingSummary = { connectionId: string; count: number; oldestMs: number };

/** Per connection: how many changes wait to be sent now, and since when the oldest waits. */
export async function pendingWritebacks(q: Queryable, nowMs: number): Promise<PendingSummary[]> {
    const rows = await q.query<{ connection_id: string; count: string; oldest: string }>(
        `SELECT connection_id, count(*)::text AS count, min(created_at_ms)::text AS oldest
         FROM writebacks WHERE ${PENDING} AND run_after_ms <= $1
         GROUP BY connection_id`,
        [nowMs]
    );
    return rows.map((r) => ({
        connectionId: r.connection_id,
        count: Number(r.count),
        oldestMs: Number(r.oldest)
    }));
}

/**
 * When the next change of a connection that is held back by a failed try may go (clock ms),
 * or undefined when none is held back.
 */
export async function nextWritebackRetryMs(
    q: Queryable,
    connectionId: string,
    nowMs: number
): Promise<number | undefined> {
    const [row] = await q.query<{ next: string | null }>(
        `SELECT min(run_after_ms)::text AS next FROM writebacks
         WHERE connection_id = $1 AND ${PENDING} AND run_after_ms > $2`,
        [connectionId, nowMs]
    );
    return row?.next == null ? undefined : Number(row.next);
}

/**
 * Up to `limit` changes of a connection that may be sent now, oldest first. No lease of their
 * own: they are read by the connection's write-back job, which the queue runs once at a time.
 */
export async function dueWritebacks(
    q: Queryable,
    input: { connectionId: string; limit: number; nowMs: number }
): Promise<Writeback[]> {
    const rows = await q.query<Row>(
        `SELECT ${COLUMNS} FROM writebacks
         WHERE connection_id = $1 AND ${PENDING} AND run_after_ms <= $3
         ORDER BY created_at_ms, id LIMIT $2`,
        [input.connectionId, input.limit, input.nowMs]
    );
    return rows.map(fromRow);
}

/** Marks changes sent, unless a newer change replaced one meanwhile (that one stays pending). */
export async function markWritebacksSent(
    q: Queryable,
    sent: readonly Writeback[],
    nowMs: number
): Promise<void> {
    if (sent.length === 0) return;
    await q.query(
        `UPDATE writebacks w SET sent_at_ms = $3
         FROM unnest($1::bigint[], $2::int[]) AS s(id, version)
         WHERE w.id = s.id AND w.version = s.version`,
        [sent.map((w) => w.id), sent.map((w) => w.version), nowMs]
    );
}

/**
 * Records a failed send: tried again after `retryAfterMs`, or given up (kept with its error
 * for an admin to see) once `giveUp` is true. A newer change that replaced it meanwhile is
 * untouched (it is due at once), and so is a change already sent (by a worker that took over
 * after this one's lease ran out).
 */
export async function markWritebackFailed(
    q: Queryable,
    writeback: Writeback,
    failure: { error: string; nowMs: number; retryAfterMs: number; giveUp: boolean }
): Promise<void> {
    await q.query(
        `UPDATE writebacks SET attempts = attempts + 1, last_error = $3, run_after_ms = $4,
             failed_at_ms = CASE WHEN $5 THEN $6::bigint ELSE NULL END
         WHERE id = $1 AND version = $2 AND sent_at_ms IS NULL`,
        [
            writeback.id,
            writeback.version,
            failure.error,
            failure.nowMs + failure.retryAfterMs,
            failure.giveUp,
            failure.nowMs
        ]
    );
}

export type FailedWriteback = { id: string; subject: string; error: string; failedAtMs: number };

/** Changes that were given up, newest first (admin view). */
export async function failedWritebacks(
    q: Queryable,
    connectionId: string,
    limit = 100
): Promise<FailedWriteback[]> {
    const rows = await q.query<{
        id: string;
        subject: string;
        last_error: string;
        failed_at_ms: string;
    }>(
        `SELECT id::text AS id, subject, last_error, failed_at_ms::text AS failed_at_ms FROM writebacks
         WHERE connection_id = $1 AND failed_at_ms IS NOT NULL ORDER BY failed_at_ms DESC LIMIT $2`,
        [connectionId, limit]
    );
    return rows.map((r) => ({
        id: r.id,
        subject: r.subject,
        error: r.last_error,
        failedAtMs: Number(r.failed_at_ms)
    }));
}
