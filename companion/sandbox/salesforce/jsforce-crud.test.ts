import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { servedOrg } from './test-support/jsforce-org.ts';

describe('salesforce sandbox through jsforce: sign-in and rows', () => {
    let org: Awaited<ReturnType<typeof servedOrg>>;
    beforeAll(async () => {
        org = await servedOrg();
    });
    afterAll(() => org.server.close());

    it('logs in by refresh token when it has no access token, then creates, reads, updates and deletes', async () => {
        const conn = org.connect();
        const created = await conn.sobject('Account').create({ Name: 'Acme', BillingCity: 'Lyon' });
        expect(created).toMatchObject({ success: true, errors: [] });
        expect(created.id).toMatch(/^001[A-Za-z0-9]{15}$/);

        const read = await conn.sobject('Account').retrieve(created.id!);
        expect(read).toMatchObject({
            Name: 'Acme',
            BillingCity: 'Lyon',
            attributes: { type: 'Account' }
        });

        await conn.sobject('Account').update({ Id: created.id!, BillingCity: 'Paris' });
        expect(org.sandbox.records(org.orgId, 'Account')[0]).toMatchObject({
            BillingCity: 'Paris'
        });

        await conn.sobject('Account').destroy(created.id!);
        expect(org.sandbox.records(org.orgId, 'Account')).toHaveLength(0);
        await expect(conn.sobject('Account').retrieve(created.id!)).rejects.toMatchObject({
            errorCode: 'ENTITY_IS_DELETED'
        });
    });

    it('refuses a field the package does not define with INVALID_FIELD', async () => {
        const conn = org.connect();
        await expect(
            conn.sobject('Account').create({ Name: 'Acme', Zoho_Nonexistent__c: 'x' })
        ).rejects.toMatchObject({
            errorCode: 'INVALID_FIELD',
            message: "No such column 'Zoho_Nonexistent__c' on sobject of type Account"
        });
        expect(org.sandbox.records(org.orgId, 'Account')).toHaveLength(0);
    });

    it('refreshes an expired session and the call succeeds', async () => {
        const conn = org.connect({ accessToken: org.credentials.access_token });
        const refreshed: string[] = [];
        conn.on('refresh', (token: string) => refreshed.push(token));
        org.sandbox.clock.advance(3 * 60 * 60_000);
        const created = await conn.sobject('Contact').create({ LastName: 'Lovelace' });
        expect(created.success).toBe(true);
        expect(refreshed).toHaveLength(1);
        expect(refreshed[0]).not.toBe(org.credentials.access_token);
    });

    it('answers an unknown session with 401 INVALID_SESSION_ID when it cannot refresh', async () => {
        const response = await fetch(`${org.server.url}/services/data/v65.0/sobjects/Account`, {
            headers: { authorization: 'Bearer nope' }
        });
        expect(response.status).toBe(401);
        expect(await response.json()).toEqual([
            { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID', fields: [] }
        ]);
    });

    it.each([
        { body: 'not json', message: 'Unexpected character' },
        { body: '[{"Name":"A"}]', message: 'START_ARRAY' }
    ])('refuses the body $body with JSON_PARSER_ERROR', async ({ body, message }) => {
        const token = org.sandbox.sessionFor(org.orgId, org.credentials.username).access_token;
        const response = await fetch(`${org.server.url}/services/data/v65.0/sobjects/Account`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body
        });
        expect(response.status).toBe(400);
        expect(await response.json()).toEqual([
            {
                errorCode: 'JSON_PARSER_ERROR',
                message: expect.stringContaining(message),
                fields: []
            }
        ]);
    });

    it.each([
        {
            name: 'a missing required field',
            body: { BillingCity: 'Lyon' },
            code: 'REQUIRED_FIELD_MISSING',
            fields: ['Name']
        },
        {
            name: 'a value too long',
            body: { Name: 'x'.repeat(256) },
            code: 'STRING_TOO_LONG',
            fields: ['Name']
        },
        {
            name: 'a read-only field',
            body: { Name: 'A', CreatedDate: '2020-01-01T00:00:00Z' },
            code: 'INVALID_FIELD_FOR_INSERT_UPDATE',
            fields: ['CreatedDate']
        },
        {
            name: 'a number that is not one',
            body: { Name: 'A', AnnualRevenue: 'lots' },
            code: 'JSON_PARSER_ERROR',
            fields: undefined
        },
        {
            name: 'a lookup to the wrong object',
            body: { Name: 'A', ParentId: '003000000000000AAA' },
            code: 'FIELD_INTEGRITY_EXCEPTION',
            fields: ['ParentId']
        }
    ])('refuses $name with $code', async ({ body, code, fields }) => {
        const conn = org.connect();
        const error = await conn
            .sobject('Account')
            .create(body)
            .then(
                () => undefined,
                (e: { errorCode: string; data: { fields?: string[] } }) => e
            );
        expect(error?.errorCode).toBe(code);
        if (fields) expect(error?.data.fields).toEqual(fields);
    });

    it('refuses a bad value for a restricted picklist and a duplicate unique value', async () => {
        const conn = org.connect();
        const account = await conn.sobject('Account').create({ Name: 'Picklists' });
        const opportunity = {
            Name: 'Deal',
            StageName: 'Prospecting',
            CloseDate: '2026-12-01',
            AccountId: account.id
        };
        await expect(
            conn.sobject('Opportunity').create({ ...opportunity, StageName: 'Imaginary' })
        ).rejects.toMatchObject({
            errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST'
        });
        await expect(
            conn
                .sobject('Opportunity')
                .create({ ...opportunity, cbks__Closebooks_Sync_Status__c: 'Maybe' })
        ).rejects.toMatchObject({ errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST' });
        const sandbox = org.sandbox;
        const admin = sandbox.org(org.orgId);
        expect(admin.store.all('User').map((u) => u.Username)).toContain(org.credentials.username);
        await expect(
            fetch(`${org.server.url}/_sandbox/orgs/${org.orgId}/users`, {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({ username: org.credentials.username, lastName: 'Twin' })
            }).then((r) => r.status)
        ).resolves.toBe(400);
    });
});
