import type { Queryable } from './db.ts';

/**
 * The customer sync's own records (F2, migration 0013): the agreed values of each linked pair,
 * the conflict inbox and the tombstones.
 */

export type CustomerBaseline = {
    accountId: string;
    zohoOrganizationId: string;
    contactId: string;
    /** Zoho field → the value both sides last agreed on. */
    agreed: Record<string, unknown>;
    dataHash: string;
};

export async function getBaseline(
    q: Queryable,
    connectionId: string,
    accountId: string
): Promise<CustomerBaseline | undefined> {
    const [row] = await q.query<{
        account_id: string;
        zoho_organization_id: string;
        contact_id: string;
        agreed: Record<string, unknown>;
        data_hash: string;
    }>(
        `SELECT account_id, zoho_organization_id, contact_id, agreed, data_hash
         FROM customer_baselines WHERE connection_id = $1 AND account_id = $2`,
        [connectionId, accountId]
    );
    return (
        row && {
            accountId: row.account_id,
            zohoOrganizationId: row.zoho_organization_id,
            contactId: row.contact_id,
            agreed: row.agreed,
            dataHash: row.data_hash
        }
    );
}

/** Stores the agreed values of a pair and their hash (also on the link, as `data_hash`). */
export async function putBaseline(
    q: Queryable,
    connectionId: string,
    baseline: CustomerBaseline,
    nowMs: number
): Promise<void> {
    await q.query(
        `INSERT INTO customer_baselines
             (connection_id, account_id, zoho_organization_id, contact_id, agreed, data_hash, updated_at_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (connection_id, account_id) DO UPDATE
         SET zoho_organization_id = EXCLUDED.zoho_organization_id, contact_id = EXCLUDED.contact_id,
             agreed = EXCLUDED.agreed, data_hash = EXCLUDED.data_hash,
             updated_at_ms = EXCLUDED.updated_at_ms`,
        [
            connectionId,
            baseline.accountId,
            baseline.zohoOrganizationId,
            baseline.contactId,
            JSON.stringify(baseline.agreed),
            baseline.dataHash,
            nowMs
        ]
    );
    await q.query(
        `UPDATE links SET data_hash = $3, updated_at = now()
         WHERE connection_id = $1 AND kind = 'customer' AND salesforce_id = $2`,
        [connectionId, baseline.accountId, baseline.dataHash]
    );
}

export type CustomerConflict = {
    id: string;
    accountId: string;
    zohoOrganizationId: string;
    contactId: string;
    /** A contact person's conflict: the Contact and the Zoho person (null for the customer's). */
    salesforceContactId: string | null;
    contactPersonId: string | null;
    zohoField: string;
    salesforceField: string;
    salesforceValue: unknown;
    zohoValue: unknown;
    baselineValue: unknown;
    detectedAtMs: number;
    resolvedAtMs: number | null;
    resolution: unknown;
};

type ConflictRow = {
    id: string;
    account_id: string;
    zoho_organization_id: string;
    contact_id: string;
    salesforce_contact_id: string | null;
    contact_person_id: string | null;
    zoho_field: string;
    salesforce_field: string;
    salesforce_value: unknown;
    zoho_value: unknown;
    baseline_value: unknown;
    detected_at_ms: string | number;
    resolved_at_ms: string | number | null;
    resolution: unknown;
};

const fromConflictRow = (r: ConflictRow): CustomerConflict => ({
    id: r.id,
    accountId: r.account_id,
    zohoOrganizationId: r.zoho_organization_id,
    contactId: r.contact_id,
    salesforceContactId: r.salesforce_contact_id,
    contactPersonId: r.contact_person_id,
    zohoField: r.zoho_field,
    salesforceField: r.salesforce_field,
    salesforceValue: r.salesforce_value,
    zohoValue: r.zoho_value,
    baselineValue: r.baseline_value,
    detectedAtMs: Number(r.detected_at_ms),
    resolvedAtMs: r.resolved_at_ms === null ? null : Number(r.resolved_at_ms),
    resolution: r.resolution
});

const CONFLICT_COLUMNS = `id::text, account_id, zoho_organization_id, contact_id,
    salesforce_contact_id, contact_person_id, zoho_field,
    salesforce_field, salesforce_value, zoho_value, baseline_value, detected_at_ms,
    resolved_at_ms, resolution`;

export type NewConflict = Omit<
    CustomerConflict,
    'id' | 'resolvedAtMs' | 'resolution' | 'salesforceContactId' | 'contactPersonId'
> & { person?: { salesforceContactId: string; contactPersonId: string } };

/**
 * Opens a conflict for one field of a pair (of a customer, or of one of its contact persons), or
 * refreshes the values of the one already open (a later sight of the same edit adds no second
 * row). Returns whether a new one was opened.
 */
export async function openConflict(
    q: Queryable,
    connectionId: string,
    conflict: NewConflict
): Promise<boolean> {
    const json = (v: unknown) => JSON.stringify(v ?? null);
    const rows = await q.query<{ inserted: boolean }>(
        `INSERT INTO customer_conflicts (connection_id, account_id, zoho_organization_id, contact_id,
             zoho_field, salesforce_field, salesforce_value, zoho_value, baseline_value, detected_at_ms,
             salesforce_contact_id, contact_person_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (connection_id, account_id, (coalesce(salesforce_contact_id, '')), zoho_field)
             WHERE resolved_at_ms IS NULL
         DO UPDATE SET salesforce_value = EXCLUDED.salesforce_value, zoho_value = EXCLUDED.zoho_value
         RETURNING (xmax = 0) AS inserted`,
        [
            connectionId,
            conflict.accountId,
            conflict.zohoOrganizationId,
            conflict.contactId,
            conflict.zohoField,
            conflict.salesforceField,
            json(conflict.salesforceValue),
            json(conflict.zohoValue),
            json(conflict.baselineValue),
            conflict.detectedAtMs,
            conflict.person?.salesforceContactId ?? null,
            conflict.person?.contactPersonId ?? null
        ]
    );
    return rows[0]?.inserted === true;
}

export async function listConflicts(
    q: Queryable,
    connectionId: string,
    options: { open?: boolean; accountId?: string; limit?: number } = {}
): Promise<CustomerConflict[]> {
    const rows = await q.query<ConflictRow>(
        `SELECT ${CONFLICT_COLUMNS} FROM customer_conflicts
         WHERE connection_id = $1
           AND ($2::boolean IS NULL OR (resolved_at_ms IS NULL) = $2)
           AND ($3::text IS NULL OR account_id = $3)
         ORDER BY id LIMIT $4`,
        [connectionId, options.open ?? null, options.accountId ?? null, options.limit ?? 200]
    );
    return rows.map(fromConflictRow);
}

export async function getConflict(
    q: Queryable,
    connectionId: string,
    id: string
): Promise<CustomerConflict | undefined> {
    if (!/^\d{1,18}$/.test(id)) return undefined;
    const [row] = await q.query<ConflictRow>(
        `SELECT ${CONFLICT_COLUMNS} FROM customer_conflicts WHERE connection_id = $1 AND id = $2`,
        [connectionId, id]
    );
    return row && fromConflictRow(row);
}

/** Marks an open conflict settled; false when it was settled already. */
export async function closeConflict(
    q: Queryable,
    connectionId: string,
    id: string,
    resolution: Record<string, unknown>,
    nowMs: number
): Promise<boolean> {
    const rows = await q.query(
        `UPDATE customer_conflicts SET resolved_at_ms = $3, resolution = $4
         WHERE connection_id = $1 AND id = $2 AND resolved_at_ms IS NULL RETURNING id`,
        [connectionId, id, nowMs, JSON.stringify(resolution)]
    );
    return rows.length > 0;
}

export type TombstoneSide = 'salesforce' | 'zoho';

export async function putTombstone(
    q: Queryable,
    connectionId: string,
    stone: {
        side: TombstoneSide;
        recordId: string;
        accountId: string | null;
        contactId: string | null;
        reason: string;
    },
    nowMs: number
): Promise<void> {
    await q.query(
        `INSERT INTO customer_tombstones (connection_id, side, record_id, account_id, contact_id, reason, created_at_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
        [
            connectionId,
            stone.side,
            stone.recordId,
            stone.accountId,
            stone.contactId,
            stone.reason,
            nowMs
        ]
    );
}

/** Whether the Account or the Zoho contact has a tombstone (either id may be omitted). */
export async function isTombstoned(
    q: Queryable,
    connectionId: string,
    ids: { accountId?: string | undefined; contactId?: string | undefined }
): Promise<boolean> {
    const rows = await q.query(
        `SELECT 1 FROM customer_tombstones
         WHERE connection_id = $1
           AND ((side = 'salesforce' AND record_id = $2) OR (side = 'zoho' AND record_id = $3)
                OR account_id = $2 OR contact_id = $3)
         LIMIT 1`,
        [connectionId, ids.accountId ?? null, ids.contactId ?? null]
    );
    return rows.length > 0;
}
