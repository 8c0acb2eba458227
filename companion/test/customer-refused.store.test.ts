import { describe, expect, it } from 'vitest';

import { customerEnv, type CustomerEnv } from './support/customer-env.ts';
import { useTestDb } from './support/test-db.ts';

/** Customer sync (F2): a record Zoho refuses is reported on the Account and blocks no other. */
describe('customer sync: refused records', () => {
    let env: CustomerEnv | undefined;
    const testDb = useTestDb(async () => {
        await env?.close();
        env = undefined;
    });

    it('marks the Account Failed with Zoho’s reason, dead-letters its job, and still syncs the others', async () => {
        env = await customerEnv(testDb.db);
        await env.drained();
        const before = (await env.contacts()).length;
        // Salesforce takes names of 255 characters; Zoho Books refuses more than 200.
        const ids = env.createAccounts([
            { Name: 'Before Refusal Ltd', BillingCountry: 'Germany' },
            { Name: `Very Long Name ${'x'.repeat(230)}`, BillingCountry: 'Germany' },
            { Name: 'After Refusal Ltd', BillingCountry: 'Germany' }
        ]);
        await env.requestSync(ids);
        await env.drained();

        const names = (await env.contacts()).slice(before).map((c) => c.contact_name);
        expect(names.sort()).toEqual(['After Refusal Ltd', 'Before Refusal Ltd']);
        const refused = env.account(ids[1]!);
        expect(refused.Closebooks_Sync_Status__c).toBe('Failed');
        expect(String(refused.Closebooks_Sync_Message__c)).toMatch(
            /^Zoho Books refused the customer: /
        );
        expect(refused.Zoho_Contact_Id__c ?? null).toBeNull();
        const dead = await testDb.db.query<{ last_error: string }>(
            "SELECT last_error FROM jobs WHERE kind = 'zoho.customer.sync' AND state = 'dead'"
        );
        expect(dead).toHaveLength(1);
        expect(dead[0]!.last_error).toMatch(/Zoho Books refused the customer/);
        expect(env.account(ids[2]!).Zoho_Contact_Id__c).toMatch(/^\d+$/);

        // Fixed in Salesforce, synced again: the Account shows Synced.
        env.updateAccount(ids[1]!, { Name: 'Short Name Ltd' });
        await env.requestSync([ids[1]!]);
        await env.drained();
        expect(env.account(ids[1]!)).toMatchObject({
            Closebooks_Sync_Status__c: 'Synced',
            Closebooks_Sync_Message__c: null
        });
        expect(env.account(ids[1]!).Zoho_Contact_Id__c).toMatch(/^\d+$/);
    }, 60_000);
});
