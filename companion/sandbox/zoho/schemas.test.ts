import { describe, expect, it } from 'vitest';
import type { z } from 'zod';

import { serverInfoSchema, tokenEndpointResponseSchema } from '../../src/zoho/schemas/oauth.ts';
import * as r from '../../src/zoho/schemas/responses.ts';
import { booksClient, accountsPost, type Reply } from './test-client.ts';
import { createZohoSandbox } from './zoho-sandbox.ts';

const BOOKS = '/dc/:dc/api/books/v3';

/** Turns a Hono route pattern into a RegExp over concrete paths. */
function patternToRegExp(pattern: string): RegExp {
    const body = pattern.replace(/:[a-z_]+\{([^}]+)\}/g, '($1)').replace(/:[a-z_]+/g, '[^/]+');
    return new RegExp(`^${body}$`);
}

describe('companion Zoho schemas against the simulator', () => {
    it('parse the response of every Books operation the simulator serves', async () => {
        const sandbox = createZohoSandbox();
        const creds = sandbox.createOrg({ name: 'Schema walk' });
        const zoho = booksClient(sandbox, creds);
        const walked: { method: string; path: string }[] = [];
        async function check<S extends z.ZodType>(
            schema: S,
            reply: Promise<Reply>,
            method: string,
            path: string
        ): Promise<z.infer<S>> {
            const res = await reply;
            const parsed = schema.safeParse(res.body);
            expect(
                parsed.success,
                `${method} ${path}: ${JSON.stringify(res.body).slice(0, 300)} ${parsed.error?.message ?? ''}`
            ).toBe(true);
            walked.push({ method, path: `${BOOKS}${path}` });
            return parsed.data as z.infer<S>;
        }
        const get = <S extends z.ZodType>(s: S, path: string, query?: Record<string, string>) =>
            check(s, zoho.get(path, { query, noOrg: path === '/organizations' }), 'GET', path);
        const post = <S extends z.ZodType>(
            s: S,
            path: string,
            body?: unknown,
            query?: Record<string, string>
        ) => check(s, zoho.post(path, body, { query }), 'POST', path);
        const put = <S extends z.ZodType>(
            s: S,
            path: string,
            body: unknown,
            headers?: Record<string, string>
        ) => check(s, zoho.put(path, body, { headers }), 'PUT', path);
        const del = <S extends z.ZodType>(s: S, path: string) =>
            check(s, zoho.del(path), 'DELETE', path);

        await get(r.organizationsResponseSchema, '/organizations');
        await get(r.organizationResponseSchema, `/organizations/${creds.organization_id}`);

        const vat = (
            await post(r.taxResponseSchema, '/settings/taxes', {
                tax_name: 'VAT',
                tax_percentage: 20
            })
        ).tax;
        const local = (
            await post(r.taxResponseSchema, '/settings/taxes', {
                tax_name: 'Local',
                tax_percentage: 2.5
            })
        ).tax;
        await get(r.taxesResponseSchema, '/settings/taxes');
        await get(r.taxResponseSchema, `/settings/taxes/${vat.tax_id}`);
        await put(r.taxResponseSchema, `/settings/taxes/${local.tax_id}`, {
            tax_name: 'Local',
            tax_percentage: 3
        });
        const group = (
            await post(r.taxGroupResponseSchema, '/settings/taxgroups', {
                tax_group_name: 'VAT+Local',
                taxes: `${vat.tax_id},${local.tax_id}`
            })
        ).tax_group;
        await get(r.taxGroupResponseSchema, `/settings/taxgroups/${group.tax_group_id}`);
        await put(r.taxGroupResponseSchema, `/settings/taxgroups/${group.tax_group_id}`, {
            tax_group_name: 'Both',
            taxes: `${vat.tax_id},${local.tax_id}`
        });

        const gbp = (
            await post(r.currencyResponseSchema, '/settings/currencies', {
                currency_code: 'GBP',
                currency_format: '1,234,567.89'
            })
        ).currency;
        const cad = (
            await post(r.currencyResponseSchema, '/settings/currencies', {
                currency_code: 'CAD',
                currency_format: '1,234,567.89'
            })
        ).currency;
        await get(r.currenciesResponseSchema, '/settings/currencies');
        await get(r.currencyResponseSchema, `/settings/currencies/${gbp.currency_id}`);
        await put(r.currencyResponseSchema, `/settings/currencies/${gbp.currency_id}`, {
            currency_code: 'GBP',
            currency_format: '1,234,567.89',
            currency_symbol: '£'
        });
        const rate = (
            await post(
                r.exchangeRateResponseSchema,
                `/settings/currencies/${gbp.currency_id}/exchangerates`,
                { effective_date: '2026-01-01', rate: 1.27 }
            )
        ).exchange_rate;
        await get(
            r.exchangeRatesResponseSchema,
            `/settings/currencies/${gbp.currency_id}/exchangerates`
        );
        await get(
            r.exchangeRateResponseSchema,
            `/settings/currencies/${gbp.currency_id}/exchangerates/${rate.exchange_rate_id}`
        );

        const item = (
            await post(r.itemResponseSchema, '/items', {
                name: 'Widget',
                rate: 12.5,
                tax_id: group.tax_group_id,
                sku: 'W-1'
            })
        ).item;
        const spare = (await post(r.itemResponseSchema, '/items', { name: 'Spare', rate: 1 })).item;
        await get(r.itemsResponseSchema, '/items', { per_page: '1', sort_column: 'rate' });
        await get(r.itemResponseSchema, `/items/${item.item_id}`);
        await put(r.itemResponseSchema, `/items/${item.item_id}`, { name: 'Widget', rate: 13 });
        await post(r.actionResponseSchema, `/items/${spare.item_id}/inactive`);

        sandbox.addCustomField(creds.organization_id, {
            label: 'SF Account Id',
            entity: 'contact',
            is_unique: true
        });
        const contact = (
            await post(r.contactResponseSchema, '/contacts', {
                contact_name: 'Bowman and Co',
                company_name: 'Bowman',
                contact_persons: [{ first_name: 'Will', email: 'will@bowman.example' }],
                billing_address: { address: '4900 Hopyard Rd', city: 'Pleasanton' },
                custom_fields: [{ api_name: 'cf_sf_account_id', value: '001A' }]
            })
        ).contact;
        const other = (
            await put(
                r.contactResponseSchema,
                '/contacts',
                { contact_name: 'Upserted Ltd', contact_type: 'customer' },
                {
                    'X-Unique-Identifier-Key': 'cf_sf_account_id',
                    'X-Unique-Identifier-Value': '001B',
                    'X-Upsert': 'true'
                }
            )
        ).contact;
        await get(r.contactsResponseSchema, '/contacts', { search_text: 'bowman' });
        await get(r.contactResponseSchema, `/contacts/${contact.contact_id}`);
        await put(r.contactResponseSchema, `/contacts/${contact.contact_id}`, {
            contact_name: 'Bowman and Co.',
            contact_type: 'customer'
        });
        await post(r.actionResponseSchema, `/contacts/${other.contact_id}/inactive`);
        const person = (
            await post(r.contactPersonResponseSchema, '/contacts/contactpersons', {
                contact_id: contact.contact_id,
                first_name: 'Jada',
                email: 'jada@bowman.example'
            })
        ).contact_person;
        await put(
            r.contactPersonResponseSchema,
            `/contacts/contactpersons/${person?.contact_person_id}`,
            { contact_id: contact.contact_id, first_name: 'Jada', last_name: 'Smith' }
        );
        await post(
            r.actionResponseSchema,
            `/contacts/contactpersons/${person?.contact_person_id}/primary`
        );
        await get(r.contactPersonsResponseSchema, `/contacts/${contact.contact_id}/contactpersons`);
        await get(
            r.contactPersonResponseSchema,
            `/contacts/${contact.contact_id}/contactpersons/${person?.contact_person_id}`
        );
        await del(r.actionResponseSchema, `/contacts/contactpersons/${person?.contact_person_id}`);
        const address = (
            await post(r.addressResponseSchema, `/contacts/${contact.contact_id}/address`, {
                address: '1 Main St',
                city: 'Austin'
            })
        ).address_info;
        await get(r.addressesResponseSchema, `/contacts/${contact.contact_id}/address`);
        await put(
            r.addressResponseSchema,
            `/contacts/${contact.contact_id}/address/${address.address_id}`,
            { address: '2 Main St' }
        );
        await del(
            r.actionResponseSchema,
            `/contacts/${contact.contact_id}/address/${address.address_id}`
        );

        const lines = [
            { item_id: item.item_id, quantity: 2 },
            { name: 'Setup', rate: 50, tax_id: vat.tax_id }
        ];
        const invoice = (
            await post(r.invoiceResponseSchema, '/invoices', {
                customer_id: contact.contact_id,
                line_items: lines
            })
        ).invoice;
        const spareInvoice = (
            await post(r.invoiceResponseSchema, '/invoices', {
                customer_id: contact.contact_id,
                line_items: lines
            })
        ).invoice;
        sandbox.addCustomField(creds.organization_id, {
            label: 'SF Opportunity Id',
            entity: 'invoice',
            is_unique: true
        });
        await put(
            r.invoiceResponseSchema,
            '/invoices',
            { customer_id: contact.contact_id, line_items: lines },
            {
                'X-Unique-Identifier-Key': 'cf_sf_opportunity_id',
                'X-Unique-Identifier-Value': '006X',
                'X-Upsert': 'true'
            }
        );
        await get(r.invoicesResponseSchema, '/invoices', {
            sort_column: 'total',
            per_page: '1',
            page: '2'
        });
        await get(r.invoiceResponseSchema, `/invoices/${invoice.invoice_id}`);
        await put(r.invoiceResponseSchema, `/invoices/${invoice.invoice_id}`, {
            reference_number: 'SO-1',
            discount: '10%'
        });
        await post(r.actionResponseSchema, `/invoices/${invoice.invoice_id}/status/sent`);
        await post(r.actionResponseSchema, `/invoices/${invoice.invoice_id}/email`, {
            to_mail_ids: ['will@bowman.example']
        });
        await post(r.actionResponseSchema, `/invoices/${spareInvoice.invoice_id}/status/void`);
        await post(r.actionResponseSchema, `/invoices/${spareInvoice.invoice_id}/status/draft`);
        await del(r.actionResponseSchema, `/invoices/${spareInvoice.invoice_id}`);

        const payment = (
            await post(r.paymentResponseSchema, '/customerpayments', {
                customer_id: contact.contact_id,
                payment_mode: 'cash',
                amount: 10,
                date: '2026-01-15',
                invoices: [{ invoice_id: invoice.invoice_id, amount_applied: 10 }]
            })
        ).payment;
        await get(r.paymentsResponseSchema, '/customerpayments');
        await get(r.paymentResponseSchema, `/customerpayments/${payment.payment_id}`);
        await get(r.invoicePaymentsResponseSchema, `/invoices/${invoice.invoice_id}/payments`);
        await del(r.actionResponseSchema, `/customerpayments/${payment.payment_id}`);

        const note = (
            await post(r.creditNoteResponseSchema, '/creditnotes', {
                customer_id: contact.contact_id,
                line_items: [{ name: 'Refund', rate: 5 }]
            })
        ).creditnote;
        const note2 = (
            await post(r.creditNoteResponseSchema, '/creditnotes', {
                customer_id: contact.contact_id,
                line_items: [{ name: 'Refund', rate: 5 }]
            })
        ).creditnote;
        await get(r.creditNotesResponseSchema, '/creditnotes');
        await get(r.creditNoteResponseSchema, `/creditnotes/${note.creditnote_id}`);
        await post(r.actionResponseSchema, `/creditnotes/${note.creditnote_id}/invoices`, {
            invoices: [{ invoice_id: invoice.invoice_id, amount_applied: 2 }]
        });
        await post(r.actionResponseSchema, `/invoices/${invoice.invoice_id}/credits`, {
            apply_creditnotes: [{ creditnote_id: note.creditnote_id, amount_applied: 3 }]
        });
        await get(r.invoicesCreditedResponseSchema, `/creditnotes/${note.creditnote_id}/invoices`);
        await get(r.creditsAppliedResponseSchema, `/invoices/${invoice.invoice_id}/creditsapplied`);
        await post(r.actionResponseSchema, `/creditnotes/${note2.creditnote_id}/status/void`);

        await del(r.actionResponseSchema, `/items/${spare.item_id}`);
        await del(r.actionResponseSchema, `/contacts/${other.contact_id}`);
        await del(
            r.actionResponseSchema,
            `/settings/currencies/${gbp.currency_id}/exchangerates/${rate.exchange_rate_id}`
        );
        await del(r.actionResponseSchema, `/settings/currencies/${cad.currency_id}`);
        // Taxes in use cannot be deleted: free the group first.
        await put(r.itemResponseSchema, `/items/${item.item_id}`, {
            name: 'Widget',
            rate: 13,
            tax_id: ''
        });
        await del(r.actionResponseSchema, `/settings/taxgroups/${group.tax_group_id}`);
        await del(r.actionResponseSchema, `/settings/taxes/${local.tax_id}`);

        const hook = (
            await post(r.webhookDefinitionResponseSchema, '/settings/webhooks', {
                webhook_name: 'Invoices to Closebooks',
                entity: 'invoice',
                url: 'https://companion.example/v1/zoho/webhooks',
                headers: [{ param_name: 'X-Closebooks-Secret', param_value: 's3cr3t' }],
                secret: 'abcdefghijkl12'
            })
        ).webhook;
        await get(r.webhookDefinitionsResponseSchema, '/settings/webhooks');
        await get(r.customFieldDefinitionsResponseSchema, '/settings/fields', {
            entity: 'invoice'
        });
        await del(r.actionResponseSchema, `/settings/webhooks/${hook.webhook_id}`);

        const errors = await zoho.get('/invoices/123');
        expect(r.errorResponseSchema.parse(errors.body).code).toBe(1002);

        const routes = sandbox.app.routes.filter(
            (route) => route.method !== 'ALL' && route.path.startsWith(BOOKS)
        );
        expect(new Set(routes.map((x) => `${x.method} ${x.path}`)).size).toBeGreaterThan(60);
        const missing = routes.filter(
            (route) =>
                !walked.some(
                    (w) => w.method === route.method && patternToRegExp(route.path).test(w.path)
                )
        );
        expect(missing.map((m) => `${m.method} ${m.path}`)).toEqual([]);
    });

    it('parse the accounts server answers', async () => {
        const sandbox = createZohoSandbox();
        const creds = sandbox.createOrg({ dc: 'in' });
        const info = await sandbox.app.request(`${creds.accounts_url}/oauth/serverinfo`);
        expect(serverInfoSchema.safeParse(await info.json()).success).toBe(true);
        const token = await accountsPost(sandbox, `${creds.accounts_url}/oauth/v2/token`, {
            grant_type: 'refresh_token',
            refresh_token: creds.refresh_token,
            client_id: creds.client_id,
            client_secret: creds.client_secret
        });
        expect(tokenEndpointResponseSchema.parse(token.body)).toMatchObject({
            api_domain: creds.api_domain
        });
    });
});
