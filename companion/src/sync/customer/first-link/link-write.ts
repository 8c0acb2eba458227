import type { Queryable } from '../../../store/db.ts';
import { saveLink } from '../../../store/links.ts';
import { enqueueWriteback } from '../../../store/writebacks.ts';

/**
 * Records one first-link match in the ledger and queues the Zoho contact id onto the Account
 * (`Zoho_Contact_Id__c`, as the invoice flow writes it) unless the Account already holds it.
 * Its own write-back subject, so a pending update of other Account fields is not replaced.
 */
export async function writeCustomerLink(
    q: Queryable,
    input: {
        connectionId: string;
        zohoOrganizationId: string;
        accountId: string;
        zohoContactId: string;
        storedZohoId: string | null | undefined;
        correlationId?: string | undefined;
        nowMs: number;
    }
): Promise<boolean> {
    await saveLink(q, {
        connectionId: input.connectionId,
        kind: 'customer',
        salesforceId: input.accountId,
        zohoOrganizationId: input.zohoOrganizationId,
        zohoId: input.zohoContactId,
        dataHash: null
    });
    if (input.storedZohoId === input.zohoContactId) return false;
    await enqueueWriteback(q, {
        connectionId: input.connectionId,
        subject: `first-link:${input.accountId}`,
        records: [
            {
                op: 'update',
                sobject: 'Account',
                fields: {
                    Id: input.accountId,
                    Zoho_Contact_Id__c: input.zohoContactId,
                    Zoho_Last_Synced__c: new Date(input.nowMs).toISOString()
                }
            }
        ],
        correlationId: input.correlationId,
        nowMs: input.nowMs
    });
    return true;
}

/** The customer links of a connection's Zoho organization: Account ids and contact ids taken. */
export async function customerLedger(
    q: Queryable,
    connectionId: string,
    zohoOrganizationId: string
): Promise<{ accounts: Set<string>; contacts: Set<string> }> {
    const rows = await q.query<{ salesforce_id: string; zoho_id: string }>(
        `SELECT salesforce_id, zoho_id FROM links
         WHERE connection_id = $1 AND kind = 'customer' AND zoho_organization_id = $2`,
        [connectionId, zohoOrganizationId]
    );
    return {
        accounts: new Set(rows.map((r) => r.salesforce_id)),
        contacts: new Set(rows.map((r) => r.zoho_id))
    };
}
