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

    async function journal(operation: string): Promise<number> {
        const [row] = await testDb.db.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM journal WHERE operation = $1',
            [operation]
        );
        return row?.n ?? 0;
    }

    async function linkedCustomer(e: CustomerEnv) {
        await e.drained();
        e.changeRule('Account_Website', { Field_Owner__c: 'Last_Write_Wins' });
        const [accountId] = e.createAccounts([
            {
                Name: 'Sweep Supplies',
                BillingCity: 'Munich',
                BillingCountry: 'Germany',
                Website: 'https://sweep.example'
            }
        ]);
        await e.requestSync([accountId!]);
        await e.drained();
        return {
            accountId: accountId!,
            contactId: String(e.account(accountId!).Zoho_Contact_Id__c)
        };
    }

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
        await env.drained();
        // The next change of the Account finds the contact gone (Zoho's deletion webhook may
        // look like the last edit's, and no sweep lists a deleted contact).
        env.updateAccount(accountId, { BillingCity: 'Augsburg' });
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
});
