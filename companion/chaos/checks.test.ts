import { describe, expect, it } from 'vitest';

import { judgeChaos, type ChaosState } from './checks.ts';

const key = (id: string) => `00DORG:${id}`;
const invoice = (id: string, opportunityId: string) => ({
    invoice_id: id,
    custom_fields: [{ api_name: 'cf_salesforce_id', value: key(opportunityId) }]
});
const synced = (id: string, invoiceId: string) => ({
    Id: id,
    Zoho_Invoice_Id__c: invoiceId,
    Closebooks_Sync_Status__c: 'Synced'
});

/** Two deals, each with its one invoice, written back and journalled once: a clean end state. */
function clean(): ChaosState {
    return {
        keyOf: key,
        opportunityIds: ['006A', '006B'],
        opportunities: [synced('006A', '1'), synced('006B', '2')],
        zohoInvoices: [invoice('1', '006A'), invoice('2', '006B')],
        zohoContacts: [
            {
                contact_id: 'c1',
                custom_fields: [{ api_name: 'cf_salesforce_id', value: key('001A') }]
            }
        ],
        journal: [
            { operation: 'zoho.invoice.create', subject: '1', opportunityId: '006A' },
            { operation: 'zoho.invoice.adopt', subject: '2', opportunityId: '006B' }
        ]
    };
}

describe('judging the end state of a chaos run', () => {
    it('passes a clean end state', () => {
        expect(judgeChaos(clean())).toMatchObject({
            deals: 2,
            invoices: 2,
            troubled: [],
            ok: true
        });
    });

    it('counts a second invoice for one deal as a duplicate', () => {
        const state = clean();
        const verdict = judgeChaos({
            ...state,
            zohoInvoices: [...state.zohoInvoices, invoice('3', '006A')]
        });
        expect(verdict).toMatchObject({ duplicateInvoices: 1, ok: false });
    });

    it('counts a deal with no invoice as missing and not written back', () => {
        const state = clean();
        const verdict = judgeChaos({ ...state, zohoInvoices: [invoice('1', '006A')] });
        expect(verdict).toMatchObject({
            missingInvoices: 1,
            notWrittenBack: 1,
            journalGaps: 1,
            troubled: ['006B']
        });
    });

    it('counts an Opportunity that is not Synced, or names another invoice, as not written back', () => {
        const state = clean();
        expect(
            judgeChaos({
                ...state,
                opportunities: [
                    synced('006A', '1'),
                    { ...synced('006B', '2'), Closebooks_Sync_Status__c: 'Failed' }
                ]
            }).notWrittenBack
        ).toBe(1);
        expect(
            judgeChaos({ ...state, opportunities: [synced('006A', '9'), synced('006B', '2')] })
                .notWrittenBack
        ).toBe(1);
    });

    it('counts two Zoho customers with one Salesforce key as a duplicate customer', () => {
        const state = clean();
        const verdict = judgeChaos({
            ...state,
            zohoContacts: [...state.zohoContacts, { ...state.zohoContacts[0], contact_id: 'c2' }]
        });
        expect(verdict).toMatchObject({ duplicateCustomers: 1, ok: false });
    });

    it('counts a missing or repeated journal entry as a gap', () => {
        const state = clean();
        const [first, second] = state.journal;
        expect(judgeChaos({ ...state, journal: [first!] }).journalGaps).toBe(1);
        expect(judgeChaos({ ...state, journal: [first!, second!, second!] }).journalGaps).toBe(1);
    });
});
