import { describe, expect, it } from 'vitest';

import { queueReviews } from '../src/sync/customer/first-link/reviews.ts';
import { customerEnv, type CustomerEnv } from './support/customer-env.ts';
import { useTestDb } from './support/test-db.ts';

/** Customer sync (F2) end to end, Salesforce → Zoho: both simulators and the whole runtime. */
describe('customer sync: new accounts become Zoho customers', () => {
    let env: CustomerEnv | undefined;
    const testDb = useTestDb(async () => {
        await env?.close();
        env = undefined;
    });

    const account = (i: number) => ({
        Name: `Bulk Customer ${String(i).padStart(3, '0')}`,
        Type: 'Customer - Direct',
        BillingStreet: `${i} Market Street`,
        BillingCity: 'Berlin',
        BillingPostalCode: '10115',
        BillingCountry: 'Germany'
    });

    it('creates 500 Zoho customers for 500 new Accounts meeting the entry condition; the same requests again create nothing and write nothing', async () => {
        env = await customerEnv(testDb.db, { scale: 200 });
        await env.drained();
        env.setEntryCondition("Type = 'Customer - Direct'");
        const before = (await env.contacts()).length;
        const ids: string[] = [];
        for (let batch = 0; batch < 5; batch++)
            ids.push(
                ...env.createAccounts(
                    Array.from({ length: 100 }, (_, i) => account(batch * 100 + i))
                )
            );
        await env.drained(120_000);
        const contacts = await env.contacts();
        expect(contacts.length - before).toBe(500);
        const names = new Set(contacts.map((c) => c.contact_name));
        expect(names.size).toBe(contacts.length);
        const first = contacts.find((c) => c.contact_name === 'Bulk Customer 007')!;
        expect(first.billing_address).toMatchObject({
            address: '7 Market Street',
            city: 'Berlin',
            zip: '10115'
        });
        const linked = await testDb.db.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM links WHERE kind = 'customer' AND salesforce_id = ANY($1)",
            [ids]
        );
        expect(linked[0]?.n).toBe(500);
        expect(env.account(ids[7]!).Zoho_Contact_Id__c).toBe(first.contact_id);

        const writes = env.zohoContactWrites();
        for (let i = 0; i < ids.length; i += 200) await env.requestSync(ids.slice(i, i + 200));
        await env.drained(120_000);
        expect((await env.contacts()).length - before).toBe(500);
        expect(env.zohoContactWrites()).toBe(writes);
    }, 240_000);

    it('leaves an Account that meets no entry condition alone until a sync is requested', async () => {
        env = await customerEnv(testDb.db, { scale: 50 });
        await env.drained();
        const before = (await env.contacts()).length;
        const [id] = env.createAccounts([{ ...account(1), Name: 'Prospect Without Invoice' }]);
        await env.drained();
        expect((await env.contacts()).length).toBe(before);

        await env.requestSync([id!]);
        await env.drained();
        const contacts = await env.contacts();
        expect(contacts.length).toBe(before + 1);
        expect(contacts.some((c) => c.contact_name === 'Prospect Without Invoice')).toBe(true);
    }, 60_000);

    it('makes no customer of an Account waiting in the first-link review, even when asked', async () => {
        env = await customerEnv(testDb.db, { scale: 50 });
        await env.drained();
        const before = (await env.contacts()).length;
        const [id] = env.createAccounts([{ ...account(2), Name: 'Maybe Acme' }]);
        await env.drained();
        await queueReviews(testDb.db, {
            connectionId: env.connectionId,
            zohoOrganizationId: env.zohoOrg,
            entries: [{ accountId: id!, accountName: 'Maybe Acme', candidates: [] }],
            nowMs: Date.now()
        });

        await env.requestSync([id!]);
        await env.drained();
        expect((await env.contacts()).length).toBe(before);
        expect(env.account(id!).Zoho_Contact_Id__c ?? null).toBeNull();
    }, 60_000);
});
