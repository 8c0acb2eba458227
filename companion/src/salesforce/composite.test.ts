import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { servedSalesforce } from '../../test/support/salesforce-org.ts';
import { compositeQueries, writeCollections, type CollectionWrite } from './composite.ts';
import type { SalesforceClient } from './connection.ts';
import { soql } from './soql.ts';
import type { WriteResult } from './writes.ts';

type Org = Awaited<ReturnType<typeof servedSalesforce>>;

/** Seeds records straight into the simulator (no API calls counted) and returns their ids. */
function seed(org: Org, object: string, rows: Record<string, unknown>[]): string[] {
    const { created } = org.sandbox.seed(org.orgId, {
        records: rows.map((fields) => ({ object, fields }))
    });
    return created.map((c) => c.id);
}

function okId(result: WriteResult | undefined): string {
    if (!result?.ok) throw new Error(`write failed: ${JSON.stringify(result)}`);
    return result.id;
}

describe('writeCollections', () => {
    let org: Org;
    let client: SalesforceClient;
    let accountIds: string[];
    let opportunityIds: string[];
    beforeAll(async () => {
        org = await servedSalesforce();
        client = org.client();
        accountIds = seed(
            org,
            'Account',
            Array.from({ length: 250 }, (_, i) => ({ Name: `Composite ${i}` }))
        );
        opportunityIds = seed(
            org,
            'Opportunity',
            accountIds.map((AccountId, i) => ({
                Name: `Deal ${i}`,
                AccountId,
                StageName: 'Prospecting',
                CloseDate: '2026-03-31'
            }))
        );
    });
    afterAll(() => org.close());

    it('writes 1000 mixed records in at most 2 API calls, results in input order', async () => {
        const writes: CollectionWrite[] = [];
        for (let i = 0; i < 250; i++) {
            writes.push(
                {
                    op: 'update',
                    sobject: 'Opportunity',
                    fields: { Id: opportunityIds[i]!, Zoho_Invoice_Number__c: `INV-${i}` }
                },
                {
                    op: 'upsert',
                    sobject: 'Zoho_Invoice__c',
                    externalIdField: 'Zoho_Invoice_Id__c',
                    fields: {
                        Zoho_Invoice_Id__c: `zi-${i}`,
                        Name: `INV-${i}`,
                        Account__c: accountIds[i]!,
                        Opportunity__c: opportunityIds[i]!
                    }
                },
                {
                    op: 'create',
                    sobject: 'Closebooks_Sync__e',
                    fields: { Record_Id__c: opportunityIds[i]!, Change_Kind__c: 'invoice' }
                },
                {
                    op: 'update',
                    sobject: 'Account',
                    fields: { Id: accountIds[i]!, Closebooks_Sync_Status__c: 'Synced' }
                }
            );
        }
        const eventsBefore = org.sandbox.publishedEvents(org.orgId).length;
        const before = org.sandbox.usage(org.orgId).used;

        const results = await writeCollections(client, writes);

        expect(org.sandbox.usage(org.orgId).used - before).toBeLessThanOrEqual(2);
        expect(results).toHaveLength(1000);
        expect(results.every((r) => r.ok)).toBe(true);
        const mirrors = new Map(
            org.sandbox.records(org.orgId, 'Zoho_Invoice__c').map((r) => [r.Zoho_Invoice_Id__c, r])
        );
        for (let i = 0; i < 250; i++) {
            expect(okId(results[4 * i])).toBe(opportunityIds[i]);
            const mirror = mirrors.get(`zi-${i}`);
            expect(okId(results[4 * i + 1])).toBe(mirror?.Id);
            expect(mirror?.Opportunity__c).toBe(opportunityIds[i]);
            expect(okId(results[4 * i + 3])).toBe(accountIds[i]);
        }
        const events = org.sandbox.publishedEvents(org.orgId).slice(eventsBefore);
        expect(events).toHaveLength(250);
        const stored = new Map(org.sandbox.records(org.orgId, 'Opportunity').map((r) => [r.Id, r]));
        expect(stored.get(opportunityIds[249]!)?.Zoho_Invoice_Number__c).toBe('INV-249');
    });

    it('reports a bad field value on that record only', async () => {
        const results = await writeCollections(client, [
            { op: 'update', sobject: 'Account', fields: { Id: accountIds[0]!, Website: 'a.test' } },
            {
                op: 'update',
                sobject: 'Account',
                fields: { Id: accountIds[1]!, Name: 'x'.repeat(300) }
            },
            {
                op: 'create',
                sobject: 'Closebooks_Sync__e',
                fields: { Record_Id__c: opportunityIds[0]!, Change_Kind__c: 'k'.repeat(41) }
            },
            { op: 'update', sobject: 'Account', fields: { Id: accountIds[2]!, Website: 'c.test' } }
        ]);
        expect(results.map((r) => r.ok)).toEqual([true, false, false, true]);
        expect(okId(results[0])).toBe(accountIds[0]);
        expect(okId(results[3])).toBe(accountIds[2]);
        for (const failed of [results[1], results[2]]) {
            if (failed?.ok !== false) throw new Error('expected a failure');
            expect(failed.errors[0]?.statusCode).toBe('STRING_TOO_LONG');
        }
        const stored = new Map(org.sandbox.records(org.orgId, 'Account').map((r) => [r.Id, r]));
        expect(stored.get(accountIds[1]!)?.Name).toBe('Composite 1');
        expect(stored.get(accountIds[2]!)?.Website).toBe('c.test');
    });

    it('gives a collection refused as a whole its error on each of its records', async () => {
        const results = await writeCollections(client, [
            {
                op: 'upsert',
                sobject: 'Zoho_Invoice__c',
                externalIdField: 'No_Such_Field__c',
                fields: { No_Such_Field__c: 'a', Name: 'A' }
            },
            { op: 'update', sobject: 'Account', fields: { Id: accountIds[3]!, Website: 'd.test' } },
            {
                op: 'upsert',
                sobject: 'Zoho_Invoice__c',
                externalIdField: 'No_Such_Field__c',
                fields: { No_Such_Field__c: 'b', Name: 'B' }
            }
        ]);
        expect(results.map((r) => r.ok)).toEqual([false, true, false]);
        expect(okId(results[1])).toBe(accountIds[3]);
    });
});

describe('compositeQueries', () => {
    let org: Org;
    let client: SalesforceClient;
    beforeAll(async () => {
        org = await servedSalesforce();
        client = org.client();
        seed(
            org,
            'Account',
            Array.from({ length: 7 }, (_, i) => ({ Name: `Query ${i}`, NumberOfEmployees: i }))
        );
        seed(
            org,
            'Account',
            Array.from({ length: 2100 }, (_, i) => ({
                Name: `Many ${String(i).padStart(4, '0')}`
            }))
        );
    });
    afterAll(() => org.close());

    it('runs 7 queries in 2 API calls and returns the rows of each query in order', async () => {
        const queries = Array.from(
            { length: 7 },
            (_, i) => soql`SELECT Id, Name FROM Account WHERE Name = ${`Query ${i}`}`
        );
        const before = org.sandbox.usage(org.orgId).used;
        const rows = await compositeQueries(client, queries);
        expect(org.sandbox.usage(org.orgId).used - before).toBe(2);
        expect(rows.map((r) => (r as { Name: string }[]).map((a) => a.Name))).toEqual(
            Array.from({ length: 7 }, (_, i) => [`Query ${i}`])
        );
    });

    it('follows nextRecordsUrl past 2000 rows', async () => {
        const before = org.sandbox.usage(org.orgId).used;
        const [rows, small] = await compositeQueries(client, [
            soql`SELECT Id, Name FROM Account WHERE Name LIKE ${'Many%'} ORDER BY Name`,
            soql`SELECT Id FROM Account WHERE Name = ${'Query 0'}`
        ]);
        expect(org.sandbox.usage(org.orgId).used - before).toBe(2);
        expect(rows).toHaveLength(2100);
        expect(new Set((rows as { Id: string }[]).map((r) => r.Id)).size).toBe(2100);
        expect((rows as { Name: string }[])[2099]?.Name).toBe('Many 2099');
        expect(small).toHaveLength(1);
    });

    it('throws the error of a query Salesforce refuses', async () => {
        await expect(
            compositeQueries(client, [soql`SELECT Nope__c FROM Account`])
        ).rejects.toMatchObject({ errorCode: 'INVALID_FIELD' });
    });
});

describe('compositeQueries with long child relationships', () => {
    let org: Org;
    let client: SalesforceClient;
    beforeAll(async () => {
        // Two accounts a page, so the rows' children must be read before the next page.
        org = await servedSalesforce({ queryBatchSize: 2 });
        client = org.client();
        const [a, b, c] = seed(
            org,
            'Account',
            ['Child A', 'Child B', 'Child C'].map((Name) => ({ Name }))
        );
        const contacts = (AccountId: string | undefined, n: number) =>
            Array.from({ length: n }, (_, i) => ({
                LastName: `L${String(i).padStart(4, '0')}`,
                AccountId
            }));
        seed(org, 'Contact', [...contacts(a, 450), ...contacts(b, 3), ...contacts(c, 201)]);
    });
    afterAll(() => org.close());

    it("reads every page of each row's children before the next page of rows", async () => {
        const [rows = []] = await compositeQueries(client, [
            soql`SELECT Name, (SELECT LastName FROM Contacts ORDER BY LastName) FROM Account WHERE Name LIKE ${'Child%'} ORDER BY Name`
        ]);
        const children = (
            rows as { Contacts: { done: boolean; records: { LastName: string }[] } }[]
        ).map((r) => r.Contacts);
        expect(children.map((c) => c.records.length)).toEqual([450, 3, 201]);
        expect(children.every((c) => c.done)).toBe(true);
        expect(children[0]!.records.at(-1)?.LastName).toBe('L0449');
        expect(new Set(children[0]!.records.map((r) => r.LastName)).size).toBe(450);
    });
});
