import { createHash } from 'node:crypto';

import type { Queryable } from './db.ts';

export type JournalEntry = {
    connectionId: string | null;
    correlationId: string | null;
    /** Who asked: `job:<id>`, `admin:<key id>`, `mcp:<tool>` … */
    actor: string;
    target: 'zoho' | 'salesforce';
    /** A dotted name of the write, e.g. `zoho.invoice.create`. */
    operation: string;
    /** The record written, when known (a Zoho id or Salesforce id). */
    subject?: string | null;
    requestDigest: string;
    outcome: 'ok' | 'error' | 'unknown';
    detail?: Record<string, unknown> | null;
};

export type JournalRecord = JournalEntry & { id: string; at: Date };

/** A stable SHA-256 of a request: object keys sorted, so equal requests digest equally. */
export function digestRequest(value: unknown): string {
    const canonical = (v: unknown): unknown => {
        if (Array.isArray(v)) return v.map(canonical);
        if (v !== null && typeof v === 'object') {
            return Object.fromEntries(
                Object.keys(v)
                    .sort()
                    .map((k) => [k, canonical((v as Record<string, unknown>)[k])])
            );
        }
        return v;
    };
    return createHash('sha256')
        .update(JSON.stringify(canonical(value)) ?? 'undefined')
        .digest('hex');
}

export async function recordWrite(q: Queryable, entry: JournalEntry): Promise<string> {
    const [row] = await q.query<{ id: string }>(
        `INSERT INTO journal (connection_id, correlation_id, actor, target, operation, subject, request_digest, outcome, detail)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id::text`,
        [
            entry.connectionId,
            entry.correlationId,
            entry.actor,
            entry.target,
            entry.operation,
            entry.subject ?? null,
            entry.requestDigest,
            entry.outcome,
            entry.detail ? JSON.stringify(entry.detail) : null
        ]
    );
    return row?.id ?? '';
}

type JournalRow = {
    id: string;
    connection_id: string | null;
    correlation_id: string | null;
    actor: string;
    target: 'zoho' | 'salesforce';
    operation: string;
    subject: string | null;
    request_digest: string;
    outcome: 'ok' | 'error' | 'unknown';
    detail: Record<string, unknown> | null;
    at: Date | string;
};

export type JournalFilter = {
    connectionId?: string | undefined;
    correlationId?: string | undefined;
    actor?: string | undefined;
    target?: 'zoho' | 'salesforce' | undefined;
    /** A dotted operation, or its prefix ending in a dot (`zoho.invoice.`). */
    operation?: string | undefined;
    outcome?: 'ok' | 'error' | 'unknown' | undefined;
    subject?: string | undefined;
    /** Entries at or after this time. */
    since?: Date | undefined;
    beforeId?: string | undefined;
    limit?: number | undefined;
};

const fromJournalRow = (r: JournalRow): JournalRecord => ({
    id: r.id,
    at: new Date(r.at),
    connectionId: r.connection_id,
    correlationId: r.correlation_id,
    actor: r.actor,
    target: r.target,
    operation: r.operation,
    subject: r.subject,
    requestDigest: r.request_digest,
    outcome: r.outcome,
    detail: r.detail
});

/** Newest first, every filter optional and combined with AND; `beforeId` pages backwards. */
export async function listJournal(
    q: Queryable,
    filter: JournalFilter = {}
): Promise<JournalRecord[]> {
    const rows = await q.query<JournalRow>(
        `SELECT id::text, connection_id, correlation_id, actor, target, operation, subject, request_digest, outcome, detail, at
         FROM journal
         WHERE ($1::text IS NULL OR connection_id = $1) AND ($2::bigint IS NULL OR id < $2::bigint)
           AND ($4::text IS NULL OR correlation_id = $4) AND ($5::text IS NULL OR actor = $5)
           AND ($6::text IS NULL OR target = $6)
           AND ($7::text IS NULL OR operation = $7 OR (right($7, 1) = '.' AND starts_with(operation, $7)))
           AND ($8::text IS NULL OR outcome = $8) AND ($9::text IS NULL OR subject = $9)
           AND ($10::timestamptz IS NULL OR at >= $10)
         ORDER BY id DESC LIMIT $3`,
        [
            filter.connectionId ?? null,
            filter.beforeId ?? null,
            Math.min(filter.limit ?? 100, 1000),
            filter.correlationId ?? null,
            filter.actor ?? null,
            filter.target ?? null,
            filter.operation ?? null,
            filter.outcome ?? null,
            filter.subject ?? null,
            filter.since ? filter.since.toISOString() : null
        ]
    );
    return rows.map(fromJournalRow);
}

export async function getJournalEntry(
    q: Queryable,
    id: string
): Promise<JournalRecord | undefined> {
    const [row] = await q.query<JournalRow>(
        `SELECT id::text, connection_id, correlation_id, actor, target, operation, subject, request_digest, outcome, detail, at
         FROM journal WHERE id = $1::bigint`,
        [id]
    );
    return row && fromJournalRow(row);
}
