import { z } from 'zod';

import type { Queryable } from '../../../store/db.ts';
import type { Candidate, PlannedReview } from './match.ts';

/** The customer review queue (`customer_link_reviews`): Accounts a person must match. */

export type ReviewState = 'open' | 'linked' | 'dismissed' | 'create_new';

export type Review = {
    id: string;
    connectionId: string;
    zohoOrganizationId: string;
    salesforceAccountId: string;
    accountName: string;
    candidates: Candidate[];
    state: ReviewState;
    zohoContactId: string | null;
    resolvedBy: string | null;
    createdAtMs: number;
    resolvedAtMs: number | null;
};

type Row = {
    id: string;
    connection_id: string;
    zoho_organization_id: string;
    salesforce_account_id: string;
    account_name: string;
    candidates: unknown;
    state: ReviewState;
    zoho_contact_id: string | null;
    resolved_by: string | null;
    created_at_ms: string;
    resolved_at_ms: string | null;
};

const candidatesSchema = z.array(
    z.object({
        zohoContactId: z.string(),
        contactName: z.string(),
        score: z.number(),
        reasons: z.array(z.string())
    })
);

function fromRow(row: Row): Review {
    const raw = typeof row.candidates === 'string' ? JSON.parse(row.candidates) : row.candidates;
    return {
        id: String(row.id),
        connectionId: row.connection_id,
        zohoOrganizationId: row.zoho_organization_id,
        salesforceAccountId: row.salesforce_account_id,
        accountName: row.account_name,
        candidates: candidatesSchema.parse(raw),
        state: row.state,
        zohoContactId: row.zoho_contact_id,
        resolvedBy: row.resolved_by,
        createdAtMs: Number(row.created_at_ms),
        resolvedAtMs: row.resolved_at_ms === null ? null : Number(row.resolved_at_ms)
    };
}

/**
 * Queues Accounts for review, or refreshes the candidates of those already open; an Account a
 * person already decided is left as decided. Answers how many rows are open for these Accounts.
 */
export async function queueReviews(
    q: Queryable,
    input: {
        connectionId: string;
        zohoOrganizationId: string;
        entries: readonly PlannedReview[];
        nowMs: number;
    }
): Promise<number> {
    let open = 0;
    for (const entry of input.entries) {
        const rows = await q.query<{ id: string }>(
            `INSERT INTO customer_link_reviews (connection_id, zoho_organization_id,
                 salesforce_account_id, account_name, candidates, created_at_ms, updated_at_ms)
             VALUES ($1, $2, $3, $4, $5, $6, $6)
             ON CONFLICT (connection_id, salesforce_account_id) DO UPDATE
             SET zoho_organization_id = EXCLUDED.zoho_organization_id,
                 account_name = EXCLUDED.account_name, candidates = EXCLUDED.candidates,
                 updated_at_ms = EXCLUDED.updated_at_ms
             WHERE customer_link_reviews.state = 'open'
             RETURNING id`,
            [
                input.connectionId,
                input.zohoOrganizationId,
                entry.accountId,
                entry.accountName,
                JSON.stringify(entry.candidates),
                input.nowMs
            ]
        );
        open += rows.length;
    }
    return open;
}

export async function listReviews(
    q: Queryable,
    connectionId: string,
    options: { state?: ReviewState | undefined; limit: number }
): Promise<Review[]> {
    const rows = await q.query<Row>(
        `SELECT * FROM customer_link_reviews
         WHERE connection_id = $1 AND ($2::text IS NULL OR state = $2)
         ORDER BY id LIMIT $3`,
        [connectionId, options.state ?? null, options.limit]
    );
    return rows.map(fromRow);
}

export async function getReview(
    q: Queryable,
    connectionId: string,
    id: string
): Promise<Review | undefined> {
    const [row] = await q.query<Row>(
        'SELECT * FROM customer_link_reviews WHERE connection_id = $1 AND id = $2',
        [connectionId, id]
    );
    return row && fromRow(row);
}

/** Records a person's decision on an open review; undefined when it was no longer open. */
export async function resolveReview(
    q: Queryable,
    id: string,
    decision: {
        state: Exclude<ReviewState, 'open'>;
        zohoContactId?: string;
        resolvedBy: string;
        nowMs: number;
    }
): Promise<Review | undefined> {
    const [row] = await q.query<Row>(
        `UPDATE customer_link_reviews
         SET state = $2, zoho_contact_id = $3, resolved_by = $4, resolved_at_ms = $5,
             updated_at_ms = $5
         WHERE id = $1 AND state = 'open'
         RETURNING *`,
        [id, decision.state, decision.zohoContactId ?? null, decision.resolvedBy, decision.nowMs]
    );
    return row && fromRow(row);
}

/** Accounts a person already decided on: a first-link run leaves them alone. */
export async function decidedAccounts(q: Queryable, connectionId: string): Promise<Set<string>> {
    const rows = await q.query<{ salesforce_account_id: string }>(
        `SELECT salesforce_account_id FROM customer_link_reviews
         WHERE connection_id = $1 AND state <> 'open'`,
        [connectionId]
    );
    return new Set(rows.map((r) => r.salesforce_account_id));
}

/**
 * Whether an Account waits for a person to match it to a Zoho customer. The customer sync must
 * not create a Zoho customer for it meanwhile: that would be the duplicate the review prevents.
 */
export async function isAwaitingReview(
    q: Queryable,
    connectionId: string,
    salesforceAccountId: string
): Promise<boolean> {
    const rows = await q.query<{ one: number }>(
        `SELECT 1 AS one FROM customer_link_reviews
         WHERE connection_id = $1 AND salesforce_account_id = $2 AND state = 'open'`,
        [connectionId, salesforceAccountId]
    );
    return rows.length > 0;
}
