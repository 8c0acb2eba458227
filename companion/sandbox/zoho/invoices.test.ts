import { beforeEach, describe, expect, it } from 'vitest';

import {
    creditNoteResponseSchema,
    invoiceResponseSchema,
    invoicesResponseSchema,
    paymentResponseSchema
} from '../../src/zoho/schemas/responses.ts';
import { tokenSuccessSchema } from '../../src/zoho/schemas/oauth.ts';
import { createSandboxClock } from '../clock.ts';
import type { OrgInput } from './provision.ts';
import { accountsPost, booksClient } from './test-client.ts';
import { createZohoSandbox } from './zoho-sandbox.ts';

type Ids = Record<'vat19' | 'vat7' | 'eur' | 'customer' | 'consulting' | 'book', string>;

async function setUp(preferences: Partial<OrgInput> = {}) {
    const sandbox = createZohoSandbox({
        clock: createSandboxClock({ startAt: Date.UTC(2026, 0, 15, 9), scale: 0 })
    });
    const creds = sandbox.createOrg({ name: 'Closebooks US', dc: 'us', ...preferences });
    const zoho = booksClient(sandbox, creds);
    const id = async (path: string, body: unknown, key: string, idKey: string) => {
        const res = await zoho.post(path, body);
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        return (res.body[key] as Record<string, string>)[idKey] as string;
    };
    const ids = {} as Ids;
    ids.vat19 = await id(
        '/settings/taxes',
        { tax_name: 'VAT 19', tax_percentage: 19 },
        'tax',
        'tax_id'
    );
    ids.vat7 = await id(
        '/settings/taxes',
        { tax_name: 'VAT 7', tax_percentage: 7 },
        'tax',
        'tax_id'
    );
    ids.eur = await id(
        '/settings/currencies',
        { currency_code: 'EUR', currency_format: '1.234.567,89' },
        'currency',
        'currency_id'
    );
    ids.customer = await id(
        '/contacts',
        {
            contact_name: 'Müller GmbH',
            contact_type: 'customer',
            currency_id: ids.eur,
            payment_terms: 30,
            contact_persons: [{ first_name: 'Anna', email: 'anna@mueller.example' }]
        },
        'contact',
        'contact_id'
    );
    ids.consulting = await id(
        '/items',
        { name: 'Consulting hour', rate: 120, tax_id: ids.vat19 },
        'item',
        'item_id'
    );
    ids.book = await id(
        '/items',
        { name: 'Training book', rate: 19.99, tax_id: ids.vat19 },
        'item',
        'item_id'
    );
    /** Moves the clock past the access token's hour, then refreshes it as the companion would. */
    const travelTo = async (epochMs: number) => {
        sandbox.clock.set(epochMs);
        const res = await accountsPost(sandbox, `${creds.accounts_url}/oauth/v2/token`, {
            grant_type: 'refresh_token',
            refresh_token: creds.refresh_token,
            client_id: creds.client_id,
            client_secret: creds.client_secret
        });
        creds.access_token = tokenSuccessSchema.parse(res.body).access_token;
    };
    return { sandbox, zoho, ids, travelTo };
}

describe('zoho sandbox invoices', () => {
    let t: Awaited<ReturnType<typeof setUp>>;
    beforeEach(async () => {
        t = await setUp();
    });

    async function createThreeLineInvoice() {
        const res = await t.zoho.post('/invoices', {
            customer_id: t.ids.customer,
            date: '2026-01-15',
            reference_number: 'SF-OPP-0065',
            currency_id: t.ids.eur,
            exchange_rate: 1.0825,
            discount_type: 'item_level',
            line_items: [
                { item_id: t.ids.consulting, quantity: 3, discount: '10%' },
                {
                    name: 'Setup fee',
                    description: 'one-off',
                    rate: 250,
                    quantity: 1,
                    tax_id: t.ids.vat7
                },
                { item_id: t.ids.book, quantity: 3, discount: 5 }
            ]
        });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        return invoiceResponseSchema.parse(res.body).invoice;
    }

    it('computes three lines, item-level discounts, two rates and EUR by hand', async () => {
        const invoice = await createThreeLineInvoice();
        // Line 1: 3 × 120 = 360, 10 % line discount = 36 → item_total 324, VAT 19 % = 61.56
        // Line 2: ad-hoc 1 × 250 → 250, VAT 7 % = 17.50
        // Line 3: 3 × 19.99 = 59.97, 5.00 line discount → 54.97, VAT 19 % = 10.4443 → 10.44
        // sub_total = 324 + 250 + 54.97 = 628.97
        // tax_total = 61.56 + 17.50 + 10.44 = 89.50 (VAT 19: 72.00, VAT 7: 17.50)
        // total = 628.97 + 89.50 = 718.47; in USD at 1.0825 = 777.743775 → 777.74
        expect(invoice.line_items.map((l) => l.item_total)).toEqual([324, 250, 54.97]);
        expect(invoice).toMatchObject({
            sub_total: 628.97,
            discount_type: 'item_level',
            discount_total: 0,
            tax_total: 89.5,
            total: 718.47,
            balance: 718.47,
            bcy_total: 777.74,
            currency_code: 'EUR',
            exchange_rate: 1.0825,
            status: 'draft',
            due_date: '2026-02-14',
            payment_terms_label: 'Net 30',
            reference_number: 'SF-OPP-0065',
            invoice_number: 'INV-000001'
        });
        expect(invoice.taxes).toEqual([
            { tax_id: t.ids.vat19, tax_name: 'VAT 19', tax_amount: 72 },
            { tax_id: t.ids.vat7, tax_name: 'VAT 7', tax_amount: 17.5 }
        ]);
        expect(BigInt(invoice.invoice_id) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    });

    /** One 200.00 line (VAT 19) with a 10 % line discount, plus a 5 % entity discount. */
    async function bothDiscounts(extra: Record<string, unknown>) {
        const res = await t.zoho.post('/invoices', {
            customer_id: t.ids.customer,
            date: '2026-01-15',
            discount: '5%',
            line_items: [
                { name: 'Licence', rate: 200, quantity: 1, discount: '10%', tax_id: t.ids.vat19 }
            ],
            ...extra
        });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        return invoiceResponseSchema.parse(res.body).invoice;
    }

    it('applies one discount level per invoice: entity level drops line discounts, item level the entity discount', async () => {
        // entity level: 200 − 5 % = 190 before tax; VAT 19 % of 190 = 36.10; total 226.10
        const entity = await bothDiscounts({ discount_type: 'entity_level' });
        expect(entity.line_items[0]).toMatchObject({ discount: 0, item_total: 200 });
        expect(entity).toMatchObject({ sub_total: 200, discount_total: 10, total: 226.1 });
        // item level: 200 − 10 % = 180; VAT 34.20; total 214.20; the 5 % is not kept
        const item = await bothDiscounts({ discount_type: 'item_level' });
        expect(item.line_items[0]).toMatchObject({ discount: '10.00%', item_total: 180 });
        expect(item).toMatchObject({ discount: 0, discount_total: 0, total: 214.2 });
    });

    it.each([
        { preference: 'entity_level' as const, total: 226.1 },
        { preference: 'item_level' as const, total: 214.2 }
    ])(
        'takes the discount level from the organization preference ($preference) when the body leaves it out',
        async ({ preference, total }) => {
            t = await setUp({ discount_type: preference });
            const invoice = await bothDiscounts({});
            expect(invoice).toMatchObject({ discount_type: preference, total });
        }
    );

    it('extracts tax from prices that include it, by request or by organization preference', async () => {
        // 119.00 includes VAT 19 %: 119 × 19 ÷ 119 = 19.00; the total stays 119.00
        const body = {
            customer_id: t.ids.customer,
            date: '2026-01-15',
            discount_type: 'item_level',
            line_items: [{ name: 'Licence', rate: 119, quantity: 1, tax_id: t.ids.vat19 }]
        };
        const asked = await t.zoho.post('/invoices', { ...body, is_inclusive_tax: true });
        expect(asked.status, JSON.stringify(asked.body)).toBe(201);
        expect(invoiceResponseSchema.parse(asked.body).invoice).toMatchObject({
            is_inclusive_tax: true,
            sub_total: 119,
            tax_total: 19,
            total: 119
        });
        t = await setUp({ is_inclusive_tax: true });
        const defaulted = await t.zoho.post('/invoices', { ...body, customer_id: t.ids.customer });
        expect(invoiceResponseSchema.parse(defaulted.body).invoice).toMatchObject({
            is_inclusive_tax: true,
            total: 119
        });
    });

    it('walks draft → sent → overdue → partially paid (payment, credit note) → paid', async () => {
        const invoice = await createThreeLineInvoice();
        const path = `/invoices/${invoice.invoice_id}`;
        const status = async () =>
            invoiceResponseSchema.parse((await t.zoho.get(path)).body).invoice;

        expect((await t.zoho.post(`${path}/status/sent`)).status).toBe(200);
        expect((await status()).status).toBe('sent');
        await t.travelTo(Date.UTC(2026, 1, 20));
        expect((await status()).status).toBe('overdue');

        const payment = await t.zoho.post('/customerpayments', {
            customer_id: t.ids.customer,
            payment_mode: 'banktransfer',
            amount: 300,
            date: '2026-02-20',
            invoices: [{ invoice_id: invoice.invoice_id, amount_applied: 300 }]
        });
        expect(payment.status, JSON.stringify(payment.body)).toBe(201);
        expect(paymentResponseSchema.parse(payment.body).payment.invoices[0]).toMatchObject({
            amount_applied: 300,
            balance: 418.47
        });
        // 718.47 − 300 = 418.47
        expect(await status()).toMatchObject({
            status: 'partially_paid',
            payment_made: 300,
            balance: 418.47
        });

        const note = await t.zoho.post('/creditnotes', {
            customer_id: t.ids.customer,
            date: '2026-02-21',
            line_items: [{ name: 'Goodwill credit', rate: 100, quantity: 1 }]
        });
        expect(note.status, JSON.stringify(note.body)).toBe(201);
        const creditnote = creditNoteResponseSchema.parse(note.body).creditnote;
        expect(creditnote).toMatchObject({ total: 100, balance: 100, status: 'open' });
        const applied = await t.zoho.post(`/creditnotes/${creditnote.creditnote_id}/invoices`, {
            invoices: [{ invoice_id: invoice.invoice_id, amount_applied: 100 }]
        });
        expect(applied.status).toBe(200);
        // 418.47 − 100 = 318.47
        expect(await status()).toMatchObject({
            status: 'partially_paid',
            credits_applied: 100,
            balance: 318.47
        });
        const closed = creditNoteResponseSchema.parse(
            (await t.zoho.get(`/creditnotes/${creditnote.creditnote_id}`)).body
        );
        expect(closed.creditnote).toMatchObject({ balance: 0, status: 'closed' });

        const over = await t.zoho.post('/customerpayments', {
            customer_id: t.ids.customer,
            payment_mode: 'cash',
            amount: 400,
            date: '2026-02-22',
            invoices: [{ invoice_id: invoice.invoice_id, amount_applied: 400 }]
        });
        expect(over.status).toBe(400);
        expect(over.body.code).toBe(2);

        await t.zoho.post('/customerpayments', {
            customer_id: t.ids.customer,
            payment_mode: 'cash',
            amount: 318.47,
            date: '2026-02-22',
            invoices: [{ invoice_id: invoice.invoice_id, amount_applied: 318.47 }]
        });
        expect(await status()).toMatchObject({ status: 'paid', balance: 0, payment_made: 618.47 });

        const paid = invoicesResponseSchema.parse(
            (await t.zoho.get('/invoices', { query: { status: 'paid' } })).body
        );
        expect(paid.invoices.map((i) => i.invoice_id)).toEqual([invoice.invoice_id]);
    });

    it('voids a draft invoice, refuses voiding one with payments, and deletes', async () => {
        const a = await createThreeLineInvoice();
        expect((await t.zoho.post(`/invoices/${a.invoice_id}/status/void`)).status).toBe(200);
        expect(
            invoiceResponseSchema.parse((await t.zoho.get(`/invoices/${a.invoice_id}`)).body)
                .invoice
        ).toMatchObject({ status: 'void', balance: 0 });
        const b = await createThreeLineInvoice();
        await t.zoho.post('/customerpayments', {
            customer_id: t.ids.customer,
            payment_mode: 'cash',
            amount: 10,
            date: '2026-01-16',
            invoices: [{ invoice_id: b.invoice_id, amount_applied: 10 }]
        });
        expect((await t.zoho.post(`/invoices/${b.invoice_id}/status/void`)).status).toBe(400);
        expect((await t.zoho.del(`/invoices/${a.invoice_id}`)).body).toEqual({
            code: 0,
            message: 'The invoice has been deleted.'
        });
        expect(await t.zoho.get(`/invoices/${a.invoice_id}`)).toMatchObject({
            status: 404,
            body: { code: 1002, message: 'Invoice does not exist.' }
        });
    });

    it('records an email instead of sending it and marks the invoice sent', async () => {
        const invoice = await createThreeLineInvoice();
        const path = `/invoices/${invoice.invoice_id}`;
        expect(
            (await t.zoho.post(`${path}/email`, { to_mail_ids: ['not-an-email'] })).body.code
        ).toBe(2);
        expect(
            (await t.zoho.post(`${path}/email`, { to_mail_ids: ['anna@mueller.example'] })).body
        ).toEqual({ code: 0, message: 'Your invoice has been sent.' });
        expect(invoiceResponseSchema.parse((await t.zoho.get(path)).body).invoice).toMatchObject({
            status: 'sent',
            is_emailed: true
        });
    });

    it('refuses a duplicate invoice number with ignore_auto_number_generation', async () => {
        const body = {
            customer_id: t.ids.customer,
            invoice_number: 'SF-1',
            line_items: [{ name: 'x', rate: 1 }]
        };
        const query = { ignore_auto_number_generation: 'true' };
        expect((await t.zoho.post('/invoices', body, { query })).status).toBe(201);
        expect(await t.zoho.post('/invoices', body, { query })).toMatchObject({
            status: 400,
            body: { code: 1001 }
        });
    });

    it.each([
        {
            name: 'payment terms as text',
            patch: { payment_terms: 'Net 15' },
            field: 'payment_terms'
        },
        { name: 'percentage over 100', patch: { discount: '150%' }, field: 'discount' },
        {
            name: 'unknown tax',
            patch: { line_items: [{ name: 'x', rate: 1, tax_id: '123' }] },
            field: 'tax_id'
        },
        { name: 'no lines', patch: { line_items: [] }, field: 'line_items' },
        {
            name: 'GST field in a US org',
            patch: { gst_treatment: 'consumer' },
            field: 'gst_treatment'
        }
    ])('answers code 2 for $name', async ({ patch, field }) => {
        const res = await t.zoho.post('/invoices', {
            customer_id: t.ids.customer,
            line_items: [{ name: 'x', rate: 1 }],
            ...patch
        });
        expect(res).toMatchObject({
            status: 400,
            body: { code: 2, message: `Invalid value passed for ${field}` }
        });
    });
});
