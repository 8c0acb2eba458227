import { describe, expect, it } from 'vitest';

import {
    accountBalances,
    allocation,
    amountPaid,
    comparable,
    invoiceMirror,
    isOverdue,
    opportunityPayment,
    overdueBalance,
    paymentMirror,
    paymentStatus,
    type InvoiceMoney
} from './map.ts';

const TODAY = '2026-11-20';

function invoice(over: Partial<InvoiceMoney> = {}): InvoiceMoney {
    return {
        invoice_id: '4600000000001',
        invoice_number: 'INV-000001',
        status: 'sent',
        date: '2026-11-01',
        due_date: '2026-12-01',
        currency_code: 'EUR',
        total: 1190,
        balance: 1190,
        sub_total: 1000,
        tax_total: 190,
        payment_made: 0,
        credits_applied: 0,
        last_payment_date: '',
        ...over
    };
}

describe('paymentStatus', () => {
    it.each([
        { name: 'sent, nothing paid, not due', inv: invoice(), want: 'Unpaid' },
        { name: 'draft', inv: invoice({ status: 'draft' }), want: 'Unpaid' },
        {
            name: 'part paid, not due',
            inv: invoice({ status: 'partially_paid', balance: 690, payment_made: 500 }),
            want: 'Partially_Paid'
        },
        {
            name: 'part paid by a credit note only',
            inv: invoice({ status: 'partially_paid', balance: 1000, credits_applied: 190 }),
            want: 'Partially_Paid'
        },
        {
            name: 'paid in full',
            inv: invoice({ status: 'paid', balance: 0, payment_made: 1190 }),
            want: 'Paid'
        },
        {
            name: 'Zoho says overdue',
            inv: invoice({ status: 'overdue', due_date: '2026-11-10' }),
            want: 'Overdue'
        },
        {
            name: 'part paid and past due (Zoho still says partially_paid)',
            inv: invoice({
                status: 'partially_paid',
                due_date: '2026-11-19',
                balance: 690,
                payment_made: 500
            }),
            want: 'Overdue'
        },
        {
            name: 'due today is not overdue yet',
            inv: invoice({ due_date: TODAY }),
            want: 'Unpaid'
        },
        {
            name: 'void, whatever its balance',
            inv: invoice({ status: 'void', balance: 0, due_date: '2026-11-01' }),
            want: 'Void'
        },
        {
            name: 'paid after its due date',
            inv: invoice({ status: 'paid', balance: 0, due_date: '2026-11-01' }),
            want: 'Paid'
        }
    ])('$name → $want', ({ inv, want }) => {
        expect(paymentStatus(inv, TODAY)).toBe(want);
    });
});

describe('isOverdue and overdueBalance', () => {
    it.each([
        { name: 'past due, open', inv: invoice({ due_date: '2026-11-19' }), want: true },
        {
            name: 'past due, paid',
            inv: invoice({ status: 'paid', due_date: '2026-11-19', balance: 0 }),
            want: false
        },
        {
            name: 'past due, draft',
            inv: invoice({ status: 'draft', due_date: '2026-11-19' }),
            want: false
        },
        { name: 'no due date', inv: invoice({ due_date: '' }), want: false },
        {
            name: 'Zoho overdue with no balance',
            inv: invoice({ status: 'overdue', balance: 0 }),
            want: false
        }
    ])('$name → $want', ({ inv, want }) => {
        expect(isOverdue(inv, TODAY)).toBe(want);
    });

    it('adds only the balances of overdue invoices, to the cent', () => {
        const invoices = [
            invoice({ due_date: '2026-11-01', balance: 100.1 }),
            invoice({ status: 'partially_paid', due_date: '2026-11-02', balance: 0.2 }),
            invoice({ due_date: '2026-12-01', balance: 999 }),
            invoice({ status: 'void', due_date: '2026-11-01', balance: 50 })
        ];
        expect(overdueBalance(invoices, TODAY)).toBe(100.3);
    });
});

describe('amountPaid', () => {
    it.each([
        {
            name: "Zoho's payment_made",
            inv: invoice({ payment_made: 400, balance: 790 }),
            want: 400
        },
        {
            name: 'derived when payment_made is missing, credits left out',
            inv: invoice({ payment_made: undefined, credits_applied: 90, balance: 700 }),
            want: 400
        }
    ])('$name', ({ inv, want }) => {
        expect(amountPaid(inv)).toBe(want);
    });
});

describe('records', () => {
    const nowIso = '2026-11-20T10:00:00.000Z';

    it('mirrors the invoice with its money, overdue flag and links', () => {
        const record = invoiceMirror({
            invoice: invoice({
                status: 'partially_paid',
                balance: 690,
                payment_made: 500,
                last_payment_date: '2026-11-15'
            }),
            accountId: '001000000000001AAA',
            opportunityId: '006000000000001AAA',
            invoiceUrl: 'https://books.zoho.eu/app/1#/invoices/4600000000001',
            today: TODAY,
            nowIso
        });
        expect(record).toMatchObject({
            op: 'upsert',
            sobject: 'Zoho_Invoice__c',
            externalIdField: 'Zoho_Invoice_Id__c',
            fields: {
                Zoho_Invoice_Id__c: '4600000000001',
                Account__c: '001000000000001AAA',
                Opportunity__c: '006000000000001AAA',
                Total__c: 1190,
                Balance__c: 690,
                Amount_Paid__c: 500,
                Is_Overdue__c: false,
                Last_Payment_Date__c: '2026-11-15'
            }
        });
    });

    it('leaves the deal of an invoice made in Zoho alone', () => {
        const record = invoiceMirror({
            invoice: invoice(),
            accountId: '001000000000001AAA',
            opportunityId: null,
            invoiceUrl: 'u',
            today: TODAY,
            nowIso
        });
        expect(record.fields).not.toHaveProperty('Opportunity__c');
        expect(record.fields.Last_Payment_Date__c).toBeNull();
    });

    it('puts payment status, paid and balance on the deal', () => {
        expect(
            opportunityPayment({
                invoice: invoice({ status: 'partially_paid', balance: 690.5, payment_made: 499.5 }),
                opportunityId: '006000000000001AAA',
                today: TODAY,
                nowIso
            }).fields
        ).toMatchObject({
            Zoho_Payment_Status__c: 'Partially_Paid',
            Zoho_Amount_Paid__c: 499.5,
            Zoho_Balance__c: 690.5
        });
    });

    it.each([
        {
            name: 'a new allocation names both parents',
            known: false,
            want: {
                Zoho_Payment__r: { Zoho_Payment_Id__c: '9' },
                Zoho_Invoice__r: { Zoho_Invoice_Id__c: '4' }
            }
        },
        { name: 'a known allocation does not write its master-detail again', known: true, want: {} }
    ])('$name', ({ known, want }) => {
        const record = allocation({
            paymentId: '9',
            invoiceId: '4',
            amount: 10,
            date: null,
            known
        });
        expect(record.fields).toEqual({
            Zoho_Allocation_Id__c: '9:4',
            Amount_Applied__c: 10,
            Applied_Date__c: null,
            ...want
        });
    });

    it('mirrors a payment with its refunds and unused amount', () => {
        expect(
            paymentMirror({
                payment: {
                    payment_id: '9',
                    payment_number: '3',
                    payment_mode: 'banktransfer',
                    amount: 600,
                    unused_amount: 100,
                    amount_refunded: 50,
                    date: '2026-11-15',
                    reference_number: '',
                    currency_code: 'EUR'
                },
                accountId: '001000000000001AAA',
                nowIso
            }).fields
        ).toMatchObject({
            Zoho_Payment_Id__c: '9',
            Amount__c: 600,
            Unused_Amount__c: 100,
            Amount_Refunded__c: 50,
            Reference_Number__c: null,
            Account__c: '001000000000001AAA'
        });
    });

    it('compares a new and a known allocation as equal', () => {
        const record = (known: boolean) =>
            allocation({ paymentId: '9', invoiceId: '4', amount: 10, date: null, known });
        expect(comparable([record(false)])).toEqual(comparable([record(true)]));
    });

    it('compares records without their sync times and events', () => {
        const at = (nowIso: string) => [
            accountBalances({
                accountId: '001000000000001AAA',
                balances: { outstanding: 1, overdue: 0, unusedCredits: 0 },
                nowIso
            })
        ];
        expect(comparable(at('2026-11-20T10:00:00Z'))).toEqual(
            comparable(at('2026-11-21T10:00:00Z'))
        );
        expect(comparable(at('x'))).not.toEqual(
            comparable([
                accountBalances({
                    accountId: '001000000000001AAA',
                    balances: { outstanding: 2, overdue: 0, unusedCredits: 0 },
                    nowIso: 'x'
                })
            ])
        );
    });
});
