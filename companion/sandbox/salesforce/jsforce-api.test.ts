import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { findObject, packageName } from './schema/types.ts';
import { EXTERNAL_ID_FIELDS, fixtureProject } from './test-support/fixture-project.ts';
import { API_VERSION, servedOrg } from './test-support/jsforce-org.ts';

describe('salesforce sandbox through jsforce: upsert, collections, query, describe, events', () => {
    let org: Awaited<ReturnType<typeof servedOrg>>;
    beforeAll(async () => {
        org = await servedOrg({
            projectDir: fixtureProject(EXTERNAL_ID_FIELDS),
            queryBatchSize: 200
        });
    });
    afterAll(() => org.server.close());

    it('upserts by external id: 201 created, then 200 updated, and 300 on several matches', async () => {
        const conn = org.connect();
        const created = await conn
            .sobject('Account')
            .upsert({ Zoho_Customer_Id__c: 'Z-1', Name: 'Acme' }, 'Zoho_Customer_Id__c');
        expect(created).toMatchObject({ success: true, created: true });
        const updated = await conn
            .sobject('Account')
            .upsert({ Zoho_Customer_Id__c: 'Z-1', Name: 'Acme SA' }, 'Zoho_Customer_Id__c');
        expect(updated).toMatchObject({ success: true, created: false, id: created.id });
        expect(org.sandbox.records(org.orgId, 'Account').map((a) => a.Name)).toEqual(['Acme SA']);
        await expect(
            conn
                .sobject('Account')
                .upsert({ Name: 'x', Zoho_Customer_Id__c: 'Z-2' }, 'Not_A_Field__c')
        ).rejects.toMatchObject({
            errorCode: 'NOT_FOUND'
        });
        await expect(
            conn.sobject('Account').create({ Name: 'Twin', Zoho_Customer_Id__c: 'z-1' })
        ).rejects.toMatchObject({
            errorCode: 'DUPLICATE_VALUE'
        });
    });

    it('creates 200 records in one collection call and refuses 201', async () => {
        const conn = org.connect();
        const before = org.sandbox.usage(org.orgId).used;
        const contacts = Array.from({ length: 200 }, (_, i) => ({ LastName: `Batch ${i}` }));
        const results = await conn.sobject('Contact').create(contacts, { allOrNone: true });
        expect(results).toHaveLength(200);
        expect(results.every((r) => r.success)).toBe(true);
        expect(org.sandbox.usage(org.orgId).used - before).toBe(1);
        const tooMany = [...contacts, { LastName: 'One too many' }];
        await expect(conn.sobject('Contact').create(tooMany)).rejects.toMatchObject({
            errorCode: 'EXCEEDED_ID_LIMIT'
        });
        expect(org.sandbox.records(org.orgId, 'Contact')).toHaveLength(200);
    });

    it('reports per-record errors with statusCode and rolls back everything with allOrNone', async () => {
        const conn = org.connect();
        const mixed = [{ LastName: 'Good' }, { FirstName: 'No last name' }];
        const partial = await conn.sobject('Contact').create(mixed, { allOrNone: false });
        expect(partial[0]).toMatchObject({ success: true });
        expect(partial[1]).toMatchObject({
            success: false,
            errors: [{ statusCode: 'REQUIRED_FIELD_MISSING', fields: ['LastName'] }]
        });
        const count = org.sandbox.records(org.orgId, 'Contact').length;
        const response = await conn.requestPost<
            Array<{ success: boolean; errors: Array<{ statusCode: string }> }>
        >('/composite/sobjects', {
            allOrNone: true,
            records: mixed.map((m) => ({ attributes: { type: 'Contact' }, ...m }))
        });
        expect(response.map((r) => r.errors[0]?.statusCode)).toEqual([
            'ALL_OR_NONE_OPERATION_ROLLED_BACK',
            'REQUIRED_FIELD_MISSING'
        ]);
        expect(org.sandbox.records(org.orgId, 'Contact')).toHaveLength(count);
    });

    it('auto-fetches a query over three pages', async () => {
        const conn = org.connect();
        const accounts = Array.from({ length: 450 }, (_, i) => ({
            Name: `Paged ${String(i).padStart(3, '0')}`,
            AnnualRevenue: i
        }));
        for (let i = 0; i < accounts.length; i += 200)
            await conn.sobject('Account').create(accounts.slice(i, i + 200));
        const pages: number[] = [];
        const first = await conn.query<{ Name: string }>(
            "SELECT Id, Name FROM Account WHERE Name LIKE 'Paged%' ORDER BY Name"
        );
        pages.push(first.records.length);
        let next = first;
        while (!next.done && next.nextRecordsUrl) {
            next = await conn.queryMore<{ Name: string }>(next.nextRecordsUrl);
            pages.push(next.records.length);
        }
        expect(pages).toEqual([200, 200, 50]);
        const all = await conn.query<{ Name: string }>(
            "SELECT Id, Name FROM Account WHERE Name LIKE 'Paged%' ORDER BY Name",
            { autoFetch: true, maxFetch: 1000 }
        );
        expect(all.totalSize).toBe(450);
        expect(all.records).toHaveLength(450);
        expect(all.records[449]?.Name).toBe('Paged 449');
    });

    it('serves jsforce helpers built on describe: retrieve of many ids, find, select all fields', async () => {
        const conn = org.connect();
        const created = await conn
            .sobject('Account')
            .create([{ Name: 'Many 1' }, { Name: 'Many 2' }]);
        const ids = created.map((r) => r.id!);
        const retrieved = await conn.sobject('Account').retrieve(ids);
        expect(retrieved.map((r) => r?.Name)).toEqual(['Many 1', 'Many 2']);
        const found = await conn.sobject('Account').find({ Name: 'Many 2' }, ['Id', 'Name']);
        expect(found).toEqual([expect.objectContaining({ Id: ids[1], Name: 'Many 2' })]);
        const everything = await conn
            .sobject('Account')
            .select('*')
            .where({ Name: 'Many 1' })
            .execute();
        expect(everything[0]).toMatchObject({
            Name: 'Many 1',
            IsDeleted: false,
            Zoho_Customer_Id__c: null
        });
        const destroyed = await conn.sobject('Account').destroy(ids);
        expect(destroyed.every((r) => r.success)).toBe(true);
    });

    it('fails a query naming an unknown field with INVALID_FIELD', async () => {
        await expect(
            org.connect().query('SELECT Id, Zoho_Balance__c FROM Account')
        ).rejects.toMatchObject({
            errorCode: 'INVALID_FIELD',
            message: expect.stringContaining("No such column 'Zoho_Balance__c' on entity 'Account'")
        });
    });

    it('describes objects from the schema, package fields included', async () => {
        const conn = org.connect();
        const opportunity = await conn.describe('Opportunity');
        const status = opportunity.fields.find((f) => f.name === 'Closebooks_Sync_Status__c');
        expect(status).toMatchObject({ type: 'picklist', custom: true, restrictedPicklist: true });
        expect(
            opportunity.fields
                .find((f) => f.name === 'StageName')
                ?.picklistValues?.map((v) => v.value)
        ).toContain('Closed Won');
        expect(opportunity.childRelationships.map((r) => r.relationshipName)).toContain(
            'OpportunityLineItems'
        );
        const global = await conn.describeGlobal();
        expect(global.sobjects.map((s) => s.name)).toEqual(
            expect.arrayContaining(['Account', 'Closebooks_Sync__e', 'QuoteLineItem'])
        );
    });

    it('answers the package selector query, WITH USER_MODE included', async () => {
        const stages = await org
            .connect()
            .query<{ ApiName: string }>(
                'SELECT ApiName FROM OpportunityStage WHERE IsWon = TRUE AND IsActive = TRUE WITH USER_MODE'
            );
        expect(stages.records.map((s) => s.ApiName)).toEqual(['Closed Won']);
    });

    it('publishes events through a collection too, each with its own OPERATION_ENQUEUED entry', async () => {
        const results = await org
            .connect()
            .sobject('Closebooks_Sync__e')
            .create([{ Change_Kind__c: 'payment' }, { Change_Kind__c: 'balance' }]);
        expect(
            results.map((r) => (r.errors[0] as { statusCode?: string } | undefined)?.statusCode)
        ).toEqual(['OPERATION_ENQUEUED', 'OPERATION_ENQUEUED']);
        expect(
            org.sandbox
                .publishedEvents(org.orgId)
                .slice(-2)
                .map((m) => m.payload.Change_Kind__c)
        ).toEqual(['payment', 'balance']);
    });

    it('publishes Closebooks_Sync__e: success with OPERATION_ENQUEUED, delivered to subscribers', async () => {
        const received: unknown[] = [];
        const stop = org.sandbox.subscribe(
            org.orgId,
            (m) => received.push(m),
            '/event/Closebooks_Sync__e'
        );
        const result = await org
            .connect()
            .sobject('Closebooks_Sync__e')
            .create({ Record_Id__c: '006000000000001AAA', Change_Kind__c: 'invoice' });
        stop();
        expect(result.success).toBe(true);
        const schema = org.sandbox.org(org.orgId).schema;
        const event = findObject(schema, packageName(schema, 'Closebooks_Sync__e'));
        expect(result.id?.slice(0, 3)).toBe(event?.keyPrefix);
        expect(result.errors).toEqual([
            {
                statusCode: 'OPERATION_ENQUEUED',
                message: expect.stringMatching(/^[0-9a-f-]{36}$/),
                fields: []
            }
        ]);
        expect(received).toEqual([
            expect.objectContaining({
                channel: '/event/Closebooks_Sync__e',
                replayId: 3,
                payload: expect.objectContaining({
                    Change_Kind__c: 'invoice',
                    EventUuid: result.errors[0]!.message
                })
            })
        ]);
    });

    it('runs a composite batch: independent subrequests, each counted, halting on error when asked', async () => {
        const conn = org.connect();
        await conn.query('SELECT Id FROM Account LIMIT 1');
        const used = org.sandbox.usage(org.orgId).used;
        const batch = await conn.requestPost<{
            hasErrors: boolean;
            results: Array<{ statusCode: number }>;
        }>('/composite/batch', {
            haltOnError: true,
            batchRequests: [
                {
                    method: 'POST',
                    url: `v${API_VERSION}/sobjects/Account`,
                    richInput: { Name: 'Batch kept' }
                },
                {
                    method: 'POST',
                    url: `v${API_VERSION}/sobjects/Contact`,
                    richInput: { FirstName: 'No last name' }
                },
                { method: 'GET', url: `v${API_VERSION}/limits` }
            ]
        });
        expect(batch.hasErrors).toBe(true);
        expect(batch.results.map((r) => r.statusCode)).toEqual([201, 400, 412]);
        expect(org.sandbox.usage(org.orgId).used - used).toBe(2);
        expect(org.sandbox.records(org.orgId, 'Account').some((a) => a.Name === 'Batch kept')).toBe(
            true
        );
    });

    it('runs a composite call with references in one transaction, counted as one API call', async () => {
        const conn = org.connect();
        await conn.query('SELECT Id FROM Account LIMIT 1');
        const used = org.sandbox.usage(org.orgId).used;
        const response = await conn.requestPost<{
            compositeResponse: Array<{ httpStatusCode: number; body: unknown }>;
        }>('/composite', {
            allOrNone: true,
            compositeRequest: [
                {
                    method: 'POST',
                    url: `/services/data/v${API_VERSION}/sobjects/Account`,
                    referenceId: 'acct',
                    body: { Name: 'Composite Co' }
                },
                {
                    method: 'POST',
                    url: `/services/data/v${API_VERSION}/sobjects/Contact`,
                    referenceId: 'ct',
                    body: { LastName: 'Ref', AccountId: '@{acct.id}' }
                },
                {
                    method: 'GET',
                    url: `/services/data/v${API_VERSION}/query?q=SELECT+Account.Name+FROM+Contact+WHERE+Id='@{ct.id}'`,
                    referenceId: 'q'
                }
            ]
        });
        expect(response.compositeResponse.map((r) => r.httpStatusCode)).toEqual([201, 201, 200]);
        expect(org.sandbox.usage(org.orgId).used - used).toBe(1);
        expect(response.compositeResponse[2]?.body).toMatchObject({
            totalSize: 1,
            records: [{ Account: { Name: 'Composite Co' } }]
        });
        const failing = await conn.requestPost<{
            compositeResponse: Array<{
                httpStatusCode: number;
                body: Array<{ errorCode: string }>;
            }>;
        }>('/composite', {
            allOrNone: true,
            compositeRequest: [
                {
                    method: 'POST',
                    url: `/services/data/v${API_VERSION}/sobjects/Account`,
                    referenceId: 'a2',
                    body: { Name: 'Rolled back' }
                },
                {
                    method: 'POST',
                    url: `/services/data/v${API_VERSION}/sobjects/Contact`,
                    referenceId: 'c2',
                    body: { AccountId: '@{a2.id}' }
                }
            ]
        });
        expect(failing.compositeResponse.map((r) => r.body[0]?.errorCode)).toEqual([
            'PROCESSING_HALTED',
            'REQUIRED_FIELD_MISSING'
        ]);
        expect(
            org.sandbox.records(org.orgId, 'Account').some((a) => a.Name === 'Rolled back')
        ).toBe(false);
    });
});
