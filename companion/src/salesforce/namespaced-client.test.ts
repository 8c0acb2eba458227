import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { servedSalesforce } from '../../test/support/salesforce-org.ts';
import { compositeQueries } from './composite.ts';
import { SalesforceApiError } from './errors.ts';
import { publishSyncEvent } from './events.ts';
import { queryAll } from './query.ts';
import { soql } from './soql.ts';
import { createMany, updateMany, upsertMany } from './writes.ts';

const anyRow = z.record(z.string(), z.unknown());

describe('the Salesforce client in an org where the package is namespaced', () => {
    let org: Awaited<ReturnType<typeof servedSalesforce>>;
    beforeAll(async () => {
        org = await servedSalesforce();
    });
    afterAll(() => org.close());

    it('runs in an org that knows the package only as cbks__', () => {
        expect(org.sandbox.namespace).toBe('cbks');
    });

    it('refuses the local names when they are sent as they are (INVALID_FIELD, NOT_FOUND)', async () => {
        const bare = org.client({ namespace: '' });
        await expect(
            bare.request({
                method: 'GET',
                path: `/query?q=${encodeURIComponent('SELECT Id, Zoho_Invoice_Id__c FROM Opportunity')}`
            })
        ).rejects.toMatchObject({ errorCode: 'INVALID_FIELD' });
        await expect(
            bare.request({ method: 'GET', path: '/sobjects/Zoho_Invoice__c/describe' })
        ).rejects.toMatchObject({ errorCode: 'NOT_FOUND' });
        await expect(
            bare.request({
                method: 'GET',
                path: `/query?q=${encodeURIComponent('SELECT Id FROM Zoho_Invoice__c')}`
            })
        ).rejects.toMatchObject({ errorCode: 'INVALID_TYPE' });
        await expect(
            bare.request({
                method: 'POST',
                path: '/sobjects/Account',
                body: { Name: 'Bare', Zoho_Contact_Id__c: 'ZC-0' }
            })
        ).rejects.toMatchObject({ errorCode: 'INVALID_FIELD' });
    });

    it('writes, upserts and reads back the package objects by local names', async () => {
        const client = org.client();
        const [account] = await createMany(client, 'Account', [
            { Name: 'Namespaced Ltd', Zoho_Contact_Id__c: 'ZC-1' }
        ]);
        if (!account?.ok) throw new Error(JSON.stringify(account));
        const [deal] = await createMany(client, 'Opportunity', [
            {
                Name: 'Namespaced deal',
                StageName: 'Prospecting',
                CloseDate: '2026-12-01',
                AccountId: account.id,
                Zoho_Invoice_Id__c: 'INV-NS-1'
            }
        ]);
        if (!deal?.ok) throw new Error(JSON.stringify(deal));
        const invoices = await upsertMany(client, 'Zoho_Invoice__c', 'Zoho_Invoice_Id__c', [
            {
                Zoho_Invoice_Id__c: 'INV-NS-1',
                Name: 'INV-000001',
                Account__c: account.id,
                Opportunity__c: deal.id,
                Balance__c: 120
            }
        ]);
        expect(invoices).toEqual([{ ok: true, id: expect.any(String), created: true }]);

        const { records } = await queryAll(
            client,
            soql`SELECT Id, Balance__c, Opportunity__r.Zoho_Invoice_Id__c, Account__r.Name FROM Zoho_Invoice__c WHERE Zoho_Invoice_Id__c = ${'INV-NS-1'}`,
            anyRow
        );
        expect(records).toEqual([
            expect.objectContaining({
                attributes: expect.objectContaining({ type: 'Zoho_Invoice__c' }),
                Balance__c: 120,
                Opportunity__r: expect.objectContaining({ Zoho_Invoice_Id__c: 'INV-NS-1' }),
                Account__r: expect.objectContaining({ Name: 'Namespaced Ltd' })
            })
        ]);
        const stored = org.sandbox.org(org.orgId).store.all('cbks__Zoho_Invoice__c');
        expect(stored).toEqual([expect.objectContaining({ cbks__Balance__c: 120 })]);

        const [accounts] = await compositeQueries(client, [
            soql`SELECT Name, (SELECT Balance__c FROM Zoho_Invoices__r) FROM Account WHERE Zoho_Contact_Id__c = ${'ZC-1'}`
        ]);
        expect(accounts).toEqual([
            expect.objectContaining({
                Name: 'Namespaced Ltd',
                Zoho_Invoices__r: expect.objectContaining({
                    records: [expect.objectContaining({ Balance__c: 120 })]
                })
            })
        ]);
    });

    it('gives back save errors with local field names', async () => {
        const client = org.client();
        const [account] = await createMany(client, 'Account', [{ Name: 'Picky' }]);
        if (!account?.ok) throw new Error(JSON.stringify(account));
        const [result] = await updateMany(client, 'Account', [
            { Id: account.id, Closebooks_Sync_Status__c: 'Maybe' }
        ]);
        expect(result).toEqual({
            ok: false,
            errors: [
                expect.objectContaining({
                    statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
                    fields: ['Closebooks_Sync_Status__c']
                })
            ]
        });
        expect(JSON.stringify(result)).not.toContain('cbks__');
    });

    it('gives back request errors with local names', async () => {
        const error = await queryAll(
            org.client(),
            soql`SELECT Id, Nope__c FROM Zoho_Invoice__c`,
            anyRow
        ).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(SalesforceApiError);
        expect((error as SalesforceApiError).errorCode).toBe('INVALID_FIELD');
        expect((error as Error).message).not.toContain('cbks__');
    });

    it('publishes the package event on its prefixed channel', async () => {
        const deal = org.sandbox.seed(org.orgId, {
            records: [
                {
                    object: 'Account',
                    fields: { Name: 'Event Co' }
                }
            ]
        }).created[0]!.id;
        await publishSyncEvent(org.client(), { recordId: deal, changeKind: 'invoice.paid' });
        const last = org.sandbox.org(org.orgId).bus.history.at(-1);
        expect(last).toMatchObject({
            channel: '/event/cbks__Closebooks_Sync__e',
            payload: expect.objectContaining({
                cbks__Record_Id__c: deal,
                cbks__Change_Kind__c: 'invoice.paid'
            })
        });
    });
});

describe('the Salesforce client in an org without the namespace', () => {
    let org: Awaited<ReturnType<typeof servedSalesforce>>;
    beforeAll(async () => {
        org = await servedSalesforce({ namespace: '' });
    });
    afterAll(() => org.close());

    it('sends and reads the local names as they are', async () => {
        const client = org.client();
        const [account] = await createMany(client, 'Account', [
            { Name: 'Bare Ltd', Zoho_Contact_Id__c: 'ZC-2' }
        ]);
        expect(account).toMatchObject({ ok: true });
        const { records } = await queryAll(
            client,
            soql`SELECT Zoho_Contact_Id__c FROM Account WHERE Name = ${'Bare Ltd'}`,
            anyRow
        );
        expect(records).toEqual([expect.objectContaining({ Zoho_Contact_Id__c: 'ZC-2' })]);
        expect(org.sandbox.org(org.orgId).store.all('Account')).toEqual(
            expect.arrayContaining([expect.objectContaining({ Zoho_Contact_Id__c: 'ZC-2' })])
        );
    });
});
