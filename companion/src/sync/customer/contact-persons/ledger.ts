import { z } from 'zod';

import type { Queryable } from '../../../store/db.ts';
import type { LinkKind } from '../../../store/links.ts';
import type { Baseline } from '../merge.ts';

/**
 * The contact persons' part of the ledger: their links (each with the Zoho customer its person
 * belongs to), what both sides of each linked pair last agreed on (table `link_baselines`), in
 * Zoho's terms: the merge's baseline, and the tombstones of pairs one side deleted. A baseline
 * is kept beside its link and removed with it.
 */

const agreedSchema = z.record(z.string(), z.unknown());

type Key = { connectionId: string; kind: LinkKind };

export type PersonLinks = {
    /** Salesforce Contact id → linked Zoho person id, for the Contacts asked about. */
    bySalesforceId: Map<string, string>;
    /** Salesforce Contact id → the Zoho customer its linked person belongs to (null: unknown). */
    homes: Map<string, string | null>;
    /** Zoho person ids (of those asked about) linked to some other Contact. */
    linkedElsewhere: Set<string>;
    /** Those persons' Contacts: Zoho person id → Salesforce Contact id. */
    contactsElsewhere: Map<string, string>;
};

/** The links touching these Contacts or these persons, in one query. */
export async function readPersonLinks(
    q: Queryable,
    key: { connectionId: string; zohoOrganizationId: string },
    salesforceIds: readonly string[],
    zohoIds: readonly string[]
): Promise<PersonLinks> {
    const rows = await q.query<{
        salesforce_id: string;
        zoho_id: string;
        zoho_parent_id: string | null;
    }>(
        `SELECT salesforce_id, zoho_id, zoho_parent_id FROM links
         WHERE connection_id = $1 AND kind = 'contact_person' AND zoho_organization_id = $2
           AND (salesforce_id = ANY($3::text[]) OR zoho_id = ANY($4::text[]))`,
        [key.connectionId, key.zohoOrganizationId, [...salesforceIds], [...zohoIds]]
    );
    const asked = new Set(salesforceIds);
    const links: PersonLinks = {
        bySalesforceId: new Map(),
        homes: new Map(),
        linkedElsewhere: new Set(),
        contactsElsewhere: new Map()
    };
    for (const row of rows)
        if (asked.has(row.salesforce_id)) {
            links.bySalesforceId.set(row.salesforce_id, row.zoho_id);
            links.homes.set(row.salesforce_id, row.zoho_parent_id);
        } else {
            links.linkedElsewhere.add(row.zoho_id);
            links.contactsElsewhere.set(row.zoho_id, row.salesforce_id);
        }
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

/** Records the Zoho customer a linked person belongs to. */
export async function setPersonHome(
    q: Queryable,
    connectionId: string,
    salesforceId: string,
    zohoContactId: string
): Promise<void> {
    await q.query(
        `UPDATE links SET zoho_parent_id = $3
         WHERE connection_id = $1 AND kind = 'contact_person' AND salesforce_id = $2
           AND zoho_parent_id IS DISTINCT FROM $3`,
        [connectionId, salesforceId, zohoContactId]
    );
}

/** The person link of one Contact, with its person's customer. */
export async function readPersonLink(
    q: Queryable,
    connectionId: string,
    salesforceId: string
): Promise<{ zohoOrganizationId: string; zohoId: string; home: string | null } | undefined> {
    const [row] = await q.query<{
        zoho_organization_id: string;
        zoho_id: string;
        zoho_parent_id: string | null;
    }>(
        `SELECT zoho_organization_id, zoho_id, zoho_parent_id FROM links
         WHERE connection_id = $1 AND kind = 'contact_person' AND salesforce_id = $2`,
        [connectionId, salesforceId]
    );
    return (
        row && {
            zohoOrganizationId: row.zoho_organization_id,
            zohoId: row.zoho_id,
            home: row.zoho_parent_id
        }
    );
}

/** Removes a Contact's person link (its baseline goes with it). */
export async function dropPersonLink(
    q: Queryable,
    connectionId: string,
    salesforceId: string
): Promise<void> {
    await q.query(
        `DELETE FROM links WHERE connection_id = $1 AND kind = 'contact_person' AND salesforce_id = $2`,
        [connectionId, salesforceId]
    );
}

export type PersonTombstone = {
    /** The side that deleted its record: the Contact, or the Zoho person. */
    side: 'salesforce' | 'zoho';
    salesforceContactId: string;
    zohoPersonId: string;
    zohoContactId: string | null;
    reason: string;
};

/** Leaves a tombstone for a pair one side deleted (a second one for the Contact adds nothing). */
export async function buryPerson(
    q: Queryable,
    connectionId: string,
    stone: PersonTombstone,
    nowMs: number
): Promise<void> {
    await q.query(
        `INSERT INTO contact_person_tombstones (connection_id, side, salesforce_contact_id,
             zoho_person_id, zoho_contact_id, reason, created_at_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
        [
            connectionId,
            stone.side,
            stone.salesforceContactId,
            stone.zohoPersonId,
            stone.zohoContactId,
            stone.reason,
            nowMs
        ]
    );
}

/** Which of these Contacts and Zoho persons have a tombstone. */
export async function readPersonTombstones(
    q: Queryable,
    connectionId: string,
    salesforceIds: readonly string[],
    zohoIds: readonly string[]
): Promise<{ contacts: Set<string>; persons: Set<string> }> {
    const rows = await q.query<{ salesforce_contact_id: string; zoho_person_id: string }>(
        `SELECT salesforce_contact_id, zoho_person_id FROM contact_person_tombstones
         WHERE connection_id = $1
           AND (salesforce_contact_id = ANY($2::text[]) OR zoho_person_id = ANY($3::text[]))`,
        [connectionId, [...salesforceIds], [...zohoIds]]
    );
    return {
        contacts: new Set(rows.map((r) => r.salesforce_contact_id)),
        persons: new Set(rows.map((r) => r.zoho_person_id))
    };
}
