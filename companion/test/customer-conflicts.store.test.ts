import { describe, expect, it } from 'vitest';

import { createApiKey } from '../src/store/api-keys.ts';
import { customerEnv, type CustomerEnv } from './support/customer-env.ts';
import { useTestDb } from './support/test-db.ts';

/** Customer sync (F2): concurrent edits of a two-way field go to the conflict inbox. */
describe('customer sync: conflict inbox', () => {
    let env: CustomerEnv | undefined;
    const testDb = useTestDb(async () => {
        await env?.close();
        env = undefined;
    });

    async function admin(e: CustomerEnv, method: 'GET' | 'POST', path: string, body?: unknown) {
        const { token } = await createApiKey(testDb.db, {
            name: `admin-${Math.random()}`,
            scopes: ['admin:read', 'admin:write']
        });
        const res = await fetch(`${e.server.url}/v1/admin/connections/${e.connectionId}${path}`, {
            method,
            headers: {
                authorization: `Bearer ${token}`,
                ...(body === undefined ? {} : { 'content-type': 'application/json' })
            },
            ...(body === undefined ? {} : { body: JSON.stringify(body) })
        });
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    }

    it('keeps both values of a two-way field edited on both sides within one sync window, and writes the chosen one to both sides', async () => {
        // No webhooks: the Zoho edit waits unseen while Salesforce is edited too.
        env = await customerEnv(testDb.db, { webhooks: false });
        const { accountId, contactId } = await env.linkedCustomer({
            Name: 'Both Sides GmbH',
            BillingCountry: 'Germany',
            Website: 'https://both.example'
        });

        await env.books.put(`/contacts/${contactId}`, {
            contact_name: 'Both Sides GmbH',
            contact_type: 'customer',
            website: 'https://zoho-edit.example'
        });
        env.updateAccount(accountId, { Website: 'https://salesforce-edit.example' });
        await env.drained();

        const inbox = await admin(env, 'GET', '/customer-conflicts');
        expect(inbox.status).toBe(200);
        const conflicts = inbox.body.conflicts as Record<string, unknown>[];
        expect(conflicts).toMatchObject([
            {
                accountId,
                contactId,
                zohoField: 'website',
                salesforceField: 'Website',
                salesforceValue: 'https://salesforce-edit.example',
                zohoValue: 'https://zoho-edit.example',
                baselineValue: 'https://both.example',
                resolvedAt: null
            }
        ]);
        // Nothing was overwritten on either side.
        expect(env.account(accountId).Website).toBe('https://salesforce-edit.example');
        const zohoNow = await env.books.get(`/contacts/${contactId}`);
        expect((zohoNow.body.contact as { website: string }).website).toBe(
            'https://zoho-edit.example'
        );

        const settled = await admin(
            env,
            'POST',
            `/customer-conflicts/${String(conflicts[0]!.id)}/resolve`,
            { choose: 'zoho' }
        );
        expect(settled.status).toBe(202);
        await env.drained();
        expect(env.account(accountId).Website).toBe('https://zoho-edit.example');
        const after = await env.books.get(`/contacts/${contactId}`);
        expect((after.body.contact as { website: string }).website).toBe(
            'https://zoho-edit.example'
        );
        expect((await admin(env, 'GET', '/customer-conflicts')).body.conflicts).toEqual([]);
        const again = await admin(
            env,
            'POST',
            `/customer-conflicts/${String(conflicts[0]!.id)}/resolve`,
            { choose: 'salesforce' }
        );
        expect(again.status).toBe(409);

        // The settled value is agreed: the sweep finds nothing more to do.
        const writes = env.zohoContactWrites();
        await env.runtime.customers.sweep.run(env.connectionId, {
            actor: 'test',
            correlationId: null
        });
        await env.requestSync([accountId]);
        await env.drained();
        expect(env.zohoContactWrites()).toBe(writes);
    }, 60_000);
});
