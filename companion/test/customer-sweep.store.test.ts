import { describe, expect, it } from 'vitest';

import { customerEnv, type CustomerEnv } from './support/customer-env.ts';
import { useTestDb } from './support/test-db.ts';

/** Customer sync (F2): the contacts sweep catches missed webhooks; gone records stay gone. */
describe('customer sync: sweep and tombstones', () => {
    let env: CustomerEnv | undefined;
    const testDb = useTestDb(async () => {
        await env?.close();
        env = undefined;
    });
    const meta = { actor: 'test', correlationId: null };

    const journal = (operation: string) => env!.journalCount(operation);

    const linkedCustomer = (e: CustomerEnv) =>
        e.linkedCustomer({
            Name: 'Sweep Supplies',
            BillingCity: 'Munich',
            BillingCountry: 'Germany',
            Website: 'https://sweep.example'
        });

    it("gives a new customer its Account's Contacts as persons, and brings a person's Zoho e-mail change back with the sweep", async () => {
        env = await customerEnv(testDb.db, { webhooks: false });
        await env.drained();
        const [accountId] = env.createAccounts([
            { Name: 'Person Works', BillingCountry: 'Germany' }
        ]);
        const { created } = env.sf.seed(env.sfOrg, {
            records: [
                {
                    object: 'Contact',
                    ref: 'ann',
                    fields: {
                        FirstName: 'Ann',
                        LastName: 'Lee',
                        Email: 'ann@person.example',
                        AccountId: accountId
                    }
                }
            ]
        });
        const contactId = created[0]!.id;
        await env.requestSync([accountId!]);
        await env.drained();
        const customerId = String(env.account(accountId!).Zoho_Contact_Id__c);
        const { contact } = (await env.books.get(`/contacts/${customerId}`)).body as {
            contact: { contact_persons: { contact_person_id: string; email: string }[] };
        };
        const person = contact.contact_persons.find((p) => p.email === 'ann@person.example');
        expect(person).toBeDefined();

        await env.books.put(`/contacts/contactpersons/${person!.contact_person_id}`, {
            contact_id: customerId,
            first_name: 'Ann',
            last_name: 'Lee',
            email: 'ann.lee@person.example'
        });
        await env.runtime.customers.sweep.run(env.connectionId, meta);
        const sfContact = env.sf.records(env.sfOrg, 'Contact').find((r) => r.Id === contactId);
        expect(sfContact?.Email).toBe('ann.lee@person.example');
    }, 60_000);

    it('brings a Zoho change whose webhook never arrived to Salesforce with the next sweep, once', async () => {
        env = await customerEnv(testDb.db, { webhooks: false });
        const { accountId, contactId } = await linkedCustomer(env);
        await env.books.put(`/contacts/${contactId}`, {
            contact_name: 'Sweep Supplies',
            contact_type: 'customer',
            website: 'https://sweep.example/new'
        });
        await env.drained();
        expect(env.account(accountId).Website).toBe('https://sweep.example');

        await env.runtime.customers.sweep.run(env.connectionId, meta);
        expect(env.account(accountId).Website).toBe('https://sweep.example/new');
        expect(await journal('salesforce.account.update')).toBe(1);

        await env.runtime.customers.sweep.run(env.connectionId, meta);
        expect(await journal('salesforce.account.update')).toBe(1);
        expect(await journal('zoho.contact.update')).toBe(0);
    }, 60_000);

    it('leaves a tombstone for a Zoho contact that is gone, and no event re-creates it', async () => {
        env = await customerEnv(testDb.db);
        const { accountId, contactId } = await linkedCustomer(env);
        const res = await env.books.del(`/contacts/${contactId}`);
        expect(res.status).toBe(200);
        // Zoho's deletion webhook alone tells (its body repeats the last edit's, and no sweep
        // lists a deleted contact).
        await env.drained();
        const stones = await testDb.db.query<{ side: string; record_id: string }>(
            'SELECT side, record_id FROM customer_tombstones'
        );
        expect(stones).toEqual([{ side: 'zoho', record_id: contactId }]);

        const before = (await env.contacts()).length;
        env.updateAccount(accountId, { BillingCity: 'Ulm' });
        await env.requestSync([accountId]);
        await env.drained();
        await env.runtime.customers.sweep.run(env.connectionId, meta);
        expect((await env.contacts()).length).toBe(before);
        expect(await journal('zoho.contact.create')).toBe(1);
    }, 60_000);

    it('re-points the link of a merged Account to its master with the next sweep, and buries a deleted one', async () => {
        env = await customerEnv(testDb.db);
        const { accountId: loser, contactId } = await linkedCustomer(env);
        const [master, doomed] = env.createAccounts([
            { Name: 'Sweep Supplies Group', BillingCountry: 'Germany' },
            { Name: 'Doomed Dealers', BillingCountry: 'Germany' }
        ]);
        await env.requestSync([doomed!]);
        await env.drained();
        expect(env.account(doomed!).Zoho_Contact_Id__c).toMatch(/^\d+$/);
        env.sf.merge(env.sfOrg, 'Account', master!, [loser]);
        env.sf.remove(env.sfOrg, 'Account', doomed!);
        const contactsBefore = (await env.contacts()).length;

        await env.runtime.customers.sweep.run(env.connectionId, meta);
        await env.drained();
        const links = await testDb.db.query<{ salesforce_id: string; zoho_id: string }>(
            "SELECT salesforce_id, zoho_id FROM links WHERE kind = 'customer' ORDER BY zoho_id"
        );
        expect(links).toContainEqual({ salesforce_id: master, zoho_id: contactId });
        expect(links.some((l) => l.salesforce_id === loser)).toBe(false);
        expect(env.account(master!).Zoho_Contact_Id__c).toBe(contactId);
        const stones = await testDb.db.query<{ side: string; record_id: string }>(
            'SELECT side, record_id FROM customer_tombstones ORDER BY record_id'
        );
        expect(stones).toEqual(
            [
                { side: 'salesforce', record_id: loser },
                { side: 'salesforce', record_id: doomed }
            ].sort((a, b) => a.record_id!.localeCompare(b.record_id!))
        );

        // The master now syncs with the loser's Zoho customer; nothing new is created.
        env.updateAccount(master!, { BillingCity: 'Leipzig' });
        await env.requestSync([master!]);
        await env.drained();
        await env.runtime.customers.sweep.run(env.connectionId, meta);
        expect((await env.contacts()).length).toBe(contactsBefore);
        const merged = (await env.books.get(`/contacts/${contactId}`)).body.contact as {
            billing_address: { city: string };
        };
        expect(merged.billing_address.city).toBe('Leipzig');
    }, 60_000);

    it('lets the master of a merge take over the merged Account’s Zoho customer instead of creating one', async () => {
        env = await customerEnv(testDb.db);
        const { accountId: loser, contactId } = await linkedCustomer(env);
        const [master] = env.createAccounts([
            { Name: 'Sweep Supplies Holding', BillingCity: 'Dresden', BillingCountry: 'Germany' }
        ]);
        env.sf.merge(env.sfOrg, 'Account', master!, [loser]);
        const contactsBefore = (await env.contacts()).length;

        await env.requestSync([master!]);
        await env.drained();
        expect((await env.contacts()).length).toBe(contactsBefore);
        expect(env.account(master!).Zoho_Contact_Id__c).toBe(contactId);
        const contact = (await env.books.get(`/contacts/${contactId}`)).body.contact as {
            contact_name: string;
        };
        expect(contact.contact_name).toBe('Sweep Supplies Holding');
    }, 60_000);
});
