import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { servedOrg } from './test-support/jsforce-org.ts';

describe('fault injection in the salesforce sandbox', () => {
    let org: Awaited<ReturnType<typeof servedOrg>>;
    beforeAll(async () => {
        org = await servedOrg();
    });
    afterAll(() => org.server.close());

    it('answers the next N requests with a server error, then recovers', async () => {
        const conn = org.connect();
        org.sandbox.setFaults(org.orgId, { serverErrors: { status: 503, count: 1 } });
        await expect(conn.sobject('Account').create({ Name: 'A' })).rejects.toMatchObject({
            errorCode: 'SERVER_UNAVAILABLE'
        });
        await expect(conn.sobject('Account').create({ Name: 'A' })).resolves.toMatchObject({
            success: true
        });
    });

    it('refuses everything with REQUEST_LIMIT_EXCEEDED while that fault is set', async () => {
        const conn = org.connect();
        org.sandbox.setFaults(org.orgId, { requestLimitExceeded: true });
        await expect(conn.sobject('Account').create({ Name: 'B' })).rejects.toMatchObject({
            errorCode: 'REQUEST_LIMIT_EXCEEDED'
        });
        org.sandbox.setFaults(org.orgId, { requestLimitExceeded: false });
    });

    it('fails writes to locked records with UNABLE_TO_LOCK_ROW, per record in a collection', async () => {
        const conn = org.connect();
        const [locked, free] = await conn
            .sobject('Account')
            .create([{ Name: 'Locked' }, { Name: 'Free' }]);
        org.sandbox.setFaults(org.orgId, { lockedIds: [locked!.id!] });
        const results = await conn.sobject('Account').update([
            { Id: locked!.id!, Name: 'Locked 2' },
            { Id: free!.id!, Name: 'Free 2' }
        ]);
        expect(results[0]).toMatchObject({
            success: false,
            errors: [
                {
                    statusCode: 'UNABLE_TO_LOCK_ROW',
                    message: 'unable to obtain exclusive access to this record'
                }
            ]
        });
        expect(results[1]).toMatchObject({ success: true });
        org.sandbox.setFaults(org.orgId, { lockedIds: [] });
    });

    it('takes faults through PUT /_sandbox/orgs/:orgId/faults', async () => {
        const put = await fetch(`${org.server.url}/_sandbox/orgs/${org.orgId}/faults`, {
            method: 'PUT',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ serverErrors: { status: 500, count: 1 } })
        });
        expect(put.status).toBe(204);
        await expect(org.connect().sobject('Account').create({ Name: 'C' })).rejects.toMatchObject({
            errorCode: 'UNKNOWN_EXCEPTION'
        });
        const bad = await fetch(`${org.server.url}/_sandbox/orgs/${org.orgId}/faults`, {
            method: 'PUT',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ latency: 5 })
        });
        expect(bad.status).toBe(400);
    });

    it('answers a method a resource does not take with 405', async () => {
        const response = await fetch(
            `${org.server.url}/services/data/v65.0/sobjects/Account/001000000000000AAA`,
            {
                method: 'PUT',
                headers: { authorization: `Bearer ${org.credentials.access_token}` }
            }
        );
        expect(response.status).toBe(405);
        expect(await response.json()).toEqual([
            {
                errorCode: 'METHOD_NOT_ALLOWED',
                message: "HTTP Method 'PUT' not allowed. Allowed are GET,PATCH,DELETE,HEAD",
                fields: []
            }
        ]);
    });

    it('fails saves with a validation rule the subscriber added', async () => {
        org.sandbox.setFaults(org.orgId, {
            validationRules: [
                {
                    object: 'Opportunity',
                    message: 'Close date must be in the future',
                    field: 'CloseDate'
                }
            ]
        });
        await expect(
            org
                .connect()
                .sobject('Opportunity')
                .create({ Name: 'V', StageName: 'Prospecting', CloseDate: '2020-01-01' })
        ).rejects.toMatchObject({
            errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
            message: 'Close date must be in the future',
            data: { fields: ['CloseDate'] }
        });
        org.sandbox.setFaults(org.orgId, { validationRules: [] });
    });

    it('adds latency', async () => {
        org.sandbox.setFaults(org.orgId, { latencyMs: 120 });
        const started = performance.now();
        await org.connect().query('SELECT Id FROM Account LIMIT 1');
        expect(performance.now() - started).toBeGreaterThanOrEqual(100);
        org.sandbox.setFaults(org.orgId, { latencyMs: 0 });
    });

    it('expires sessions mid-run; jsforce refreshes and carries on', async () => {
        const conn = org.connect();
        await conn.query('SELECT Id FROM Account LIMIT 1');
        const oldToken = conn.accessToken;
        expect(org.sandbox.expireSessions(org.orgId)).toBeGreaterThan(0);
        const result = await conn.query<{ Id: string }>('SELECT Id FROM Account');
        expect(result.totalSize).toBeGreaterThan(0);
        expect(conn.accessToken).not.toBe(oldToken);
    });
});
