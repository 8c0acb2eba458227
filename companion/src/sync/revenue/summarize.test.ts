import { describe, expect, it } from 'vitest';

import {
    monthOf,
    monthsBack,
    summarize,
    summaryRecord,
    type CreditNoteFigures,
    type InvoiceFigures,
    type PaymentFigures
} from './summarize.ts';

const ACCOUNT = '001000000000001AAA';
const accounts = new Map([
    ['c1', ACCOUNT],
    ['c2', '001000000000002AAA']
]);

const inv = (over: Partial<InvoiceFigures> = {}): InvoiceFigures => ({
    customer_id: 'c1',
    date: '2026-03-10',
    status: 'sent',
    currency_code: 'USD',
    exchange_rate: 1,
    total: 100,
    balance: 100,
    ...over
});
const pay = (over: Partial<PaymentFigures> = {}): PaymentFigures => ({
    customer_id: 'c1',
    date: '2026-03-20',
    amount: 40,
    currency_code: 'USD',
    exchange_rate: 1,
    ...over
});
const note = (over: Partial<CreditNoteFigures> = {}): CreditNoteFigures => ({
    customer_id: 'c1',
    date: '2026-03-25',
    status: 'open',
    currency_code: 'USD',
    exchange_rate: 1,
    total: 10,
    ...over
});

function one(input: {
    invoices?: InvoiceFigures[];
    payments?: PaymentFigures[];
    creditNotes?: CreditNoteFigures[];
}) {
    return summarize({
        invoices: input.invoices ?? [],
        payments: input.payments ?? [],
        creditNotes: input.creditNotes ?? [],
        accounts,
        months: ['2026-02', '2026-03'],
        baseCurrency: 'USD'
    });
}

describe('summarize', () => {
    it.each([
        {
            name: 'an invoice, part paid in its month, and a credit note',
            input: { invoices: [inv({ balance: 60 })], payments: [pay()], creditNotes: [note()] },
            want: { invoiced: 100, collected: 40, outstanding: 60, credited: 10 }
        },
        {
            name: 'drafts and voids are not invoiced',
            input: {
                invoices: [inv(), inv({ status: 'draft' }), inv({ status: 'void', balance: 0 })]
            },
            want: { invoiced: 100, collected: 0, outstanding: 100, credited: 0 }
        },
        {
            name: 'a void credit note credits nothing',
            input: { invoices: [inv()], creditNotes: [note({ status: 'void' })] },
            want: { invoiced: 100, collected: 0, outstanding: 100, credited: 0 }
        },
        {
            name: 'cents add up exactly',
            input: {
                invoices: [inv({ total: 0.1, balance: 0.1 }), inv({ total: 0.2, balance: 0 })]
            },
            want: { invoiced: 0.3, collected: 0, outstanding: 0.1, credited: 0 }
        }
    ])('$name', ({ input, want }) => {
        const [summary, ...rest] = one(input);
        expect(rest).toEqual([]);
        expect(summary).toMatchObject({ accountId: ACCOUNT, month: '2026-03', currency: 'USD' });
        expect(summary!.document).toEqual(want);
        expect(summary!.base).toEqual(want);
    });

    it('books each document in the base currency at its own rate', () => {
        const [summary] = one({
            invoices: [
                inv({ currency_code: 'EUR', exchange_rate: 1.1, total: 100, balance: 100 }),
                inv({ currency_code: 'EUR', exchange_rate: 1.2, total: 50, balance: 0 })
            ],
            payments: [pay({ currency_code: 'EUR', amount: 50, bcy_amount: 60.01 })]
        });
        expect(summary).toMatchObject({
            currency: 'EUR',
            document: { invoiced: 150, collected: 50, outstanding: 100 },
            base: { invoiced: 170, collected: 60.01, outstanding: 110 }
        });
    });

    it('keeps only base figures for a month that mixes currencies', () => {
        const [summary] = one({
            invoices: [
                inv(),
                inv({ currency_code: 'EUR', exchange_rate: 2, total: 10, balance: 10 })
            ]
        });
        expect(summary).toMatchObject({
            currency: null,
            document: null,
            base: { invoiced: 120 }
        });
    });

    it.each([
        { name: 'a customer with no account', doc: inv({ customer_id: 'c9' }) },
        { name: 'a month outside the run', doc: inv({ date: '2026-04-01' }) },
        { name: 'no date', doc: inv({ date: '' }) }
    ])('leaves out $name', ({ doc }) => {
        expect(one({ invoices: [doc] })).toEqual([]);
    });

    it('gives one summary per account and month, in order', () => {
        const keys = one({
            invoices: [
                inv({ date: '2026-03-01' }),
                inv({ customer_id: 'c2' }),
                inv({ date: '2026-02-28' })
            ]
        }).map((s) => `${s.accountId}:${s.month}`);
        expect(keys).toEqual([
            `${ACCOUNT}:2026-02`,
            `${ACCOUNT}:2026-03`,
            '001000000000002AAA:2026-03'
        ]);
    });
});

describe('months', () => {
    it.each([
        { through: '2026-12', count: 12, first: '2026-01', last: '2026-12' },
        { through: '2026-02', count: 3, first: '2025-12', last: '2026-02' },
        { through: '2026-05', count: 1, first: '2026-05', last: '2026-05' }
    ])('$count months through $through', ({ through, count, first, last }) => {
        const months = monthsBack(through, count);
        expect(months).toHaveLength(count);
        expect([months[0], months.at(-1)]).toEqual([first, last]);
    });

    it.each([
        { date: '2026-03-31', want: '2026-03' },
        { date: '', want: undefined },
        { date: '31/03/2026', want: undefined }
    ])('month of "$date"', ({ date, want }) => {
        expect(monthOf(date)).toBe(want);
    });
});

describe('summaryRecord', () => {
    it('upserts by account and month, with both currencies', () => {
        const [summary] = one({ invoices: [inv()] });
        expect(summaryRecord(summary!, '2026-12-01T00:00:00Z')).toEqual({
            op: 'upsert',
            sobject: 'Zoho_Revenue_Summary__c',
            externalIdField: 'Summary_Key__c',
            fields: {
                Summary_Key__c: `${ACCOUNT}:2026-03`,
                Name: '2026-03 revenue',
                Account__c: ACCOUNT,
                Month__c: '2026-03-01',
                Currency_Code__c: 'USD',
                Invoiced__c: 100,
                Collected__c: 0,
                Outstanding__c: 100,
                Credits__c: 0,
                Base_Currency_Code__c: 'USD',
                Invoiced_Base__c: 100,
                Collected_Base__c: 0,
                Outstanding_Base__c: 100,
                Credits_Base__c: 0,
                Last_Synced__c: '2026-12-01T00:00:00Z'
            }
        });
    });
});
