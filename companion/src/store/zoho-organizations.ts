import { AppError } from '../errors.ts';
import type { Db, Queryable } from './db.ts';

/**
 * Makes `organizationId` the connection's chosen Zoho organization (the one invoices go to).
 * Two statements in one transaction: the one-default index is checked row by row, so the old
 * default is cleared before the new one is set.
 *
 * @returns false when the organization is not joined to the connection (nothing changes).
 */
export async function chooseZohoOrganization(
    db: Db,
    connectionId: string,
    organizationId: string
): Promise<boolean> {
    return db.transaction(async (tx) => {
        const [found] = await tx.query<{ organization_id: string }>(
            `SELECT organization_id FROM zoho_organizations
             WHERE connection_id = $1 AND organization_id = $2 FOR UPDATE`,
            [connectionId, organizationId]
        );
        if (!found) return false;
        await tx.query(
            'UPDATE zoho_organizations SET is_default = false WHERE connection_id = $1 AND is_default',
            [connectionId]
        );
        await tx.query(
            `UPDATE zoho_organizations SET is_default = true
             WHERE connection_id = $1 AND organization_id = $2`,
            [connectionId, organizationId]
        );
        return true;
    });
}

/** Records the names Zoho gives the organizations (shown when choosing one). */
export async function recordZohoOrganizationNames(
    q: Queryable,
    connectionId: string,
    organizations: readonly { organization_id: string; name?: string | undefined }[]
): Promise<void> {
    for (const org of organizations) {
        if (org.name === undefined) continue;
        await q.query(
            `UPDATE zoho_organizations SET name = $3
             WHERE connection_id = $1 AND organization_id = $2`,
            [connectionId, org.organization_id, org.name]
        );
    }
}

/** The names recorded for a connection's organizations, by organization id. */
export async function zohoOrganizationNames(
    q: Queryable,
    connectionId: string
): Promise<Map<string, string>> {
    const rows = await q.query<{ organization_id: string; name: string }>(
        'SELECT organization_id, name FROM zoho_organizations WHERE connection_id = $1 AND name IS NOT NULL',
        [connectionId]
    );
    return new Map(rows.map((r) => [r.organization_id, r.name]));
}

/**
 * Whose ids the connection's unique-field values carry (see zoho/unique-key.ts); an unknown
 * connection is an error (`connection_not_found`).
 */
export async function keyScopeOf(
    q: Queryable,
    connectionId: string
): Promise<{ salesforceOrgId: string; legacy: boolean }> {
    const [row] = await q.query<{ salesforce_org_id: string; legacy_zoho_keys: boolean }>(
        'SELECT salesforce_org_id, legacy_zoho_keys FROM connections WHERE id = $1',
        [connectionId]
    );
    if (!row) throw new AppError('connection_not_found', `no connection ${connectionId}`);
    return { salesforceOrgId: row.salesforce_org_id, legacy: row.legacy_zoho_keys };
}
