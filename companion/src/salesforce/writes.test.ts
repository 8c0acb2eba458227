import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
    EXTERNAL_ID_FIELDS,
    fixtureProject
} from '../../sandbox/salesforce/test-support/fixture-project.ts';
import { servedSalesforce } from '../../test/support/salesforce-org.ts';
import type { Clock } from '../clock.ts';
import type { SalesforceClient } from './connection.ts';
import { SalesforceInputError } from './errors.ts';
import { withLockRetry } from './lock-retry.ts';
import { chunk, createMany, updateMany, upsertMany, type WriteResult } from './writes.ts';

function idsOf(results: WriteResult[]): string[] {
    return results.map((r) => {
        if (!r.ok) throw new Error(`write failed: ${JSON.stringify(r.errors)}`);
        return r.id;
    });
}

describe('batched writes through sObject Collections', () => {
    let org: Awaited<ReturnType<typeof servedSalesforce>>;
    let client: SalesforceClient;
    beforeAll(async () => {
        org = await servedSalesforce({ projectDir: fixtureProject(EXTERNAL_ID_FIELDS) });
        client = org.client();
    });
    afterAll(() => org.close());

    const newAccounts = async (n: number, prefix: string) =>
        idsOf(
            await createMany(
                client,
                'Account',
                Array.from({ length: n }, (_, i) => ({ Name: `${prefix} ${i}` }))
            )
        );

    it('creates then updates 450 records in 3 collection calls each, results in input order', async () => {
        const before = org.sandbox.usage(org.orgId).used;
        const ids = await newAccounts(450, 'Bulk');
        expect(new Set(ids).size).toBe(450);
        const afterCreate = org.sandbox.usage(org.orgId).used;
        expect(afterCreate - before).toBe(3);

        const results = await updateMany(
            client,
            'Account',
            ids.map((Id, i) => ({ Id, BillingCity: `City ${i}` }))
        );
        expect(org.sandbox.usage(org.orgId).used - afterCreate).toBe(3);
        expect(idsOf(results)).toEqual(ids);
        const stored = new Map(org.sandbox.records(org.orgId, 'Account').map((a) => [a.Id, a]));
        expect(stored.get(ids[449]!)?.BillingCity).toBe('City 449');
    });

    it('surfaces per-record errors with their statusCode and fields, the rest still saved', async () => {
        const results = await createMany(client, 'Contact', [
            { LastName: 'Good' },
            { FirstName: 'No last name' }
        ]);
        expect(results[0]).toMatchObject({ ok: true });
        expect(results[1]).toEqual({
            ok: false,
            errors: [
                {
                    statusCode: 'REQUIRED_FIELD_MISSING',
                    message: expect.any(String),
                    fields: ['LastName']
                }
            ]
        });
    });

    it('reports a validation rule as FIELD_CUSTOM_VALIDATION_EXCEPTION on every record', async () => {
        const ids = await newAccounts(2, 'Rule');
        org.sandbox.setFaults(org.orgId, {
            validationRules: [
                { object: 'Account', message: 'Region required', field: 'BillingCity' }
            ]
        });
        try {
            const results = await updateMany(
                client,
                'Account',
                ids.map((Id) => ({ Id, BillingCity: '' }))
            );
            expect(results).toEqual(
                ids.map(() => ({
                    ok: false,
                    errors: [
                        {
                            statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
                            message: 'Region required',
                            fields: ['BillingCity']
                        }
                    ]
                }))
            );
        } finally {
            org.sandbox.setFaults(org.orgId, { validationRules: [] });
        }
    });

    it('retries only the locked record, after a backoff through the clock, and it succeeds', async () => {
        const ids = await newAccounts(3, 'Lock');
        org.sandbox.setFaults(org.orgId, { lockedIds: [ids[1]!] });
        const sent: number[] = [];
        const slept: number[] = [];
        const clock: Clock = {
            now: () => 0,
            sleep: async (ms) => {
                slept.push(ms);
                org.sandbox.setFaults(org.orgId, { lockedIds: [] });
            }
        };
        const results = await withLockRetry(
            ids.map((Id) => ({ Id, Description: 'locked once' })),
            (records) => {
                sent.push(records.length);
                return updateMany(client, 'Account', records);
            },
            { clock, baseDelayMs: 250, random: () => 1 }
        );
        expect(sent).toEqual([3, 1]);
        expect(slept).toEqual([250]);
        expect(idsOf(results)).toEqual(ids);
    });

    it('gives up on a row that stays locked after the allowed passes', async () => {
        const [id] = await newAccounts(1, 'Stuck');
        org.sandbox.setFaults(org.orgId, { lockedIds: [id!] });
        try {
            const slept: number[] = [];
            const clock: Clock = { now: () => 0, sleep: async (ms) => void slept.push(ms) };
            const results = await withLockRetry(
                [{ Id: id!, Description: 'x' }],
                (records) => updateMany(client, 'Account', records),
                { clock, maxAttempts: 3, baseDelayMs: 100, random: () => 1 }
            );
            expect(slept).toEqual([100, 200]);
            expect(results[0]).toMatchObject({
                ok: false,
                errors: [{ statusCode: 'UNABLE_TO_LOCK_ROW' }]
            });
        } finally {
            org.sandbox.setFaults(org.orgId, { lockedIds: [] });
        }
    });

    it('upserts by an external id: created first, updated the second time', async () => {
        const first = await upsertMany(client, 'Account', 'Zoho_Customer_Id__c', [
            { Zoho_Customer_Id__c: 'ZC-1', Name: 'Acme' },
            { Zoho_Customer_Id__c: 'ZC-2', Name: 'Globex' }
        ]);
        expect(first).toEqual([
            { ok: true, id: expect.any(String), created: true },
            { ok: true, id: expect.any(String), created: true }
        ]);
        const second = await upsertMany(client, 'Account', 'Zoho_Customer_Id__c', [
            { Zoho_Customer_Id__c: 'ZC-1', Name: 'Acme SA' }
        ]);
        expect(second).toEqual([{ ok: true, id: idsOf(first)[0], created: false }]);
        const acme = org.sandbox
            .records(org.orgId, 'Account')
            .find((a) => a.Zoho_Customer_Id__c === 'ZC-1');
        expect(acme?.Name).toBe('Acme SA');
    });

    it.each([
        {
            name: 'an update without a valid Id',
            run: (c: SalesforceClient) => updateMany(c, 'Account', [{ Id: "x' OR 1=1" }])
        },
        {
            name: 'an object name with a slash',
            run: (c: SalesforceClient) => createMany(c, '../limits', [{ Name: 'x' }])
        },
        {
            name: 'an upsert record without its external id',
            run: (c: SalesforceClient) =>
                upsertMany(c, 'Account', 'Zoho_Customer_Id__c', [{ Name: 'x' }])
        },
        {
            name: 'a create that carries an Id',
            run: (c: SalesforceClient) =>
                createMany(c, 'Account', [{ Id: '001000000000001AAA', Name: 'x' }])
        }
    ])('refuses $name before sending anything', async ({ run }) => {
        const before = org.sandbox.usage(org.orgId).used;
        await expect(run(client)).rejects.toBeInstanceOf(SalesforceInputError);
        expect(org.sandbox.usage(org.orgId).used).toBe(before);
    });
});

describe('chunk', () => {
    it.each([
        { n: 0, want: [] },
        { n: 200, want: [200] },
        { n: 201, want: [200, 1] },
        { n: 450, want: [200, 200, 50] }
    ])('splits $n items into $want', ({ n, want }) => {
        expect(chunk(Array.from({ length: n }, (_, i) => i)).map((c) => c.length)).toEqual(want);
    });
});
