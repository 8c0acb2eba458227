import { describe, expect, it } from 'vitest';

import { mirrorFacts, zohoInvoiceFacts } from '../../../test/support/reconciliation-facts.ts';
import { currencyPrecision, reconcile } from './compare.ts';

const zoho = zohoInvoiceFacts;
const mirror = mirrorFacts;

describe('currencyPrecision', () => {
    it('knows zero, two and three decimal currencies, and takes two for an unknown code', () => {
        expect(currencyPrecision('JPY')).toBe(0);
        expect(currencyPrecision('EUR')).toBe(2);
        expect(currencyPrecision('KWD')).toBe(3);
        expect(currencyPrecision('??')).toBe(2);
        expect(currencyPrecision(null)).toBe(2);
    });
});

describe('reconcile', () => {
    it('counts a mirror equal to Zoho as matching and reports no row', () => {
        const report = reconcile({ zoho: [zoho()], mirrors: [mirror()], deals: [] });
        expect(report.summary).toMatchObject({ matching: 1, differing: 0, accountsDiffering: 0 });
        expect(report.invoices).toEqual([]);
        expect(report.accounts).toEqual([
            expect.objectContaining({ salesforceTotal: 110, zohoTotal: 110, differs: false })
        ]);
    });

    it('ignores binary noise below the currency precision but not a cent', () => {
        const noise = reconcile({
            zoho: [zoho({ total: 0.1 + 0.2, tax: 0.3, balance: 0.3 })],
            mirrors: [mirror({ total: 0.3, tax: 0.3, balance: 0.3 })],
            deals: []
        });
        expect(noise.summary.matching).toBe(1);
        const cent = reconcile({
            zoho: [zoho({ balance: 60.01 })],
            mirrors: [mirror({ balance: 60 })],
            deals: []
        });
        expect(cent.invoices).toEqual([
            expect.objectContaining({
                kind: 'differs',
                differences: [{ figure: 'balance', salesforce: 60, zoho: 60.01, difference: 0.01 }]
            })
        ]);
    });

    it('rounds a yen invoice to whole yen', () => {
        const report = reconcile({
            zoho: [zoho({ currency: 'JPY', total: 11000, tax: 1000, balance: 11000 })],
            mirrors: [mirror({ currency: 'JPY', total: 11000.4, tax: 1000, balance: 11000 })],
            deals: []
        });
        expect(report.summary.matching).toBe(1);
    });

    it('reports tax drift per invoice and per account', () => {
        const report = reconcile({
            zoho: [zoho({ tax: 10.5, total: 110.5, balance: 110.5 })],
            mirrors: [mirror()],
            deals: []
        });
        expect(report.invoices[0]!.differences.map((d) => [d.figure, d.difference])).toEqual([
            ['total', 0.5],
            ['tax', 0.5],
            ['balance', 0.5]
        ]);
        expect(report.accounts[0]).toMatchObject({
            totalDifference: 0.5,
            taxDrift: 0.5,
            differs: true
        });
        expect(report.summary.accountsDiffering).toBe(1);
    });

    it('finds invoices missing on either side and won deals whose link points nowhere', () => {
        const report = reconcile({
            zoho: [zoho({ invoiceId: '9002', number: 'INV-2', key: '006000000000002AAA' })],
            mirrors: [mirror({ zohoInvoiceId: '9003', number: 'INV-3' })],
            deals: [
                {
                    opportunityId: '006000000000004AAA',
                    name: 'Lost link',
                    accountId: '001000000000001AAA',
                    zohoInvoiceId: '9004'
                },
                // Its invoice is there: nothing to say.
                {
                    opportunityId: '006000000000002AAA',
                    name: 'Fine',
                    accountId: '001000000000001AAA',
                    zohoInvoiceId: '9002'
                }
            ]
        });
        expect(report.invoices.map((r) => [r.kind, r.zohoInvoiceId])).toEqual([
            ['missing_in_zoho', '9003'],
            ['missing_in_salesforce', '9002'],
            ['broken_deal_link', '9004']
        ]);
        expect(report.summary).toMatchObject({
            missingInZoho: 1,
            missingInSalesforce: 1,
            brokenDealLinks: 1,
            matching: 0
        });
        // The account: Salesforce has 110 (INV-3), Zoho 110 (INV-2): equal sums, different invoices.
        expect(report.accounts[0]).toMatchObject({
            invoices: 2,
            salesforceTotal: 110,
            zohoTotal: 110
        });
    });

    it('leaves Zoho invoices without our key out (made directly in Zoho, never mirrored)', () => {
        const report = reconcile({ zoho: [zoho({ key: null })], mirrors: [], deals: [] });
        expect(report.invoices).toEqual([]);
        expect(report.accounts).toEqual([]);
    });

    it('keeps accounts apart per currency', () => {
        const report = reconcile({
            zoho: [
                zoho(),
                zoho({ invoiceId: '9005', currency: 'EUR', total: 50, tax: 0, balance: 50 })
            ],
            mirrors: [
                mirror(),
                mirror({ zohoInvoiceId: '9005', currency: 'EUR', total: 50, tax: 0, balance: 50 })
            ],
            deals: []
        });
        expect(report.accounts.map((a) => [a.currency, a.zohoTotal])).toEqual([
            ['EUR', 50],
            ['USD', 110]
        ]);
    });

    it('orders the rows by kind, each kind by Zoho invoice id, whatever order the sides came in', () => {
        const report = reconcile({
            zoho: [
                zoho({ invoiceId: '9008', key: '006000000000008AAA' }),
                zoho({ invoiceId: '9001', balance: 100 }),
                zoho({ invoiceId: '9006', key: '006000000000006AAA' })
            ],
            mirrors: [
                mirror({ zohoInvoiceId: '9003' }),
                mirror({ zohoInvoiceId: '9001' }),
                mirror({ zohoInvoiceId: '9002' })
            ],
            deals: [
                {
                    opportunityId: '006000000000005AAA',
                    name: 'Second link',
                    accountId: null,
                    zohoInvoiceId: '9005'
                },
                {
                    opportunityId: '006000000000004AAA',
                    name: 'First link',
                    accountId: null,
                    zohoInvoiceId: '9004'
                }
            ]
        });
        expect(report.invoices.map((r) => [r.kind, r.zohoInvoiceId])).toEqual([
            ['differs', '9001'],
            ['missing_in_zoho', '9002'],
            ['missing_in_zoho', '9003'],
            ['missing_in_salesforce', '9006'],
            ['missing_in_salesforce', '9008'],
            ['broken_deal_link', '9004'],
            ['broken_deal_link', '9005']
        ]);
    });
    it('counts a record a paged read returned twice once, as it was read last', () => {
        // Zoho's list moved between two pages, so two invoices came back twice, the second
        // time after a payment; Salesforce's query did the same with a mirror and a deal.
        const lostLink = {
            opportunityId: '006000000000004AAA',
            name: 'Lost link',
            accountId: null,
            zohoInvoiceId: '9004'
        };
        const report = reconcile({
            zoho: [
                zoho({ balance: 50 }),
                zoho({ invoiceId: '9002', key: '006000000000002AAA' }),
                zoho({ balance: 110 }),
                zoho({ invoiceId: '9002', key: '006000000000002AAA', balance: 10 })
            ],
            mirrors: [mirror({ balance: 50 }), mirror()],
            deals: [lostLink, lostLink]
        });
        expect(report.summary).toMatchObject({
            zohoInvoices: 2,
            mirrors: 1,
            matching: 1,
            differing: 0,
            missingInSalesforce: 1,
            brokenDealLinks: 1
        });
        expect(report.invoices).toEqual([
            expect.objectContaining({ kind: 'missing_in_salesforce', zohoInvoiceId: '9002' }),
            expect.objectContaining({ kind: 'broken_deal_link', zohoInvoiceId: '9004' })
        ]);
        expect(report.accounts[0]).toMatchObject({ invoices: 2, zohoTotal: 220 });
    });
});
