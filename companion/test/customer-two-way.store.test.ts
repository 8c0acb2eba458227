import { describe, expect, it } from 'vitest';

import { customerEnv, type CustomerEnv } from './support/customer-env.ts';
import { useTestDb } from './support/test-db.ts';

/**
 * Customer sync (F2) both ways, end to end: each change causes exactly one write on the other
 * side and nothing comes back.
 */
describe('customer sync: changes flow both ways without echo', () => {
    let env: CustomerEnv | undefined;
    const testDb = useTestDb(async () => {
        await env?.close();
        env = undefined;
    });

    const writes = (operation: string) => env!.journalCount(operation);

    /** A linked customer: an Account made a Zoho customer by an explicit sync request. */
    async function linkedCustomer(e: CustomerEnv) {
        const linked = await e.linkedCustomer({
            Name: 'Two Way Traders',
            BillingStreet: '1 Harbour Road',
            BillingCity: 'Hamburg',
            BillingCountry: 'Germany',
            Website: 'https://two-way.example'
        });
        expect(linked.contactId).toMatch(/^\d+$/);
        return linked;
    }

    it('sends a Salesforce address change to Zoho once, and its webhook echo writes nothing', async () => {
        env = await customerEnv(testDb.db);
        const { accountId, contactId } = await linkedCustomer(env);
        const zohoWrites = env.zohoContactWrites();
        const salesforceWrites = await writes('salesforce.account.update');

        env.updateAccount(accountId, { BillingCity: 'Bremen' });
        await env.drained();
        const contact = (await env.books.get(`/contacts/${contactId}`)).body.contact as {
            billing_address: Record<string, unknown>;
        };
        expect(contact.billing_address).toMatchObject({
            city: 'Bremen',
            address: '1 Harbour Road'
        });
        expect(env.zohoContactWrites()).toBe(zohoWrites + 1);
        expect(await writes('zoho.contact.update')).toBe(1);
        expect(await writes('salesforce.account.update')).toBe(salesforceWrites);

        // The same event again (a redelivery, a sweep) finds nothing to do.
        await env.requestSync([accountId]);
        await env.drained();
        expect(env.zohoContactWrites()).toBe(zohoWrites + 1);
        expect(await writes('salesforce.account.update')).toBe(salesforceWrites);
    }, 60_000);

    it('brings a Zoho change of a two-way field to Salesforce once, by its webhook, with no echo', async () => {
        env = await customerEnv(testDb.db);
        const { accountId, contactId } = await linkedCustomer(env);
        const zohoWrites = env.zohoContactWrites();
        const events = env.sf.deliveries(env.sfOrg).length;

        const res = await env.books.put(`/contacts/${contactId}`, {
            contact_name: 'Two Way Traders',
            contact_type: 'customer',
            website: 'https://two-way.example/shop'
        });
        expect(res.status).toBe(200);
        await env.waitFor(
            () => env!.account(accountId).Website === 'https://two-way.example/shop',
            15_000,
            'the website on the Account'
        );
        await env.drained();
        expect(await writes('salesforce.account.update')).toBe(1);
        // Only the clerk's own write in Zoho; the Salesforce write raised no event back.
        expect(env.zohoContactWrites()).toBe(zohoWrites + 1);
        expect(await writes('zoho.contact.update')).toBe(0);
        expect(env.sf.deliveries(env.sfOrg).length).toBe(events);
    }, 60_000);

    it("brings a person's e-mail changed on the Zoho contact to the Salesforce Contact by the contact's webhook", async () => {
        env = await customerEnv(testDb.db);
        await env.drained();
        const [accountId] = env.createAccounts([
            { Name: 'Mail Movers', BillingCountry: 'Germany' }
        ]);
        const { created } = env.sf.seed(env.sfOrg, {
            records: [
                {
                    object: 'Contact',
                    ref: 'bo',
                    fields: {
                        FirstName: 'Bo',
                        LastName: 'Berg',
                        Email: 'bo@mail-movers.example',
                        AccountId: accountId
                    }
                }
            ]
        });
        const contactId = created[0]!.id;
        await env.requestSync([accountId!]);
        await env.drained();
        const customerId = String(env.account(accountId!).Zoho_Contact_Id__c);
        const personId = String(
            env.sf.records(env.sfOrg, 'Contact').find((r) => r.Id === contactId)
                ?.Zoho_Contact_Person_Id__c
        );

        // As the clerk's contact form in Zoho does: the persons are edited with the contact.
        const res = await env.books.put(`/contacts/${customerId}`, {
            contact_name: 'Mail Movers',
            contact_persons: [
                {
                    contact_person_id: personId,
                    first_name: 'Bo',
                    last_name: 'Berg',
                    email: 'bo.berg@mail-movers.example'
                }
            ]
        });
        expect(res.status).toBe(200);
        await env.waitFor(
            () =>
                env!.sf.records(env!.sfOrg, 'Contact').find((r) => r.Id === contactId)?.Email ===
                'bo.berg@mail-movers.example',
            15_000,
            "the person's e-mail on the Contact"
        );
        await env.drained();
        expect(await writes('zoho.contact_person.update')).toBe(0);
    }, 60_000);

    it('fetches a contact it does not know from its webhook and links it when it names its Account', async () => {
        env = await customerEnv(testDb.db);
        await env.drained();
        const [accountId] = env.createAccounts([
            { Name: 'Known By Key', BillingCity: 'Kiel', BillingCountry: 'Germany' }
        ]);
        await env.drained();
        const res = await env.books.post('/contacts', {
            contact_name: 'Known By Key (Zoho)',
            contact_type: 'customer',
            custom_fields: [{ api_name: 'cf_salesforce_id', value: `${env.sfOrg}:${accountId}` }]
        });
        expect(res.status).toBe(201);
        const contactId = String((res.body.contact as { contact_id: string }).contact_id);
        await env.drained();

        const [link] = await testDb.db.query<{ zoho_id: string }>(
            "SELECT zoho_id FROM links WHERE kind = 'customer' AND salesforce_id = $1",
            [accountId]
        );
        expect(link?.zoho_id).toBe(contactId);
        // A first link: the Salesforce-owned name and address reach Zoho.
        const contact = (await env.books.get(`/contacts/${contactId}`)).body.contact as {
            contact_name: string;
            billing_address: { city: string };
        };
        expect(contact.contact_name).toBe('Known By Key');
        expect(contact.billing_address.city).toBe('Kiel');
    }, 60_000);
});
