import { z } from 'zod';

import { compositeQueries } from '../../salesforce/composite.ts';
import type { SalesforceClient } from '../../salesforce/connection.ts';
import { soql } from '../../salesforce/soql.ts';
import { chunk } from '../../salesforce/writes.ts';
import type { Queryable } from '../../store/db.ts';
import { findByZohoId } from '../../store/links.ts';

const accountRowSchema = z.looseObject({ Id: z.string(), Zoho_Contact_Id__c: z.string() });

/**
 * The Salesforce Account of each Zoho customer: from the link ledger first, then by the
 * `Account.Zoho_Contact_Id__c` external id (accounts linked before the companion kept the
 * ledger, or linked by hand), 200 ids per query in one composite call. A customer with neither
 * is missing from the answer: its money cannot be shown anywhere yet.
 */
export async function accountsForCustomers(
    q: Queryable,
    salesforce: () => Promise<SalesforceClient>,
    key: { connectionId: string; zohoOrganizationId: string },
    customerIds: readonly string[]
): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (const customerId of new Set(customerIds)) {
        const link = await findByZohoId(
            q,
            key.connectionId,
            'customer',
            key.zohoOrganizationId,
            customerId
        );
        if (link) found.set(customerId, link.salesforceId);
    }
    const missing = [...new Set(customerIds)].filter((id) => !found.has(id));
    if (missing.length === 0) return found;
    const sf = await salesforce();
    const pages = await compositeQueries(
        sf,
        chunk(missing, 200).map(
            (ids) =>
                soql`SELECT Id, Zoho_Contact_Id__c FROM Account WHERE Zoho_Contact_Id__c IN ${ids}`
        )
    );
    for (const raw of pages.flat()) {
        const row = accountRowSchema.parse(raw);
        found.set(row.Zoho_Contact_Id__c, row.Id);
    }
    return found;
}
