import { describe, expect, it } from 'vitest';

import { EVENT_HEADERS } from '../src/contracts/salesforce-events.ts';
import { addZohoOrganization } from '../src/store/connections.ts';
import { getSecret } from '../src/store/secrets.ts';
import { invoiceEnv, type InvoiceEnv } from './support/invoice-env.ts';
import { useTestDb } from './support/test-db.ts';

/**
 * Invoices never go to an arbitrary Zoho organization: with two joined and none chosen, a won
 * deal is held with the reason; once the admin chooses one, "Resync" invoices it there.
 */

let env: InvoiceEnv | undefined;
const testDb = useTestDb(async () => {
    await env?.close();
    env = undefined;
});

describe('several Zoho organizations and none chosen', () => {
    it('holds the deal with a clear reason, then invoices into the organization the admin chose', async () => {
        env = await invoiceEnv(testDb.db, { deals: 1, linked: true });
        const e = env;
        // A second organization joins and the connection has no chosen one (as after a consent
        // where Zoho marked none of several as the user's default).
        const other = e.pair.zoho.sandbox.createOrg({ name: 'Other books' });
        await addZohoOrganization(e.db, {
            connectionId: e.connectionId,
            organizationId: other.organization_id,
            region: 'us',
            isDefault: false
        });
        await e.db.query(
            'UPDATE zoho_organizations SET is_default = false WHERE connection_id = $1',
            [e.connectionId]
        );
        const id = e.seed.opportunities[0]!.salesforceId;

        e.closeDeals([id]);
        const held = await e.waitFor(
            () => e.opportunity(id).Closebooks_Sync_Status__c === 'Held' && e.opportunity(id),
            20_000,
            'the held deal'
        );
        expect(held.Closebooks_Sync_Message__c).toMatch(
            /2 Zoho Books organizations are connected and none is chosen/
        );
        expect(await e.invoicesFor(id)).toHaveLength(0);

        const eventSecret = await getSecret(e.db, e.keyring, {
            connectionId: e.connectionId,
            kind: 'event_secret'
        });
        const chosen = await fetch(`${e.server.url}/v1/package/zoho-organizations/default`, {
            method: 'PUT',
            headers: {
                'content-type': 'application/json',
                [EVENT_HEADERS.connection]: e.connectionId,
                [EVENT_HEADERS.secret]: eventSecret ?? ''
            },
            body: JSON.stringify({ organizationId: e.zohoOrg })
        });
        expect(chosen.status).toBe(200);

        await e.sendEvents('invoice.requested', [id]);
        const synced = await e.waitFor(
            () => (e.opportunity(id).Zoho_Invoice_Id__c ? e.opportunity(id) : undefined),
            20_000,
            'the invoice after the choice'
        );
        expect(synced.Closebooks_Sync_Status__c).toBe('Synced');
        expect(await e.invoicesFor(id)).toHaveLength(1);
    });
});
