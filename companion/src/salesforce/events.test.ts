import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { servedSalesforce } from '../../test/support/salesforce-org.ts';
import { publishSyncEvent, publishSyncEvents } from './events.ts';

describe('Closebooks_Sync__e publishing', () => {
    let org: Awaited<ReturnType<typeof servedSalesforce>>;
    beforeAll(async () => {
        org = await servedSalesforce();
    });
    afterAll(() => org.close());

    it('publishes one event: OPERATION_ENQUEUED counts as success, subscribers see it', async () => {
        const published = await publishSyncEvent(org.client(), {
            recordId: '006000000000001AAA',
            accountId: '001000000000001AAA',
            changeKind: 'invoice',
            summary: 'INV-0001 sent'
        });
        expect(published.id).toMatch(/^e0/);
        expect(org.sandbox.publishedEvents(org.orgId).at(-1)).toMatchObject({
            channel: '/event/Closebooks_Sync__e',
            payload: {
                Record_Id__c: '006000000000001AAA',
                Account_Id__c: '001000000000001AAA',
                Change_Kind__c: 'invoice',
                Summary__c: 'INV-0001 sent'
            }
        });
    });

    it('publishes many in one collection call, one ok result each', async () => {
        const before = org.sandbox.usage(org.orgId).used;
        const results = await publishSyncEvents(org.client(), [
            { recordId: '006000000000002AAA', changeKind: 'payment' },
            { recordId: '006000000000003AAA', changeKind: 'balance' }
        ]);
        expect(results).toEqual([
            { ok: true, id: expect.stringMatching(/^e0/) },
            { ok: true, id: expect.stringMatching(/^e0/) }
        ]);
        expect(
            org.sandbox
                .publishedEvents(org.orgId)
                .slice(-2)
                .map((m) => m.payload.Change_Kind__c)
        ).toEqual(['payment', 'balance']);
        // one refresh-token sign-in does not count; the collection call does
        expect(org.sandbox.usage(org.orgId).used - before).toBe(1);
    });

    it('refuses an event whose record id is not an id, before sending', async () => {
        const before = org.sandbox.publishedEvents(org.orgId).length;
        await expect(
            publishSyncEvent(org.client(), { recordId: 'nope', changeKind: 'invoice' })
        ).rejects.toThrow('not a Salesforce id');
        expect(org.sandbox.publishedEvents(org.orgId)).toHaveLength(before);
    });
});
