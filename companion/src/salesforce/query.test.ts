import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { servedSalesforce } from '../../test/support/salesforce-org.ts';
import type { SalesforceClient } from './connection.ts';
import { SalesforceApiError } from './errors.ts';
import { queryAll, queryPages } from './query.ts';
import { soql } from './soql.ts';
import { createMany } from './writes.ts';

const accountSchema = z.looseObject({
    Id: z.string(),
    Name: z.string(),
    AnnualRevenue: z.number().nullable()
});

describe('queryAll', () => {
    let org: Awaited<ReturnType<typeof servedSalesforce>>;
    let client: SalesforceClient;
    beforeAll(async () => {
        org = await servedSalesforce({ queryBatchSize: 200 });
        client = org.client();
        const rows = Array.from({ length: 450 }, (_, i) => ({
            Name: `Paged ${String(i).padStart(3, '0')}`,
            AnnualRevenue: i
        }));
        await createMany(client, 'Account', rows);
        await createMany(client, 'Account', [
            { Name: 'O\'Brien "Ltd" \\ Sons', AnnualRevenue: 1 },
            { Name: 'Other', AnnualRevenue: 2 }
        ]);
    });
    afterAll(() => org.close());

    it('follows queryMore over three pages and parses every row', async () => {
        const before = org.sandbox.usage(org.orgId).used;
        const result = await queryAll(
            client,
            soql`SELECT Id, Name, AnnualRevenue FROM Account WHERE Name LIKE ${'Paged%'} ORDER BY Name`,
            accountSchema
        );
        expect(org.sandbox.usage(org.orgId).used - before).toBe(3);
        expect(result.totalSize).toBe(450);
        expect(result.records).toHaveLength(450);
        expect(result.records[449]).toMatchObject({ Name: 'Paged 449', AnnualRevenue: 449 });
    });

    it('yields each page as it comes and asks for the next only when the caller wants it', async () => {
        const before = org.sandbox.usage(org.orgId).used;
        const pages = queryPages(
            client,
            soql`SELECT Id, Name, AnnualRevenue FROM Account WHERE Name LIKE ${'Paged%'} ORDER BY Name`,
            accountSchema
        );
        const sizes: number[] = [];
        for await (const page of pages) {
            sizes.push(page.records.length);
            expect(org.sandbox.usage(org.orgId).used - before).toBe(sizes.length);
            expect(page.totalSize).toBe(450);
        }
        expect(sizes).toEqual([200, 200, 50]);
    });

    it('finds a name with quotes and a backslash, and an injection attempt finds nothing', async () => {
        const tricky = 'O\'Brien "Ltd" \\ Sons';
        const found = await queryAll(
            client,
            soql`SELECT Id, Name, AnnualRevenue FROM Account WHERE Name = ${tricky}`,
            accountSchema
        );
        expect(found.records.map((r) => r.Name)).toEqual([tricky]);
        const injected = await queryAll(
            client,
            soql`SELECT Id, Name, AnnualRevenue FROM Account WHERE Name = ${"x' OR Name != '"}`,
            accountSchema
        );
        expect(injected.totalSize).toBe(0);
    });

    it('stops at maxRecords instead of paging on', async () => {
        await expect(
            queryAll(client, soql`SELECT Id, Name, AnnualRevenue FROM Account`, accountSchema, {
                maxRecords: 300
            })
        ).rejects.toMatchObject({ errorCode: 'QUERY_TOO_LARGE', retryable: false });
    });

    it('refuses rows that do not match the schema', async () => {
        const error = await queryAll(
            client,
            soql`SELECT Id, Name FROM Account WHERE Name = ${'Other'}`,
            z.object({ Id: z.string(), Name: z.number() })
        ).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(SalesforceApiError);
        expect(error).toMatchObject({ errorCode: 'UNEXPECTED_RESPONSE' });
    });

    it('reads all of a child relationship that comes in pages', async () => {
        const [other] = (
            await queryAll(
                client,
                soql`SELECT Id FROM Account WHERE Name = ${'Other'}`,
                z.object({ Id: z.string() })
            )
        ).records;
        await createMany(
            client,
            'Contact',
            Array.from({ length: 230 }, (_, i) => ({ LastName: `C${i}`, AccountId: other!.Id }))
        );
        const result = await queryAll(
            client,
            soql`SELECT Name, (SELECT LastName FROM Contacts) FROM Account WHERE Name = ${'Other'}`,
            z.object({
                Name: z.string(),
                Contacts: z.object({ done: z.literal(true), records: z.array(z.unknown()) })
            })
        );
        expect(result.records[0]?.Contacts.records).toHaveLength(230);
    });
});
