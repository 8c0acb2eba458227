import { AppError } from '../errors.ts';
import type { Queryable } from './db.ts';

/** What a link joins: a Salesforce record and the Zoho record it corresponds to. */
export type LinkKind =
    'customer' | 'contact_person' | 'item' | 'invoice' | 'payment' | 'credit_note';

export type Link = {
    connectionId: string;
    kind: LinkKind;
    salesforceId: string;
    zohoOrganizationId: string;
    zohoId: string;
    /** Hash of the mapped fields last written, for no-op detection and echo suppression. */
    dataHash: string | null;
};

type LinkRow = {
    connection_id: string;
    kind: LinkKind;
    salesforce_id: string;
    zoho_organization_id: string;
    zoho_id: string;
    data_hash: string | null;
};

function fromRow(row: LinkRow): Link {
    return {
        connectionId: row.connection_id,
        kind: row.kind,
        salesforceId: row.salesforce_id,
        zohoOrganizationId: row.zoho_organization_id,
        zohoId: row.zoho_id,
        dataHash: row.data_hash
    };
}

export class LinkConflictError extends AppError {
    constructor(link: Link, other: string) {
        super(
            'link_conflict',
            `Zoho ${link.kind} ${link.zohoId} is already linked to Salesforce record ${other}, not ${link.salesforceId}`
        );
    }
}

/**
 * Records that a Salesforce record and a Zoho record are the same thing. Re-linking the same pair
 * updates the hash; linking a Zoho record already linked to another Salesforce record fails,
 * because a silent re-point would merge two customers.
 */
export async function saveLink(q: Queryable, link: Link): Promise<Link> {
    const [other] = await q.query<{ salesforce_id: string }>(
        `SELECT salesforce_id FROM links
         WHERE connection_id = $1 AND kind = $2 AND zoho_organization_id = $3 AND zoho_id = $4 AND salesforce_id <> $5`,
        [link.connectionId, link.kind, link.zohoOrganizationId, link.zohoId, link.salesforceId]
    );
    if (other) throw new LinkConflictError(link, other.salesforce_id);
    const [row] = await q.query<LinkRow>(
        `INSERT INTO links (connection_id, kind, salesforce_id, zoho_organization_id, zoho_id, data_hash)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (connection_id, kind, salesforce_id) DO UPDATE
         SET zoho_organization_id = EXCLUDED.zoho_organization_id, zoho_id = EXCLUDED.zoho_id,
             data_hash = EXCLUDED.data_hash, updated_at = now()
         RETURNING connection_id, kind, salesforce_id, zoho_organization_id, zoho_id, data_hash`,
        [
            link.connectionId,
            link.kind,
            link.salesforceId,
            link.zohoOrganizationId,
            link.zohoId,
            link.dataHash
        ]
    );
    if (!row) throw new AppError('store_write_failed', 'saving the link returned nothing');
    return fromRow(row);
}

export async function findBySalesforceId(
    q: Queryable,
    connectionId: string,
    kind: LinkKind,
    salesforceId: string
): Promise<Link | undefined> {
    const [row] = await q.query<LinkRow>(
        'SELECT * FROM links WHERE connection_id = $1 AND kind = $2 AND salesforce_id = $3',
        [connectionId, kind, salesforceId]
    );
    return row && fromRow(row);
}

export async function findByZohoId(
    q: Queryable,
    connectionId: string,
    kind: LinkKind,
    zohoOrganizationId: string,
    zohoId: string
): Promise<Link | undefined> {
    const [row] = await q.query<LinkRow>(
        'SELECT * FROM links WHERE connection_id = $1 AND kind = $2 AND zoho_organization_id = $3 AND zoho_id = $4',
        [connectionId, kind, zohoOrganizationId, zohoId]
    );
    return row && fromRow(row);
}
