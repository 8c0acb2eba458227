import type { Queryable } from './db.ts';

export type InboxSource = 'salesforce' | 'zoho';

export type InboundEvent = {
    connectionId: string;
    source: InboxSource;
    sourceEventId: string;
    type: string;
    payload: unknown;
    correlationId?: string;
};

export type Accepted = { id: string; duplicate: boolean };

/**
 * Stores an inbound event unless the same source event was stored before. Call it in the same
 * transaction that enqueues the event's job, before acknowledging the sender: then a crash at
 * any instant either loses nothing or leaves the sender to retry, and a retry is a duplicate.
 */
export async function acceptEvent(q: Queryable, event: InboundEvent): Promise<Accepted> {
    const [inserted] = await q.query<{ id: string }>(
        `INSERT INTO inbox (connection_id, source, source_event_id, type, payload, correlation_id)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (connection_id, source, source_event_id) DO NOTHING
         RETURNING id::text`,
        [
            event.connectionId,
            event.source,
            event.sourceEventId,
            event.type,
            JSON.stringify(event.payload),
            event.correlationId ?? null
        ]
    );
    if (inserted) return { id: inserted.id, duplicate: false };
    const [existing] = await q.query<{ id: string }>(
        'SELECT id::text FROM inbox WHERE connection_id = $1 AND source = $2 AND source_event_id = $3',
        [event.connectionId, event.source, event.sourceEventId]
    );
    return { id: existing?.id ?? '', duplicate: true };
}

export async function markProcessed(q: Queryable, id: string): Promise<void> {
    await q.query('UPDATE inbox SET processed_at = now() WHERE id = $1 AND processed_at IS NULL', [
        id
    ]);
}

export async function countUnprocessed(q: Queryable): Promise<number> {
    const [row] = await q.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM inbox WHERE processed_at IS NULL'
    );
    return row?.n ?? 0;
}
