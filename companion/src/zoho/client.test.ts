import { pino } from 'pino';
import { describe, expect, it } from 'vitest';

import {
    passThroughLimiter,
    zohoHarness,
    type ZohoHarness
} from '../../test/support/zoho-client.ts';
import { addDays } from '../../sandbox/zoho/time.ts';
import { createZohoClient } from './client.ts';
import {
    ZohoApiError,
    ZohoAuthError,
    ZohoNetworkError,
    ZohoNotFoundError,
    ZohoRateLimitedError,
    ZohoUnavailableError,
    ZohoValidationError
} from './errors.ts';

async function customer(h: ZohoHarness) {
    return h.client.contacts.create({ contact_name: 'Bowman and Co', contact_type: 'customer' });
}

/**
 * Dated on the simulator's today (UTC) and due a month later, so the invoice is not overdue
 * whatever day the test runs and whatever the organization's time zone.
 */
function invoiceBody(h: ZohoHarness, customerId: string, opportunityId = '006000000000001') {
    const today = new Date(h.clock.now()).toISOString().slice(0, 10);
    return {
        customer_id: customerId,
        reference_number: `SF-${opportunityId}`,
        date: today,
        due_date: addDays(today, 30),
        line_items: [{ name: 'Setup fee', rate: 50, quantity: 2 }],
        custom_fields: [{ api_name: 'cf_sf_opportunity_id', value: opportunityId }]
    };
}

function withOpportunityField(h: ZohoHarness) {
    h.sandbox.addCustomField(h.creds.organization_id, {
        label: 'SF Opportunity Id',
        api_name: 'cf_sf_opportunity_id',
        entity: 'invoice',
        is_unique: true
    });
}

const books = (h: ZohoHarness, method?: string) =>
    h.requests.filter(
        (r) => r.url.pathname.includes('/books/v3/') && (!method || r.method === method)
    );

describe('createZohoClient against the simulator', () => {
    it('creates, reads, lists and upserts contacts and invoices', async () => {
        const h = zohoHarness();
        withOpportunityField(h);
        const org = await h.client.organizations.get();
        expect(org.organization_id).toBe(h.creds.organization_id);
        const contact = await customer(h);
        const invoice = await h.client.invoices.create(invoiceBody(h, contact.contact_id));
        expect(invoice.total).toBe(100);
        await h.client.invoices.markSent(invoice.invoice_id);
        expect((await h.client.invoices.get(invoice.invoice_id)).status).toBe('sent');
        const found = await h.client.invoices.findByReference('SF-006000000000001');
        expect(found.map((i) => i.invoice_id)).toEqual([invoice.invoice_id]);
        const again = await h.client.invoices.upsertByUniqueField({
            key: 'cf_sf_opportunity_id',
            value: '006000000000001',
            body: { ...invoiceBody(h, contact.contact_id), notes: 'updated' }
        });
        expect(again).toMatchObject({
            created: false,
            invoice: { invoice_id: invoice.invoice_id }
        });
        await h.client.invoices.void(invoice.invoice_id);
        expect((await h.client.invoices.get(invoice.invoice_id)).status).toBe('void');
        const { taxes, taxGroups } = await h.client.taxes.list();
        expect(taxes).toEqual([]);
        expect(taxGroups).toEqual([]);
        expect((await h.client.currencies.list())[0]?.is_base_currency).toBe(true);
    });

    it('covers items, contact persons, contact upserts, payments, credit notes and rates', async () => {
        const limiter = passThroughLimiter();
        const h = zohoHarness({ limiter });
        h.sandbox.addCustomField(h.creds.organization_id, {
            label: 'SF Account Id',
            api_name: 'cf_sf_account_id',
            entity: 'contact',
            is_unique: true
        });
        const widget = await h.client.items.create({ name: 'Widget', rate: 12.5, sku: 'W-1' });
        await h.client.items.create({ name: 'Gadget', rate: 3, sku: 'G-1' });
        expect((await h.client.items.findByName('widget')).map((i) => i.item_id)).toEqual([
            widget.item_id
        ]);
        expect((await h.client.items.findBySku('W-1')).map((i) => i.item_id)).toEqual([
            widget.item_id
        ]);
        const body = { contact_name: 'Acme', contact_type: 'customer' as const };
        const first = await h.client.contacts.upsertByUniqueField({
            key: 'cf_sf_account_id',
            value: '001A',
            body
        });
        const second = await h.client.contacts.upsertByUniqueField({
            key: 'cf_sf_account_id',
            value: '001A',
            body: { ...body, notes: 'again' }
        });
        expect([first.created, second.created]).toEqual([true, false]);
        expect(second.contact.contact_id).toBe(first.contact.contact_id);
        const person = await h.client.contactPersons.create(first.contact.contact_id, {
            first_name: 'Will',
            email: 'will@acme.test'
        });
        const renamed = await h.client.contactPersons.update(
            first.contact.contact_id,
            person?.contact_person_id ?? '',
            { first_name: 'William' }
        );
        expect(renamed?.first_name).toBe('William');
        const ada = await h.client.contactPersons.create(first.contact.contact_id, {
            first_name: 'Ada'
        });
        await h.client.contactPersons.markPrimary(ada?.contact_person_id ?? '');
        const persons = (await h.client.contacts.get(first.contact.contact_id)).contact_persons;
        expect(persons?.map((p) => [p.first_name, p.is_primary_contact])).toEqual([
            ['William', false],
            ['Ada', true]
        ]);
        expect((await h.client.payments.list()).rows).toEqual([]);
        expect((await h.client.creditNotes.list()).rows).toEqual([]);
        const [base] = await h.client.currencies.list();
        expect(await h.client.currencies.exchangeRates(base?.currency_id ?? '')).toEqual([]);
        // Every Books call took a permit and gave it back.
        expect(limiter.acquired).toBe(books(h).length);
        expect(limiter.done).toBe(limiter.acquired);
    });

    it('pages through every contact, 200 at a time', async () => {
        const h = zohoHarness({ limits: { requestsPerMinute: 10_000 } });
        await h.sandbox.seed(h.creds.organization_id, {
            contacts: Array.from({ length: 450 }, (_, i) => ({
                contact_name: `Customer ${i}`,
                contact_type: 'customer'
            }))
        });
        const names: string[] = [];
        for await (const row of h.client.contacts.listAll({ contact_type: 'customer' }))
            names.push(row.contact_name);
        expect(names.length).toBeGreaterThanOrEqual(450);
        expect(new Set(names).size).toBe(names.length);
        expect(books(h, 'GET').map((r) => r.url.searchParams.get('per_page'))).toEqual([
            '200',
            '200',
            '200'
        ]);
    });

    it.each([
        {
            name: 'an unknown invoice id → not found (404 / 1002)',
            act: (h: ZohoHarness) => h.client.invoices.get('4600000000000099999'),
            type: ZohoNotFoundError,
            want: { code: 'zoho_not_found', zohoCode: 1002, status: 404, retryable: false },
            attempts: 1
        },
        {
            name: 'a create without a customer → validation (400 / 2)',
            act: (h: ZohoHarness) =>
                h.client.invoices.create({ line_items: [{ name: 'x', rate: 1, quantity: 1 }] }),
            type: ZohoValidationError,
            want: { code: 'zoho_validation_failed', zohoCode: 2, status: 400, retryable: false },
            attempts: 1
        },
        {
            name: 'a per-minute 429 → rate limited (44), retried then given up',
            fault: { kind: 'rate_limit', code: 44, times: 0 } as const,
            act: (h: ZohoHarness) => h.client.organizations.get(),
            type: ZohoRateLimitedError,
            want: { code: 'zoho_rate_limited', zohoCode: 44, limit: 'minute', retryable: true },
            attempts: 4
        },
        {
            name: 'a daily-quota 429 → quota exhausted (45), not retried',
            fault: { kind: 'rate_limit', code: 45, times: 0 } as const,
            act: (h: ZohoHarness) => h.client.organizations.get(),
            type: ZohoRateLimitedError,
            want: { code: 'zoho_quota_exhausted', zohoCode: 45, limit: 'day', retryable: true },
            attempts: 1
        },
        {
            name: 'a concurrency 429 → rate limited (1070)',
            fault: { kind: 'rate_limit', code: 1070, times: 0 } as const,
            act: (h: ZohoHarness) => h.client.currencies.list(),
            type: ZohoRateLimitedError,
            want: { zohoCode: 1070, limit: 'concurrency', retryAfterMs: 2_000 },
            attempts: 4
        },
        {
            name: 'a 500 on a GET every time → unavailable after the retries',
            fault: { kind: 'error', status: 500, times: 0 } as const,
            act: (h: ZohoHarness) => h.client.organizations.get(),
            type: ZohoUnavailableError,
            want: { code: 'zoho_unavailable', zohoCode: 1000, status: 500, outcomeUnknown: false },
            attempts: 4
        },
        {
            name: 'a 502 on a POST → unavailable, outcome unknown, not retried',
            fault: { kind: 'error', status: 502, method: 'POST', times: 0 } as const,
            act: (h: ZohoHarness) =>
                h.client.contacts.create({ contact_name: 'x', contact_type: 'customer' }),
            type: ZohoUnavailableError,
            want: { status: 502, outcomeUnknown: true, retryable: true },
            attempts: 1
        },
        {
            name: 'a lost response on a POST → network error, outcome unknown, not retried',
            fault: { kind: 'lost_response', method: 'POST' } as const,
            act: (h: ZohoHarness) =>
                h.client.contacts.create({ contact_name: 'x', contact_type: 'customer' }),
            type: ZohoNetworkError,
            want: { code: 'zoho_network_error', outcomeUnknown: true },
            attempts: 1
        },
        {
            name: 'a missing scope → not authorized (401 / 57) after one refresh',
            org: { scopes: 'ZohoBooks.contacts.READ' },
            act: (h: ZohoHarness) => h.client.invoices.get('4600000000000099999'),
            type: ZohoAuthError,
            want: { code: 'zoho_not_authorized', zohoCode: 57, status: 401, retryable: false },
            attempts: 1
        }
    ])('$name', async ({ fault, org, act, type, want, attempts }) => {
        const h = zohoHarness({ org });
        if (fault) h.sandbox.setFault(fault);
        const error = await act(h).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(type);
        expect(error).toMatchObject(want);
        expect(books(h).length).toBe(attempts);
    });

    it('maps a wrong organization (400 / 6041) to an auth error', async () => {
        const h = zohoHarness();
        const other = h.sandbox.createOrg();
        const stranger = createZohoClient({
            endpoints: h.table.us,
            organizationId: other.organization_id,
            tokens: { accessToken: async () => h.creds.access_token, invalidate: () => {} },
            limiter: passThroughLimiter(),
            clock: h.clock,
            fetch: h.sandbox.fetch,
            log: pino({ level: 'silent' })
        });
        const error = await stranger.organizations.get().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ZohoApiError);
        expect(error).toMatchObject({ code: 'zoho_organization_denied', zohoCode: 6041 });
    });

    it('retries a GET hit by a transient 5xx and succeeds', async () => {
        const h = zohoHarness();
        h.sandbox.setFault({ kind: 'error', status: 503, method: 'GET', times: 1 });
        const org = await h.client.organizations.get();
        expect(org.organization_id).toBe(h.creds.organization_id);
        expect(books(h).map((r) => r.status)).toEqual([503, 200]);
    });

    it('refreshes the access token once on a 401 and replays the call', async () => {
        const h = zohoHarness();
        await h.client.organizations.get();
        expect(h.refreshCount()).toBe(1);
        h.clock.advance(180_000);
        h.sandbox.expireAccessTokens();
        await h.client.organizations.get();
        expect(h.refreshCount()).toBe(2);
        expect(books(h).map((r) => r.status)).toEqual([200, 401, 200]);
    });

    it('refreshes exactly once when 50 concurrent calls meet an expired token', async () => {
        const h = zohoHarness();
        await h.client.organizations.get();
        h.clock.advance(180_000);
        h.sandbox.expireAccessTokens();
        const before = h.refreshCount();
        const results = await Promise.all(
            Array.from({ length: 50 }, () => h.client.currencies.list())
        );
        expect(results).toHaveLength(50);
        expect(h.refreshCount() - before).toBe(1);
        expect(books(h).filter((r) => r.status === 401).length).toBeGreaterThan(0);
    });

    it('does not retry an invoice create whose response was lost; the unique-key upsert finds it', async () => {
        const h = zohoHarness();
        withOpportunityField(h);
        const contact = await customer(h);
        h.sandbox.setFault({ kind: 'lost_response', method: 'POST', path: '/invoices' });
        const body = invoiceBody(h, contact.contact_id, '006000000000042');
        const error = await h.client.invoices.create(body).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ZohoNetworkError);
        expect(error).toMatchObject({ outcomeUnknown: true });
        expect(books(h, 'POST').filter((r) => r.url.pathname.endsWith('/invoices'))).toHaveLength(
            1
        );
        const { invoice, created } = await h.client.invoices.upsertByUniqueField({
            key: 'cf_sf_opportunity_id',
            value: '006000000000042',
            body
        });
        expect(created).toBe(false);
        const stored = [...h.sandbox.state.orgs.get(h.creds.organization_id)!.invoices.values()];
        expect(stored.map((i) => i.id)).toEqual([invoice.invoice_id]);
    });

    it('puts the unique key in custom_fields as well as the header, so an upsert repeats safely', async () => {
        const h = zohoHarness();
        withOpportunityField(h);
        const contact = await customer(h);
        const body = {
            customer_id: contact.contact_id,
            line_items: [{ name: 'Setup fee', rate: 50, quantity: 1 }]
        };
        const input = { key: 'cf_sf_opportunity_id', value: '006000000000077', body };
        const first = await h.client.invoices.upsertByUniqueField(input);
        const second = await h.client.invoices.upsertByUniqueField(input);
        expect([first.created, second.created]).toEqual([true, false]);
        expect(second.invoice.invoice_id).toBe(first.invoice.invoice_id);
        // The simulator stores only what the body carries, so the key came in custom_fields.
        expect(first.invoice.custom_field_hash).toMatchObject({
            cf_sf_opportunity_id: '006000000000077'
        });
    });

    function clientWith(h: ZohoHarness, fetch: typeof globalThis.fetch, timeoutMs?: number) {
        return createZohoClient({
            endpoints: h.table.us,
            organizationId: h.creds.organization_id,
            tokens: h.tokens.forOrganization(h.ref),
            limiter: passThroughLimiter(),
            clock: h.clock,
            fetch,
            log: pino({ level: 'silent' }),
            timeoutMs
        });
    }

    it('retries even a POST when the connection was refused (it never reached Zoho)', async () => {
        const h = zohoHarness();
        let posts = 0;
        const refusingOnce: typeof fetch = async (input, init) => {
            const request = new Request(input, init);
            if (request.method === 'POST' && posts++ === 0)
                throw new TypeError('fetch failed', {
                    cause: Object.assign(new Error('connect ECONNREFUSED'), {
                        code: 'ECONNREFUSED'
                    })
                });
            return h.sandbox.fetch(request);
        };
        const contact = await clientWith(h, refusingOnce).contacts.create({
            contact_name: 'Refused once',
            contact_type: 'customer'
        });
        expect(contact.contact_name).toBe('Refused once');
        expect(posts).toBe(2);
        expect(h.sandbox.state.orgs.get(h.creds.organization_id)?.contacts.size).toBe(1);
    });

    it.each([
        { method: 'GET', retried: true },
        { method: 'POST', retried: false }
    ])('times out a hanging $method (retried: $retried)', async ({ method, retried }) => {
        const h = zohoHarness();
        h.sandbox.setFault({ kind: 'timeout', method, hangMs: 5_000 });
        const client = clientWith(h, h.sandbox.fetch, 50);
        const act =
            method === 'GET'
                ? client.organizations.get()
                : client.contacts.create({ contact_name: 'Slow', contact_type: 'customer' });
        if (retried) await expect(act).resolves.toBeDefined();
        else
            await expect(act).rejects.toMatchObject({
                code: 'zoho_timeout',
                outcomeUnknown: true
            });
    });
});
