import { randomUUID } from 'node:crypto';

import { AppError } from '../errors.ts';
import type { Queryable } from './db.ts';

export const zohoRegions = ['us', 'eu', 'in', 'au', 'jp', 'ca', 'cn', 'sa'] as const;
export type ZohoRegion = (typeof zohoRegions)[number];
export type ConnectionStatus = 'pending' | 'active' | 'disabled';

export type Connection = {
    id: string;
    name: string;
    salesforceOrgId: string;
    salesforceInstanceUrl: string | null;
    /** The OAuth client the companion signs in to the org with (its secret is in the vault). */
    salesforceLoginUrl: string | null;
    salesforceClientId: string | null;
    status: ConnectionStatus;
    createdAt: Date;
};

export type ZohoOrganization = {
    connectionId: string;
    organizationId: string;
    region: ZohoRegion;
    isDefault: boolean;
    status: 'active' | 'disabled';
    /** Whether the Salesforce-id field exists on invoices and contacts; null until read. */
    keyFields: { invoice: boolean; contact: boolean; checkedAt: Date } | null;
    /** The Zoho Books plan as `GET /organizations` names it; null until read. */
    planName: string | null;
};

type ConnectionRow = {
    id: string;
    name: string;
    salesforce_org_id: string;
    salesforce_instance_url: string | null;
    salesforce_login_url: string | null;
    salesforce_client_id: string | null;
    status: ConnectionStatus;
    created_at: Date | string;
};

type ZohoOrganizationRow = {
    connection_id: string;
    organization_id: string;
    region: ZohoRegion;
    is_default: boolean;
    status: 'active' | 'disabled';
    invoice_key_field: boolean | null;
    contact_key_field: boolean | null;
    key_fields_checked_at: Date | null;
    plan_name: string | null;
};

function fromRow(row: ConnectionRow): Connection {
    return {
        id: row.id,
        name: row.name,
        salesforceOrgId: row.salesforce_org_id,
        salesforceInstanceUrl: row.salesforce_instance_url,
        salesforceLoginUrl: row.salesforce_login_url,
        salesforceClientId: row.salesforce_client_id,
        status: row.status,
        createdAt: new Date(row.created_at)
    };
}

function zohoFromRow(row: ZohoOrganizationRow): ZohoOrganization {
    return {
        connectionId: row.connection_id,
        organizationId: row.organization_id,
        region: row.region,
        isDefault: row.is_default,
        status: row.status,
        keyFields:
            row.key_fields_checked_at === null
                ? null
                : {
                      invoice: row.invoice_key_field === true,
                      contact: row.contact_key_field === true,
                      checkedAt: new Date(row.key_fields_checked_at)
                  },
        planName: row.plan_name
    };
}

export class ConnectionExistsError extends AppError {
    constructor(orgId: string) {
        super('connection_exists', `a connection for Salesforce org ${orgId} already exists`);
    }
}

export async function createConnection(
    q: Queryable,
    input: { name: string; salesforceOrgId: string; salesforceInstanceUrl?: string; id?: string }
): Promise<Connection> {
    const rows = await q.query<ConnectionRow>(
        `INSERT INTO connections (id, name, salesforce_org_id, salesforce_instance_url)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (salesforce_org_id) DO NOTHING
         RETURNING *`,
        [
            input.id ?? randomUUID(),
            input.name,
            input.salesforceOrgId,
            input.salesforceInstanceUrl ?? null
        ]
    );
    const row = rows[0];
    if (!row) throw new ConnectionExistsError(input.salesforceOrgId);
    return fromRow(row);
}

export async function getConnection(q: Queryable, id: string): Promise<Connection | undefined> {
    const [row] = await q.query<ConnectionRow>('SELECT * FROM connections WHERE id = $1', [id]);
    return row && fromRow(row);
}

export async function findConnectionByOrgId(
    q: Queryable,
    salesforceOrgId: string
): Promise<Connection | undefined> {
    const [row] = await q.query<ConnectionRow>(
        'SELECT * FROM connections WHERE salesforce_org_id = $1',
        [salesforceOrgId]
    );
    return row && fromRow(row);
}

export async function listConnections(q: Queryable): Promise<Connection[]> {
    const rows = await q.query<ConnectionRow>('SELECT * FROM connections ORDER BY created_at, id');
    return rows.map(fromRow);
}

/** Records where and as which OAuth client the companion signs in to the connection's org. */
export async function setSalesforceClient(
    q: Queryable,
    id: string,
    input: { instanceUrl: string; loginUrl: string; clientId: string }
): Promise<void> {
    await q.query(
        `UPDATE connections SET salesforce_instance_url = $2, salesforce_login_url = $3,
             salesforce_client_id = $4, updated_at = now() WHERE id = $1`,
        [id, input.instanceUrl, input.loginUrl, input.clientId]
    );
}

export async function setConnectionStatus(
    q: Queryable,
    id: string,
    status: ConnectionStatus
): Promise<boolean> {
    const rows = await q.query(
        'UPDATE connections SET status = $2, updated_at = now() WHERE id = $1 RETURNING id',
        [id, status]
    );
    return rows.length === 1;
}

/**
 * Joins a Zoho organization to a connection (or updates its region). The first one joined
 * becomes the default, which flows use unless a mapping names another.
 */
export async function addZohoOrganization(
    q: Queryable,
    input: {
        connectionId: string;
        organizationId: string;
        region: ZohoRegion;
        isDefault?: boolean;
        planName?: string | undefined;
    }
): Promise<ZohoOrganization> {
    const [existing] = await q.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM zoho_organizations WHERE connection_id = $1',
        [input.connectionId]
    );
    const makeDefault = input.isDefault ?? existing?.n === 0;
    if (makeDefault) {
        await q.query('UPDATE zoho_organizations SET is_default = false WHERE connection_id = $1', [
            input.connectionId
        ]);
    }
    const [row] = await q.query<ZohoOrganizationRow>(
        `INSERT INTO zoho_organizations (connection_id, organization_id, region, is_default, plan_name)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (connection_id, organization_id)
         DO UPDATE SET region = EXCLUDED.region, is_default = EXCLUDED.is_default OR zoho_organizations.is_default,
             plan_name = COALESCE(EXCLUDED.plan_name, zoho_organizations.plan_name)
         RETURNING *`,
        [
            input.connectionId,
            input.organizationId,
            input.region,
            makeDefault,
            input.planName ?? null
        ]
    );
    if (!row)
        throw new AppError('store_write_failed', 'adding the Zoho organization returned nothing');
    return zohoFromRow(row);
}

export async function listZohoOrganizations(
    q: Queryable,
    connectionId: string
): Promise<ZohoOrganization[]> {
    const rows = await q.query<ZohoOrganizationRow>(
        'SELECT * FROM zoho_organizations WHERE connection_id = $1 ORDER BY is_default DESC, organization_id',
        [connectionId]
    );
    return rows.map(zohoFromRow);
}

/**
 * Records what the organization's field settings say about the Salesforce-id field. Fields are
 * the organization's, so every connection that reaches it learns the same.
 */
export async function recordKeyFields(
    q: Queryable,
    organizationId: string,
    keyFields: { invoice: boolean; contact: boolean },
    at: Date
): Promise<void> {
    await q.query(
        `UPDATE zoho_organizations
         SET invoice_key_field = $2, contact_key_field = $3, key_fields_checked_at = $4
         WHERE organization_id = $1`,
        [organizationId, keyFields.invoice, keyFields.contact, at]
    );
}

/**
 * The plan name last read for a Zoho organization, whichever connection reached it (the plan is
 * the organization's); undefined when none was read.
 */
export async function zohoPlanName(
    q: Queryable,
    organizationId: string
): Promise<string | undefined> {
    const [row] = await q.query<{ plan_name: string }>(
        `SELECT plan_name FROM zoho_organizations WHERE organization_id = $1 AND plan_name IS NOT NULL
         ORDER BY created_at DESC LIMIT 1`,
        [organizationId]
    );
    return row?.plan_name;
}

/** The Salesforce user the companion acts as, read from the identity URL when connected. */
export type SalesforceIdentity = {
    userId: string;
    username: string | null;
    displayName: string | null;
    connectedAt: Date;
};

/** Records the connected Salesforce user (the connect flow, after the org check). */
export async function setSalesforceIdentity(
    q: Queryable,
    id: string,
    identity: SalesforceIdentity
): Promise<void> {
    await q.query(
        `UPDATE connections SET salesforce_user_id = $2, salesforce_username = $3,
             salesforce_display_name = $4, salesforce_connected_at = $5, updated_at = now()
         WHERE id = $1`,
        [id, identity.userId, identity.username, identity.displayName, identity.connectedAt]
    );
}

export async function getSalesforceIdentity(
    q: Queryable,
    id: string
): Promise<SalesforceIdentity | undefined> {
    const [row] = await q.query<{
        salesforce_user_id: string | null;
        salesforce_username: string | null;
        salesforce_display_name: string | null;
        salesforce_connected_at: Date | string | null;
    }>(
        `SELECT salesforce_user_id, salesforce_username, salesforce_display_name,
             salesforce_connected_at FROM connections WHERE id = $1`,
        [id]
    );
    if (!row?.salesforce_user_id || row.salesforce_connected_at === null) return undefined;
    return {
        userId: row.salesforce_user_id,
        username: row.salesforce_username,
        displayName: row.salesforce_display_name,
        connectedAt: new Date(row.salesforce_connected_at)
    };
}
