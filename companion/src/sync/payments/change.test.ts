import { describe, expect, it } from 'vitest';

import { appliedByPayment, invoiceChange } from './change.ts';
import type { InvoiceMoney, PaymentMoney } from './map.ts';

const invoice: InvoiceMoney = {
    invoice_id: '41',
    invoice_number: 'INV-000041',
    status: 'partially_paid',
    date: '2026-11-01',
    due_date: '2026-12-01',
    currency_code: 'USD',
    total: 1000,
    balance: 400,
    payment_made: 600,
    credits_applied: 0
};

const payment = (id: string, amount: number): PaymentMoney => ({
    payment_id: id,
    payment_number: id,
    payment_mode: 'cash',
    amount,
    date: '2026-11-10'
});

function change(over: Partial<Parameters<typeof invoiceChange>[0]> = {}) {
    return invoiceChange({
        invoice,
        accountId: '001000000000001AAA',
        opportunityId: '006000000000001AAA',
        invoiceUrl: 'u',
        applied: [
            { payment_id: '7', amount: 250, date: '2026-11-10' },
            { payment_id: '8', amount: 350, date: '2026-11-12' }
        ],
        payments: new Map([
            ['7', payment('7', 250)],
            ['8', payment('8', 500)]
        ]),
        previousKeys: [],
        today: '2026-11-20',
        nowIso: '2026-11-20T00:00:00Z',
        ...over
    });
}

describe('invoiceChange', () => {
    it('orders parents before the allocations that name them, the deal and its event last', () => {
        expect(change().records.map((r) => r.sobject)).toEqual([
            'Zoho_Invoice__c',
            'Zoho_Payment__c',
            'Zoho_Payment__c',
            'Zoho_Payment_Allocation__c',
            'Zoho_Payment_Allocation__c',
            'Opportunity',
            'Closebooks_Sync__e'
        ]);
    });

    it.each([
        {
            name: 'a payment deleted since is zeroed',
            previousKeys: ['7:41', '9:41'],
            want: [
                ['7:41', 250],
                ['8:41', 350],
                ['9:41', 0]
            ]
        },
        {
            name: 'nothing written before: only what Zoho lists',
            previousKeys: [],
            want: [
                ['7:41', 250],
                ['8:41', 350]
            ]
        }
    ])('$name', ({ previousKeys, want }) => {
        const { records, keys } = change({ previousKeys });
        const allocations = records
            .filter((r) => r.sobject === 'Zoho_Payment_Allocation__c')
            .map((r) => [r.fields.Zoho_Allocation_Id__c, r.fields.Amount_Applied__c]);
        expect(allocations).toEqual(want);
        expect(keys).toEqual(['7:41', '8:41']);
    });

    it('leaves the deal out for an invoice made in Zoho', () => {
        const sobjects = change({ opportunityId: null }).records.map((r) => r.sobject);
        expect(sobjects).not.toContain('Opportunity');
        expect(sobjects).not.toContain('Closebooks_Sync__e');
    });
});

describe('appliedByPayment', () => {
    it('adds up one payment applied twice, to the cent, with its latest date', () => {
        expect(
            appliedByPayment([
                { payment_id: '7', amount: 0.1, date: '2026-11-10' },
                { payment_id: '7', amount: 0.2, date: '2026-11-12' }
            ])
        ).toEqual(new Map([['7', { amount: 0.3, date: '2026-11-12' }]]));
    });
});
