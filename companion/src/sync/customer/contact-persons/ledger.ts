import { z } from 'zod';

import type { Queryable } from '../../../store/db.ts';
import type { LinkKind } from '../../../store/links.ts';
import type { Baseline } from '../merge.ts';

/**
 * The contact persons' part of the ledger: their links, and what both sides of each linked pair
 * last agreed on (table `link_baselines`), in Zoho's terms: the merge's baseline. A baseline is
 * kept beside its link and removed with it.
 */

const agreedSchema = z.record(z.string(), z.unknown());

type Key = { connectionId: string; kind: LinkKind };

export type PersonLinks = {
    /** Salesforce Contact id → linked Zoho person id, for the Contacts asked about. */
    bySalesforceId: Map<string, string>;
    /** Zoho person ids (of those asked about) linked to some other Contact. */
    linkedElsewhere: Set<string>;
};

/** The links touching these Contacts or these persons, in one query. */
export async function readPersonLinks(
    q: Queryable,
    key: { connectionId: string; zohoOrganizationId: string },
    salesforceIds: readonly string[],
    zohoIds: readonly string[]
): Promise<PersonLinks> {
    const rows = await q.query<{ salesforce_id: string; zoho_id: string }>(
        `SELECT salesforce_id, zoho_id FROM links
         WHERE connection_id = $1 AND kind = 'contact_person' AND zoho_organization_id = $2
           AND (salesforce_id = ANY($3::text[]) OR zoho_id = ANY($4::text[]))`,
        [key.connectionId, key.zohoOrganizationId, [...salesforceIds], [...zohoIds]]
    );
    const asked = new Set(salesforceIds);
    const links: PersonLinks = { bySalesforceId: new Map(), linkedElsewhere: new Set() };
    for (const row of rows)
        if (asked.has(row.salesforce_id)) links.bySalesforceId.set(row.salesforce_id, row.zoho_id);
        else links.linkedElsewhere.add(row.zoho_id);
    return links;
}

/** The agreed values of each of `salesforceIds` that has any. */
export async function readBaselines(
    q: Queryable,
    key: Key,
    salesforceIds: readonly string[]
): Promise<Map<string, Baseline>> {
    if (salesforceIds.length === 0) return new Map();
    const rows = await q.query<{ salesforce_id: string; agreed: unknown }>(
        `SELECT salesforce_id, agreed FROM link_baselines
         WHERE connection_id = $1 AND kind = $2 AND salesforce_id = ANY($3::text[])`,
        [key.connectionId, key.kind, [...salesforceIds]]
    );
    return new Map(
        rows.map((r) => [
            r.salesforce_id,
            agreedSchema.parse(typeof r.agreed === 'string' ? JSON.parse(r.agreed) : r.agreed)
        ])
    );
}

/** Replaces the agreed values of one linked record (its link must exist). */
export async function saveBaseline(
    q: Queryable,
    key: Key,
    salesforceId: string,
    agreed: Baseline
): Promise<void> {
    await q.query(
        `INSERT INTO link_baselines (connection_id, kind, salesforce_id, agreed)
         VALUES ($1, $2, $3, $4::jsonb)
         ON CONFLICT (connection_id, kind, salesforce_id) DO UPDATE
         SET agreed = EXCLUDED.agreed, updated_at = now()`,
        [key.connectionId, key.kind, salesforceId, JSON.stringify(agreed)]
    );
}
