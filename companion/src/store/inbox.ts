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

/**
 * `acceptEvent` for many events in one statement (call it in the transaction that enqueues their
 * jobs): each answer in the order given. An event already stored, or repeated earlier in the
 * same list, is a duplicate carrying the stored id.
 */
export async function acceptEvents(
    q: Queryable,
    events: readonly InboundEvent[]
): Promise<Accepted[]> {
    if (events.length === 0) return [];
    const inserted = await q.query<KeyedRow>(
        `INSERT INTO inbox (connection_id, source, source_event_id, type, payload, correlation_id)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::text[])
         ON CONFLICT (connection_id, source, source_event_id) DO NOTHING
         RETURNING id::text, connection_id, source, source_event_id`,
        [
            events.map((e) => e.connectionId),
            events.map((e) => e.source),
            events.map((e) => e.sourceEventId),
            events.map((e) => e.type),
            events.map((e) => JSON.stringify(e.payload)),
            events.map((e) => e.correlationId ?? null)
        ]
    );
    const fresh = new Map(inserted.map((row) => [rowKey(row), row.id]));
    const answers: Accepted[] = [];
    for (const event of events) {
        const key = eventKey(event);
        const id = fresh.get(key);
        if (id !== undefined) {
            fresh.delete(key);
            answers.push({ id, duplicate: false });
        } else {
            answers.push({ id: '', duplicate: true });
        }
    }
    const unknown = events.filter((_, i) => answers[i]?.duplicate);
    if (unknown.length === 0) return answers;
    const stored = await q.query<KeyedRow>(
        `SELECT i.id::text, i.connection_id, i.source, i.source_event_id
         FROM inbox i JOIN unnest($1::text[], $2::text[], $3::text[]) AS k(connection_id, source, source_event_id)
           USING (connection_id, source, source_event_id)`,
        [
            unknown.map((e) => e.connectionId),
            unknown.map((e) => e.source),
            unknown.map((e) => e.sourceEventId)
        ]
    );
    const ids = new Map(stored.map((row) => [rowKey(row), row.id]));
    return answers.map((answer, i) =>
        answer.duplicate
            ? { ...answer, id: ids.get(eventKey(events[i] as InboundEvent)) ?? '' }
            : answer
    );
}

type KeyedRow = { id: string; connection_id: string; source: string; source_event_id: string };
const eventKey = (e: InboundEvent) => JSON.stringify([e.connectionId, e.source, e.sourceEventId]);
const rowKey = (r: KeyedRow) => JSON.stringify([r.connection_id, r.source, r.source_event_id]);

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
