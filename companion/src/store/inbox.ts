import type { Queryable } from './db.ts';
import type { NewJob } from './jobs.ts';

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

/** The job that follows an inbound event up; its payload gets the event's inbox id as `inboxId`. */
export type FollowUpJob = Omit<NewJob, 'payload'> & { payload: Record<string, unknown> };

/**
 * What a Zoho webhook was authenticated and filed with, from facts of its connection that may be
 * stale (read earlier, kept): the event is stored only if, when written, the connection is there
 * and not disabled, this is still its webhook secret (as sealed), and the organization it was
 * filed under is still the one the door would choose (the one requested, if the connection has
 * it, or else the default).
 */
export type ZohoDoorPrecondition = {
    webhookSecretSealed: string;
    organizationId: string;
    requestedOrganizationId: string | null;
};

/** An answer of `acceptEventsWithJobs`: `refused` when the event's precondition did not hold. */
export type AcceptedWithJob = Accepted & { refused: boolean };

/**
 * `acceptEvent` and `enqueue` for many events in ONE statement, hence one round trip and its own
 * transaction: each event is stored unless stored before (or repeated earlier in the list), and
 * each event stored gets its job, partition row included. Answers in the order given; a repeat
 * carries the stored id. Data-modifying CTEs all see the snapshot the statement began with, so
 * an event a concurrent writer stored after it began is refused by the unique key but not seen
 * by the final join: its id is read again (rare, a second round trip).
 */
export async function acceptEventsWithJobs(
    q: Queryable,
    items: readonly { event: InboundEvent; job: FollowUpJob; precondition?: ZohoDoorPrecondition }[]
): Promise<AcceptedWithJob[]> {
    if (items.length === 0) return [];
    const rows = await q.query<{ accepted: boolean; refused: boolean; id: string | null }>(
        `WITH input AS (
             SELECT * FROM jsonb_to_recordset($1::jsonb)
                  AS e(n int, connection_id text, source text, source_event_id text, type text,
                       payload jsonb, correlation_id text, kind text, partition_key text,
                       job_payload jsonb, job_connection_id text, max_attempts int, delay_ms int,
                       dedupe_key text, job_correlation_id text, secret_sealed text,
                       organization_id text, requested_organization_id text)
         ),
         allowed AS (
             SELECT e.* FROM input e
             WHERE e.secret_sealed IS NULL OR EXISTS (
                 SELECT 1 FROM connections c
                 JOIN secrets s ON s.connection_id = c.id AND s.kind = 'webhook_secret' AND s.scope = ''
                 WHERE c.id = e.connection_id AND c.status <> 'disabled' AND s.sealed = e.secret_sealed
                   AND e.organization_id = COALESCE(
                       (SELECT z.organization_id FROM zoho_organizations z
                        WHERE z.connection_id = c.id AND z.organization_id = e.requested_organization_id),
                       (SELECT z.organization_id FROM zoho_organizations z
                        WHERE z.connection_id = c.id AND z.is_default)))
         ),
         first AS (
             SELECT DISTINCT ON (connection_id, source, source_event_id) * FROM allowed
             ORDER BY connection_id, source, source_event_id, n
         ),
         stored AS (
             INSERT INTO inbox (connection_id, source, source_event_id, type, payload, correlation_id)
             SELECT connection_id, source, source_event_id, type, payload, correlation_id FROM first ORDER BY n
             ON CONFLICT (connection_id, source, source_event_id) DO NOTHING
             RETURNING id, connection_id, source, source_event_id
         ),
         fresh AS (
             SELECT f.*, s.id AS inbox_id FROM first f JOIN stored s USING (connection_id, source, source_event_id)
         ),
         partitions AS (
             INSERT INTO job_partitions (partition_key) SELECT DISTINCT partition_key FROM fresh
             ON CONFLICT DO NOTHING
         ),
         queued AS (
             INSERT INTO jobs (kind, partition_key, payload, connection_id, max_attempts, run_after, dedupe_key, correlation_id)
             SELECT kind, partition_key, job_payload || jsonb_build_object('inboxId', inbox_id::text),
                    job_connection_id, max_attempts, now() + (delay_ms * interval '1 millisecond'),
                    dedupe_key, job_correlation_id
             FROM fresh ORDER BY n
             ON CONFLICT (dedupe_key) DO NOTHING
         )
         SELECT f.n IS NOT NULL AS accepted, a.n IS NULL AS refused,
                CASE WHEN a.n IS NOT NULL THEN COALESCE(f.inbox_id, k.inbox_id, i.id)::text END AS id
         FROM input e
         LEFT JOIN allowed a ON a.n = e.n
         LEFT JOIN fresh f ON f.n = e.n
         LEFT JOIN fresh k ON (k.connection_id, k.source, k.source_event_id)
                            = (e.connection_id, e.source, e.source_event_id)
         LEFT JOIN inbox i ON (i.connection_id, i.source, i.source_event_id)
                            = (e.connection_id, e.source, e.source_event_id)
         ORDER BY e.n`,
        // One JSON document, not fourteen arrays: serialised natively, payloads not escaped twice.
        [
            JSON.stringify(
                items.map(({ event, job, precondition }, n) => ({
                    n,
                    connection_id: event.connectionId,
                    source: event.source,
                    source_event_id: event.sourceEventId,
                    type: event.type,
                    payload: event.payload,
                    correlation_id: event.correlationId ?? null,
                    kind: job.kind,
                    partition_key: job.partitionKey,
                    job_payload: job.payload,
                    job_connection_id: job.connectionId ?? null,
                    max_attempts: job.maxAttempts ?? 8,
                    delay_ms: job.delayMs ?? 0,
                    dedupe_key: job.dedupeKey ?? null,
                    job_correlation_id: job.correlationId ?? null,
                    secret_sealed: precondition?.webhookSecretSealed ?? null,
                    organization_id: precondition?.organizationId ?? null,
                    requested_organization_id: precondition?.requestedOrganizationId ?? null
                }))
            )
        ],
        { name: 'closebooks_accept_events_with_jobs' }
    );
    const answers = rows.map((row) => ({
        id: row.id ?? '',
        duplicate: !row.accepted && !row.refused,
        refused: row.refused
    }));
    const unseen = items
        .filter((_, i) => answers[i]?.duplicate && answers[i].id === '')
        .map((item) => item.event);
    if (unseen.length === 0) return answers;
    const stored = await q.query<KeyedRow>(
        `SELECT i.id::text, i.connection_id, i.source, i.source_event_id
         FROM inbox i JOIN unnest($1::text[], $2::text[], $3::text[]) AS k(connection_id, source, source_event_id)
           USING (connection_id, source, source_event_id)`,
        [
            unseen.map((e) => e.connectionId),
            unseen.map((e) => e.source),
            unseen.map((e) => e.sourceEventId)
        ]
    );
    const ids = new Map(stored.map((row) => [rowKey(row), row.id]));
    return answers.map((answer, i) => {
        const event = items[i]?.event;
        return answer.duplicate && answer.id === '' && event
            ? { ...answer, id: ids.get(eventKey(event)) ?? '' }
            : answer;
    });
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
