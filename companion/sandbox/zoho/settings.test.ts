import { describe, expect, it } from 'vitest';

import {
    currenciesResponseSchema,
    invoiceResponseSchema,
    organizationResponseSchema,
    paymentResponseSchema,
    taxGroupResponseSchema,
    taxResponseSchema
} from '../../src/zoho/schemas/responses.ts';
import { booksClient } from './test-client.ts';
import { createZohoSandbox } from './zoho-sandbox.ts';

function setUp() {
    const sandbox = createZohoSandbox();
    const creds = sandbox.createOrg({ name: 'Settings Org', dc: 'jp' });
    return { sandbox, creds, zoho: booksClient(sandbox, creds) };
}

describe('zoho sandbox settings', () => {
    it('reads one organization by its path id alone', async () => {
        const { creds, zoho } = setUp();
        const res = await zoho.get(`/organizations/${creds.organization_id}`, { noOrg: true });
        expect(organizationResponseSchema.parse(res.body).organization).toMatchObject({
            name: 'Settings Org',
            currency_code: 'JPY',
            price_precision: 0
        });
    });

    it('sums a tax group and refuses deleting taxes still in use', async () => {
        const { zoho } = setUp();
        const tax = async (name: string, pct: number) =>
            taxResponseSchema.parse(
                (await zoho.post('/settings/taxes', { tax_name: name, tax_percentage: pct })).body
            ).tax.tax_id;
        const a = await tax('A', 8);
        const b = await tax('B', 2);
        const group = taxGroupResponseSchema.parse(
            (await zoho.post('/settings/taxgroups', { tax_group_name: 'A+B', taxes: `${a},${b}` }))
                .body
        ).tax_group;
        expect(group.tax_group_percentage).toBe(10);
        expect(
            (await zoho.post('/settings/taxgroups', { tax_group_name: 'bad', taxes: `${a},999` }))
                .body.code
        ).toBe(2);
        expect((await zoho.del(`/settings/taxes/${a}`)).status).toBe(400);
        await zoho.post('/items', { name: 'Taxed', rate: 1, tax_id: group.tax_group_id });
        expect((await zoho.del(`/settings/taxgroups/${group.tax_group_id}`)).status).toBe(400);
        expect((await zoho.del('/settings/taxes/123')).status).toBe(404);
    });

    it('prices a JPY invoice in whole yen and takes the latest exchange rate for a foreign currency', async () => {
        const { zoho } = setUp();
        const usd = (
            await zoho.post('/settings/currencies', {
                currency_code: 'USD',
                currency_format: '1,234,567.89'
            })
        ).body.currency as { currency_id: string };
        await zoho.post(`/settings/currencies/${usd.currency_id}/exchangerates`, {
            effective_date: '2026-01-01',
            rate: 150.5
        });
        await zoho.post(`/settings/currencies/${usd.currency_id}/exchangerates`, {
            effective_date: '2026-01-10',
            rate: 152.25
        });
        const list = currenciesResponseSchema.parse(
            (
                await zoho.get('/settings/currencies', {
                    query: { filter_by: 'Currencies.ExcludeBaseCurrency' }
                })
            ).body
        );
        expect(list.currencies.map((c) => [c.currency_code, c.exchange_rate])).toEqual([
            ['USD', 152.25]
        ]);

        const yen = (await zoho.post('/contacts', { contact_name: 'Tanaka KK' })).body.contact as {
            contact_id: string;
        };
        const jpy = invoiceResponseSchema.parse(
            (
                await zoho.post('/invoices', {
                    customer_id: yen.contact_id,
                    line_items: [{ name: 'x', rate: 333.3, quantity: 3 }]
                })
            ).body
        ).invoice;
        // 3 × 333.3 = 999.9 → 1000 at precision 0
        expect([jpy.total, jpy.price_precision]).toEqual([1000, 0]);

        const dollar = (
            await zoho.post('/contacts', { contact_name: 'Acme Inc', currency_id: usd.currency_id })
        ).body.contact as { contact_id: string };
        const inv = invoiceResponseSchema.parse(
            (
                await zoho.post('/invoices', {
                    customer_id: dollar.contact_id,
                    date: '2026-01-05',
                    line_items: [{ name: 'x', rate: 10 }]
                })
            ).body
        ).invoice;
        expect(inv).toMatchObject({ currency_code: 'USD', exchange_rate: 150.5, bcy_total: 1505 });
        expect(
            (
                await zoho.post('/invoices', {
                    customer_id: dollar.contact_id,
                    currency_id: '1',
                    line_items: [{ name: 'x', rate: 1 }]
                })
            ).body.code
        ).toBe(2);
        const paid = await zoho.post('/customerpayments', {
            customer_id: dollar.contact_id,
            payment_mode: 'cash',
            amount: 10,
            date: '2026-01-12',
            invoices: [{ invoice_id: inv.invoice_id, amount_applied: 10 }]
        });
        // The rate effective on 2026-01-12 is the one of 2026-01-10: 10 × 152.25 = 1522.5 → ¥1523
        expect(paymentResponseSchema.parse(paid.body).payment).toMatchObject({
            exchange_rate: 152.25,
            bcy_amount: 1523
        });
        expect((await zoho.del(`/settings/currencies/${usd.currency_id}`)).status).toBe(400);
    });
});
