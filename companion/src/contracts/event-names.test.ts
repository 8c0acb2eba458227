import { describe, expect, it } from 'vitest';

import { localEventNames } from './event-names.ts';
import type { SalesforceEventBatch } from './salesforce-events.ts';

const batch = (changedFields?: string[]): SalesforceEventBatch => ({
    contractVersion: 1,
    orgId: '00D000000000001AAA',
    batchId: 'b1',
    sentAt: '2026-01-01T00:00:00.000Z',
    events: [
        {
            eventId: 'e1',
            type: 'account.changed',
            objectType: 'Account',
            recordId: '001000000000001AAA',
            occurredAt: '2026-01-01T00:00:00.000Z',
            userId: '005000000000001AAA',
            ...(changedFields ? { changedFields } : {})
        }
    ]
});

describe('package names in inbound events', () => {
    it('makes the package namespace local and keeps every other name', () => {
        const local = localEventNames(
            batch(['BillingCity', 'cbks__Zoho_Contact_Id__c', 'Region__c', 'acme__Tier__c']),
            'cbks'
        );
        expect(local.events[0]?.changedFields).toEqual([
            'BillingCity',
            'Zoho_Contact_Id__c',
            'Region__c',
            'acme__Tier__c'
        ]);
    });

    it('leaves a batch alone without a namespace or without changed fields', () => {
        const prefixed = batch(['cbks__Zoho_Contact_Id__c']);
        expect(localEventNames(prefixed, '')).toBe(prefixed);
        const none = batch();
        expect(localEventNames(none, 'cbks')).toBe(none);
    });
});
