import { describe, expect, it } from 'vitest';

import { createApiKey } from '../src/store/api-keys.ts';
import { listZohoOrganizations } from '../src/store/connections.ts';
import { countJobsByState } from '../src/store/jobs-admin.ts';
import { deleteSecret } from '../src/store/secrets.ts';
import { useTestDb } from './support/test-db.ts';
import { invoiceEnv, type InvoiceEnv, type Record } from './support/invoice-env.ts';

/**
 * The headline flow end to end against both simulators: a won deal becomes one Zoho invoice,
 * with its lines, discounts, taxes and currency right, written back to the Opportunity.
 */

let env: InvoiceEnv | undefined;
const testDb = useTestDb(async () => {
    await env?.close();
    env = undefined;
});

function pricebookEntry(e: InvoiceEnv, productCode: string, currency: string): string {
    const product = e.sf.records(e.sfOrg, 'Product2').find((p) => p.ProductCode === productCode);
    const entry = e.sf
        .records(e.sfOrg, 'PricebookEntry')
        .find((p) => p.Product2Id === product?.Id && p.CurrencyIsoCode === currency);
    if (!entry) throw new Error(`no ${currency} price for ${productCode}`);
    return String(entry.Id);
}

/** A deal of a German account in `currency` with exactly these lines. */
function seedDeal(
    e: InvoiceEnv,
    currency: string,
    lines: { code: string; quantity: number; price: number; discount?: number }[],
    fields: Record = {}
): string {
    const account = e.seed.accounts.find((a) => a.name.endsWith('GmbH'))!;
    const integration = e.sf.org(e.sfOrg);
    const as = integration.users.get(integration.integrationUserId)?.username;
    const { ids } = e.sf.seed(e.sfOrg, {
        as,
        records: [
            {
                object: 'Opportunity',
                ref: 'deal',
                fields: {
                    Name: 'Hand-checked deal',
                    AccountId: account.salesforceId,
                    StageName: 'Negotiation/Review',
                    CloseDate: '2026-11-30',
                    CurrencyIsoCode: currency,
                    Pricebook2Id: e.sf.records(e.sfOrg, 'Pricebook2').find((p) => p.IsStandard)?.Id,
                    ...fields
                }
            },
            ...lines.map((l) => ({
                object: 'OpportunityLineItem',
                fields: {
                    OpportunityId: { ref: 'deal' },
                    PricebookEntryId: pricebookEntry(e, l.code, currency),
                    Quantity: l.quantity,
                    UnitPrice: l.price,
                    ...(l.discount ? { Discount: l.discount } : {})
                }
            }))
        ]
    });
    return ids.deal!;
}

async function invoiceOf(e: InvoiceEnv, opportunityId: string) {
    return e.waitFor(
        () => {
            const o = e.opportunity(opportunityId);
            return o.Zoho_Invoice_Id__c || o.Closebooks_Sync_Status__c === 'Held' ? o : undefined;
        },
        20_000,
        `the write-back of ${opportunityId}`
    );
}

describe('won deal → Zoho invoice', () => {
    it('invoices a EUR deal in a USD organization with a missing item, both discounts and two tax rates, to the cent', async () => {
        env = await invoiceEnv(testDb.db, { deals: 2, currency: 'EUR' });
        // Worked out by hand (German account: STANDARD → VAT 19, REDUCED → VAT 7):
        //   Annual License   2 × 1200.00 − 10 % = 2160.00   (VAT 19)
        //   Printed Manual   3 ×   35.00        =  105.00   (VAT 7)
        //   Premium Support  1 × 1500.00        = 1500.00   (VAT 19; no Zoho item yet)
        //   lines 3765.00; document discount 3.5 % = 131.775 → 131.78 (13178 cents)
        // Zoho takes one discount level per invoice, so the 3.5 % is folded into the lines in
        // proportion (13178 / 3765 = 3.50013… cents per euro):
        //   2160 → 7560.29 cents, 105 → 367.51, 1500 → 5250.20; rounded down 7560 + 367 + 5250
        //   = 13177, the missing cent to the largest remainder (.51, the manual):
        //   shares 75.60, 3.68, 52.50 → line discounts 240 + 75.60 = 315.60, 3.68, 52.50
        //   lines 2084.40, 101.32, 1447.50; sub total 3633.22 (= 3765.00 − 131.78)
        //   tax: 19 % × 2084.40 = 396.036 → 396.04; 7 % × 101.32 = 7.0924 → 7.09;
        //        19 % × 1447.50 = 275.025 → 275.03 (an exact half cent, rounded up) → 678.16
        //   total 3633.22 + 678.16 = 4311.38
        const id = seedDeal(
            env,
            'EUR',
            [
                { code: 'LIC-ANN', quantity: 2, price: 1200, discount: 10 },
                { code: 'DOC-MAN', quantity: 3, price: 35 },
                { code: 'SUP-PRM', quantity: 1, price: 1500 }
            ],
            { Invoice_Discount__c: 3.5 }
        );
        expect((await env.zohoState()).items.some((i) => i.sku === 'SUP-PRM')).toBe(false);

        env.closeDeals([id]);
        const opportunity = await invoiceOf(env, id);

        expect(opportunity.Closebooks_Sync_Status__c).toBe('Synced');
        const invoices = await env.invoicesFor(id);
        expect(invoices).toHaveLength(1);
        const invoice = invoices[0]!;
        expect(invoice.currency_code).toBe('EUR');
        expect(invoice.discount_type).toBe('item_level');
        expect(invoice.sub_total).toBe(3633.22);
        expect(invoice.discount_total).toBe(0);
        expect(invoice.tax_total).toBe(678.16);
        expect(invoice.total).toBe(4311.38);
        const lines = invoice.line_items as Record[];
        expect(
            lines.map((l) => [l.sku ?? l.name, l.quantity, l.rate, l.discount, l.item_total])
        ).toEqual([
            [expect.anything(), 2, 1200, 315.6, 2084.4],
            [expect.anything(), 3, 35, 3.68, 101.32],
            [expect.anything(), 1, 1500, 52.5, 1447.5]
        ]);
        expect(lines.map((l) => l.tax_name)).toEqual(['VAT 19', 'VAT 7', 'VAT 19']);
        // The missing item was created from the product, and linked back.
        const created = (await env.zohoState()).items.find((i) => i.sku === 'SUP-PRM');
        expect(created).toBeDefined();
        expect(lines[2]!.item_id).toBe(created!.item_id);
        await env.waitFor(
            () =>
                env!.sf.records(env!.sfOrg, 'Product2').find((p) => p.ProductCode === 'SUP-PRM')
                    ?.Zoho_Item_Id__c === created!.item_id || undefined,
            10_000,
            'the item id on the product'
        );

        // The Opportunity shows the invoice; the mirror holds it with no drift; the page was told.
        expect(opportunity.Zoho_Invoice_Number__c).toBe(invoice.invoice_number);
        expect(opportunity.Zoho_Invoice_Status__c).toBe(invoice.status);
        expect(opportunity.Zoho_Invoice_Id__c).toBe(invoice.invoice_id);
        expect(opportunity.Zoho_Invoice_URL__c).toBe(
            `https://books.zoho.com/app/${env.zohoOrg}#/invoices/${String(invoice.invoice_id)}`
        );
        const mirror = env.mirrors().find((m) => m.Zoho_Invoice_Id__c === invoice.invoice_id);
        expect(mirror).toMatchObject({
            Opportunity__c: id,
            Total__c: 4311.38,
            Tax_Total__c: 678.16,
            Currency_Code__c: 'EUR',
            Amount_Drift__c: 0
        });
        // Every step is in the journal: what was written where, and how it went.
        await env.waitFor(
            async () => {
                const rows = await env!.db.query<{ operation: string }>(
                    "SELECT operation FROM journal WHERE operation = 'salesforce.writeback' AND subject = $1",
                    [`invoice:${id}`]
                );
                return rows.length > 0 || undefined;
            },
            10_000,
            'the write-back in the journal'
        );
        const steps = await env.db.query<{ operation: string; outcome: string }>(
            'SELECT operation, outcome FROM journal ORDER BY id'
        );
        expect(steps.map((r) => r.operation)).toEqual(
            expect.arrayContaining([
                'zoho.contact.create',
                'zoho.item.create',
                'zoho.invoice.create',
                'salesforce.writeback'
            ])
        );
        expect(steps.every((r) => r.outcome === 'ok')).toBe(true);
        const events = env.sf.publishedEvents(env.sfOrg);
        expect(
            events.some(
                (ev) => ev.payload.Record_Id__c === id && ev.payload.Change_Kind__c === 'invoice'
            )
        ).toBe(true);
    });

    it('holds a deal whose tax category has no mapping, says why, and invoices it after the fix and a resync', async () => {
        env = await invoiceEnv(testDb.db, { deals: 1, linked: true });
        const id = seedDeal(env, 'USD', [{ code: 'LIC-ANN', quantity: 1, price: 1200 }]);
        const product = env.sf
            .records(env.sfOrg, 'Product2')
            .find((p) => p.ProductCode === 'LIC-ANN')!;
        const integration = env.sf.org(env.sfOrg);
        env.sf.update(
            env.sfOrg,
            'Product2',
            String(product.Id),
            { Tax_Category__c: 'ZERO' },
            integration.users.get(integration.integrationUserId)?.username
        );

        env.closeDeals([id]);
        const held = await invoiceOf(env, id);
        expect(held.Closebooks_Sync_Status__c).toBe('Held');
        expect(held.Closebooks_Sync_Message__c).toMatch(/no entry for 'ZERO'/);
        expect(held.Closebooks_Sync_Message__c).toMatch(/Line_Tax_Germany/);
        expect(await env.invoicesFor(id)).toHaveLength(0);

        // The admin adds ZERO to the mapping (a deploy of the rule), then the rep clicks Resync.
        env.sf.deployMetadata(env.sfOrg, 'Closebooks_Field_Mapping__mdt', 'Line_Tax_Germany', {
            Source_Object__c: 'OpportunityLineItem',
            Source_Field__c: 'Product2.Tax_Category__c',
            Target_Object__c: 'zoho_line_item',
            Target_Field__c: 'tax_name',
            Direction__c: 'Salesforce_To_Zoho',
            Condition__c: "Opportunity.Account.BillingCountry = 'Germany'",
            Transform__c: 'map:STANDARD=VAT 19;REDUCED=VAT 7;ZERO=VAT 7',
            Sort_Order__c: 400,
            Is_Active__c: true
        });
        await env.sendEvents('invoice.requested', [id]);
        const synced = await env.waitFor(
            () => (env!.opportunity(id).Zoho_Invoice_Id__c ? env!.opportunity(id) : undefined),
            20_000,
            'the invoice after resync'
        );
        expect(synced.Closebooks_Sync_Status__c).toBe('Synced');
        const invoices = await env.invoicesFor(id);
        expect(invoices).toHaveLength(1);
        expect((invoices[0]!.line_items as Record[])[0]!.tax_name).toBe('VAT 7');
        expect(invoices[0]!.total).toBe(1284);
    });

    it('ends with one invoice when the create response is lost, and when the same event comes twice', async () => {
        env = await invoiceEnv(testDb.db, { deals: 2, linked: true });
        const [first, second] = env.seed.opportunities.map((o) => o.salesforceId);
        env.pair.zoho.sandbox.setFault({
            kind: 'lost_response',
            method: 'PUT',
            path: '/invoices',
            times: 1
        });

        env.closeDeals([first!]);
        await invoiceOf(env, first!);
        expect(await env.invoicesFor(first!)).toHaveLength(1);

        env.closeDeals([second!]);
        await invoiceOf(env, second!);
        await env.sendEvents('opportunity.won', [second!]);
        const batch = env.sf.deliveries(env.sfOrg).at(-1)!;
        env.sf.redeliver(env.sfOrg, batch.batchId);
        await env.sf.settle();
        await env.waitFor(
            async () => {
                const jobs = await countJobsByState(env!.db);
                return jobs.queued + jobs.running + jobs.retrying === 0 || undefined;
            },
            10_000,
            'the queue to drain'
        );
        expect(await env.invoicesFor(second!)).toHaveLength(1);
        expect((await env.zohoState()).invoices).toHaveLength(2);
    });

    it('ends with one customer when the contact upsert response is lost', async () => {
        env = await invoiceEnv(testDb.db, { deals: 1, linked: false });
        const deal = env.seed.opportunities[0]!.salesforceId;
        const accountId = String(env.opportunity(deal).AccountId);
        env.pair.zoho.sandbox.setFault({
            kind: 'lost_response',
            method: 'PUT',
            path: '/contacts',
            times: 1
        });
        env.closeDeals([deal]);
        await invoiceOf(env, deal);
        const keyed = (await env.zohoState()).contacts.filter((c) =>
            (c.custom_fields as { api_name?: string; value?: unknown }[] | undefined)?.some(
                (f) => f.api_name === 'cf_salesforce_id' && f.value === `${env!.sfOrg}:${accountId}`
            )
        );
        expect(keyed).toHaveLength(1);
        expect(await env.invoicesFor(deal)).toHaveLength(1);
    });

    /** Deletes the organization's Salesforce-id field, as an admin could in Zoho's settings. */
    function dropKeyField(e: InvoiceEnv) {
        const org = e.pair.zoho.sandbox.state.orgs.get(e.zohoOrg)!;
        org.customFields = org.customFields.filter((f) => f.api_name !== 'cf_salesforce_id');
    }

    it('without the Salesforce-id field, creates once by reference number even when the answer is lost, and records the missing field', async () => {
        env = await invoiceEnv(testDb.db, { deals: 1, linked: true });
        dropKeyField(env);
        env.pair.zoho.sandbox.setFault({
            kind: 'lost_response',
            method: 'POST',
            path: '/invoices',
            times: 1
        });
        const deal = env.seed.opportunities[0]!.salesforceId;
        env.closeDeals([deal]);
        expect((await invoiceOf(env, deal)).Closebooks_Sync_Status__c).toBe('Synced');
        const { invoices } = await env.zohoState();
        expect(invoices.map((i) => i.reference_number)).toEqual([deal]);
        const [org] = await listZohoOrganizations(env.db, env.connectionId);
        expect(org?.keyFields).toMatchObject({ invoice: false, contact: false });
    });

    it('falls back to the reference search when Zoho refuses the key in unknown words and the field is gone', async () => {
        // Zoho's wording for a refused key is not documented: only the field settings decide.
        const rewording: typeof fetch = async (input, init) => {
            const res = await fetch(input, init);
            const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
            const url = new URL(input instanceof Request ? input.url : String(input));
            if (method !== 'PUT' || !url.pathname.endsWith('/books/v3/invoices')) return res;
            if (res.status !== 400) return res;
            const body = (await res.json()) as { code: number };
            return new Response(JSON.stringify({ code: body.code, message: 'Not allowed.' }), {
                status: 400,
                headers: { 'content-type': 'application/json' }
            });
        };
        env = await invoiceEnv(testDb.db, { deals: 2, linked: true, fetch: rewording });
        const [first, second] = env.seed.opportunities.map((o) => o.salesforceId);
        env.closeDeals([first!]);
        await invoiceOf(env, first!);
        dropKeyField(env);
        env.closeDeals([second!]);
        expect((await invoiceOf(env, second!)).Closebooks_Sync_Status__c).toBe('Synced');
        const { invoices } = await env.zohoState();
        expect(invoices).toHaveLength(2);
        expect(invoices.filter((i) => i.reference_number === second)).toHaveLength(1);
        const [org] = await listZohoOrganizations(env.db, env.connectionId);
        expect(org?.keyFields).toMatchObject({ invoice: false });
    });

    it("makes the deal's customer by name search when Zoho refuses the contact key in unknown words and the field is gone", async () => {
        // As for invoices: only the contact field settings, read again, decide the fallback.
        const rewording: typeof fetch = async (input, init) => {
            const res = await fetch(input, init);
            const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
            const url = new URL(input instanceof Request ? input.url : String(input));
            if (method !== 'PUT' || !url.pathname.endsWith('/books/v3/contacts')) return res;
            if (res.status !== 400) return res;
            const body = (await res.json()) as { code: number };
            return new Response(JSON.stringify({ code: body.code, message: 'Not allowed.' }), {
                status: 400,
                headers: { 'content-type': 'application/json' }
            });
        };
        env = await invoiceEnv(testDb.db, { deals: 1, linked: false, fetch: rewording });
        const e = env;
        const first = e.seed.opportunities[0]!;
        e.closeDeals([first.salesforceId]);
        await invoiceOf(e, first.salesforceId);
        dropKeyField(e);
        const name = 'Refused Key Ltd';
        const { ids } = e.sf.seed(e.sfOrg, {
            records: [
                {
                    object: 'Account',
                    ref: 'other',
                    fields: { Name: name, BillingCountry: 'Germany', BillingCity: 'Bonn' }
                }
            ]
        });
        const second = seedDeal(e, 'USD', [{ code: 'LIC-ANN', quantity: 1, price: 100 }], {
            AccountId: ids.other
        });
        e.closeDeals([second]);
        expect((await invoiceOf(e, second)).Closebooks_Sync_Status__c).toBe('Synced');
        const { contacts } = await e.zohoState();
        expect(contacts.filter((c) => c.contact_name === name)).toHaveLength(1);
        expect(await e.invoicesFor(second)).toHaveLength(1);
        const [org] = await listZohoOrganizations(e.db, e.connectionId);
        expect(org?.keyFields).toMatchObject({ contact: false });
    });

    it('two companions on one database racing on the same deal make one invoice', async () => {
        env = await invoiceEnv(testDb.db, { deals: 1, linked: true });
        const other = env.makeRuntime('second-companion');
        other.start();
        try {
            const id = env.seed.opportunities[0]!.salesforceId;
            env.closeDeals([id]);
            await Promise.all([
                env.sendEvents('invoice.requested', [id]),
                env.sendEvents('opportunity.won', [id])
            ]);
            await invoiceOf(env, id);
            await env.waitFor(
                async () => {
                    const jobs = await countJobsByState(env!.db);
                    return jobs.queued + jobs.running + jobs.retrying === 0 || undefined;
                },
                15_000,
                'the queue to drain'
            );
            expect(await env.invoicesFor(id)).toHaveLength(1);
            expect(env.opportunity(id).Zoho_Invoice_Id__c).toBe(
                (await env.invoicesFor(id))[0]!.invoice_id
            );
        } finally {
            await other.stop();
        }
    });
    it('tells Salesforce about a Zoho rate alert with a sync event on the org', async () => {
        env = await invoiceEnv(testDb.db, { deals: 1, linked: true });
        await env.runtime.publishAlert({
            organizationId: env.zohoOrg,
            kind: 'daily_quota_80',
            detail: '1600 of 2000 calls today'
        });
        const event = await env.waitFor(
            () =>
                env!.sf
                    .publishedEvents(env!.sfOrg)
                    .find((ev) => ev.payload.Change_Kind__c === 'alert'),
            10_000,
            'the alert event'
        );
        expect(event.payload.Record_Id__c).toBe(env.sfOrg);
        expect(String(event.payload.Summary__c)).toMatch(/80% used.*1600 of 2000/);
    });
    it('previews the invoice a deal would get, or why it would be held, without writing anything', async () => {
        env = await invoiceEnv(testDb.db, { deals: 1, currency: 'EUR' });
        const id = seedDeal(
            env,
            'EUR',
            [
                { code: 'LIC-ANN', quantity: 2, price: 1200, discount: 10 },
                { code: 'DOC-MAN', quantity: 3, price: 35 },
                { code: 'SUP-PRM', quantity: 1, price: 1500 }
            ],
            { Invoice_Discount__c: 5 }
        );
        const res = await env.packageCall('/v1/invoices/preview', { opportunityId: id });
        expect(res.status).toBe(200);
        const preview = (await res.json()) as Record;
        // The 5 % document discount folded into the lines: 5 % of each (2160 → 108.00,
        // 105 → 5.25, 1500 → 75.00, no cent left over); tax 389.88 + 6.98 + 270.75 = 667.61
        expect(preview).toMatchObject({
            held: false,
            currencyCode: 'EUR',
            subTotal: 3576.75,
            discountTotal: 0,
            taxTotal: 667.61,
            total: 4244.36
        });
        expect(preview.lineItems).toEqual([
            { name: 'Annual License', quantity: 2, rate: 1200, amount: 2052 },
            { name: 'Printed Manual', quantity: 3, rate: 35, amount: 99.75 },
            { name: 'Premium Support', quantity: 1, rate: 1500, amount: 1425 }
        ]);
        const request = preview.request as Record;
        expect(request).toMatchObject({ discount_type: 'item_level', is_inclusive_tax: false });
        expect(request).not.toHaveProperty('discount');
        expect((request.line_items as Record[]).map((l) => l.discount)).toEqual([348, 5.25, 75]);
        const state = await env.zohoState();
        expect(state.invoices).toHaveLength(0);
        expect(state.items.some((i) => i.sku === 'SUP-PRM')).toBe(false);
        expect(state.contacts).toHaveLength(0);
        const [journal] = await env.db.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM journal'
        );
        expect(journal?.n).toBe(0);

        const bad = await env.packageCall('/v1/invoices/preview', { opportunityId: 'nope' });
        expect(bad.status).toBe(400);

        // The same dry run on the admin API, with the Salesforce write-back it would make.
        const key = (await createApiKey(env.db, { name: 'ops', scopes: ['admin:read'] })).token;
        const admin = await fetch(
            `${env.server.url}/v1/admin/connections/${env.connectionId}/invoices/preview`,
            {
                method: 'POST',
                headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
                body: JSON.stringify({ opportunityId: id })
            }
        );
        expect(admin.status).toBe(200);
        const dry = (await admin.json()) as { plan: Record; request: Record; writeback: Record[] };
        expect(dry.plan.kind).toBe('ready');
        expect(dry.request.discount_type).toBe('item_level');
        expect(dry.writeback.map((w) => [w.op, w.sobject])).toEqual([
            ['update', 'Opportunity'],
            ['upsert', 'Zoho_Invoice__c'],
            ['create', 'Closebooks_Sync__e']
        ]);
        expect((dry.writeback[1]!.fields as Record).Total__c).toBe(4244.36);
        expect((await env.zohoState()).invoices).toHaveLength(0);
    });
    it('invoices prices that include tax when the setting says so, whatever the Zoho organization prefers', async () => {
        env = await invoiceEnv(testDb.db, { deals: 1, currency: 'EUR' });
        env.sf.deployMetadata(env.sfOrg, 'Closebooks_Setting__mdt', 'Default', {
            Invoice_Flow_Enabled__c: true,
            Invoice_Trigger__c: 'Closed_Won',
            Create_Missing_Items__c: true,
            Exchange_Rate_Source__c: 'Zoho',
            Prices_Include_Tax__c: true
        });
        // The organization prefers the other way on both counts: an invoice that leaves either
        // choice to it comes out wrong.
        env.pair.zoho.sandbox.state.orgs.get(env.zohoOrg)!.org.preferences = {
            discountType: 'item_level',
            discountBeforeTax: false,
            pricesIncludeTax: false
        };
        // By hand: 1 × 1190.00 (VAT 19 inside) and 3 × 35.00 = 105.00 (VAT 7 inside), 1295.00;
        // the 10 % invoice discount before tax = 129.50, shares 119.00 and 10.50;
        // VAT 19: 1071.00 × 19 ÷ 119 = 171.00; VAT 7: 94.50 × 7 ÷ 107 = 6.182… → 6.18;
        // tax 177.18 is inside the prices: total 1295.00 − 129.50 = 1165.50
        const id = seedDeal(
            env,
            'EUR',
            [
                { code: 'LIC-ANN', quantity: 1, price: 1190 },
                { code: 'DOC-MAN', quantity: 3, price: 35 }
            ],
            { Invoice_Discount__c: 10 }
        );
        env.closeDeals([id]);
        const opportunity = await invoiceOf(env, id);
        expect(opportunity.Closebooks_Sync_Status__c).toBe('Synced');
        const [invoice] = await env.invoicesFor(id);
        expect(invoice).toMatchObject({
            is_inclusive_tax: true,
            discount_type: 'entity_level',
            sub_total: 1295,
            discount_total: 129.5,
            tax_total: 177.18,
            total: 1165.5
        });
        expect(env.mirrors().find((m) => m.Opportunity__c === id)).toMatchObject({
            Total__c: 1165.5,
            Tax_Total__c: 177.18,
            Amount_Drift__c: 0
        });
    });
    it('with invoices following accepted quotes, a won deal sends nothing and the accepted quote invoices the quote lines once', async () => {
        env = await invoiceEnv(testDb.db, { deals: 1, linked: true });
        env.sf.deployMetadata(env.sfOrg, 'Closebooks_Setting__mdt', 'Default', {
            Invoice_Flow_Enabled__c: true,
            Invoice_Trigger__c: 'Quote_Accepted',
            Create_Missing_Items__c: true,
            Exchange_Rate_Source__c: 'Zoho'
        });
        const deal = env.seed.opportunities[0]!;
        const integration = env.sf.org(env.sfOrg);
        const as = integration.users.get(integration.integrationUserId)?.username;
        const pricebook = env.sf.records(env.sfOrg, 'Pricebook2').find((p) => p.IsStandard)?.Id;
        const { ids } = env.sf.seed(env.sfOrg, {
            as,
            records: [
                {
                    object: 'Quote',
                    ref: 'q',
                    fields: {
                        Name: 'Q-1',
                        OpportunityId: deal.salesforceId,
                        Pricebook2Id: pricebook,
                        Status: 'Draft'
                    }
                },
                {
                    object: 'QuoteLineItem',
                    fields: {
                        QuoteId: { ref: 'q' },
                        PricebookEntryId: pricebookEntry(env, 'TRN-DAY', 'USD'),
                        Quantity: 4,
                        UnitPrice: 850,
                        Discount: 5
                    }
                }
            ]
        });
        // Won first: under this setting the package sends nothing for it.
        env.closeDeals([deal.salesforceId]);
        await env.sf.settle();
        const sent = env.sf.deliveries(env.sfOrg).flatMap((d) => d.batch.events);
        expect(sent.filter((e) => e.recordId === deal.salesforceId)).toEqual([]);
        await env.waitFor(
            async () => {
                const jobs = await countJobsByState(env!.db);
                return jobs.queued + jobs.running + jobs.retrying === 0 || undefined;
            },
            10_000,
            'the won event to be handled'
        );
        expect(await env.invoicesFor(deal.salesforceId)).toHaveLength(0);

        env.sf.update(env.sfOrg, 'Quote', ids.q!, { Status: 'Accepted' }, 'rep@demo.sandbox');
        const opportunity = await invoiceOf(env, deal.salesforceId);
        expect(opportunity.Closebooks_Sync_Status__c).toBe('Synced');
        const invoices = await env.invoicesFor(deal.salesforceId);
        expect(invoices).toHaveLength(1);
        const lines = invoices[0]!.line_items as Record[];
        // 4 × 850 = 3400 less 5 % = 3230; the account is German: VAT 19 → 613.70
        expect(lines.map((l) => [l.quantity, l.rate, l.item_total, l.tax_name])).toEqual([
            [4, 850, 3230, 'VAT 19']
        ]);
        expect(invoices[0]!.total).toBe(3843.7);
    });
    it('takes the exchange rate from Salesforce dated rates at the close date when set to, and holds without one', async () => {
        env = await invoiceEnv(testDb.db, { deals: 1, currency: 'EUR' });
        env.sf.deployMetadata(env.sfOrg, 'Closebooks_Setting__mdt', 'Default', {
            Invoice_Flow_Enabled__c: true,
            Invoice_Trigger__c: 'Closed_Won',
            Create_Missing_Items__c: true,
            Exchange_Rate_Source__c: 'Salesforce'
        });
        const integration = env.sf.org(env.sfOrg);
        env.sf.seed(env.sfOrg, {
            as: integration.users.get(integration.integrationUserId)?.username,
            records: [
                {
                    object: 'DatedConversionRate',
                    fields: { IsoCode: 'EUR', ConversionRate: 0.9, StartDate: '2026-06-01' }
                },
                {
                    object: 'DatedConversionRate',
                    fields: { IsoCode: 'EUR', ConversionRate: 0.8, StartDate: '2026-11-01' }
                }
            ]
        });
        const november = seedDeal(env, 'EUR', [{ code: 'LIC-ANN', quantity: 1, price: 1000 }]);
        const spring = seedDeal(env, 'EUR', [{ code: 'LIC-ANN', quantity: 1, price: 1000 }], {
            CloseDate: '2026-03-31'
        });
        env.closeDeals([november, spring]);
        await invoiceOf(env, november);
        const [invoice] = await env.invoicesFor(november);
        // 0.8 EUR per USD in Salesforce → Zoho's rate is USD per EUR: 1 / 0.8 = 1.25.
        expect(invoice!.exchange_rate).toBe(1.25);
        const held = await invoiceOf(env, spring);
        expect(held.Closebooks_Sync_Status__c).toBe('Held');
        expect(held.Closebooks_Sync_Message__c).toBe(
            'No Salesforce dated exchange rate for EUR on 2026-03-31; add one, or take rates from Zoho'
        );
    });
    it('creates a missing item once even when the answer to its create is lost', async () => {
        env = await invoiceEnv(testDb.db, { deals: 1 });
        const id = seedDeal(env, 'USD', [{ code: 'SUP-PRM', quantity: 2, price: 1500 }]);
        env.pair.zoho.sandbox.setFault({
            kind: 'lost_response',
            method: 'POST',
            path: '/items',
            times: 1
        });
        env.closeDeals([id]);
        const opportunity = await invoiceOf(env, id);
        expect(opportunity.Closebooks_Sync_Status__c).toBe('Synced');
        const items = (await env.zohoState()).items.filter((i) => i.sku === 'SUP-PRM');
        expect(items).toHaveLength(1);
        const [invoice] = await env.invoicesFor(id);
        expect((invoice!.line_items as Record[])[0]!.item_id).toBe(items[0]!.item_id);
    });
    it('marks the deal Failed, with the reason, when its job dies', async () => {
        env = await invoiceEnv(testDb.db, { deals: 1, linked: true });
        // The Zoho refresh token is gone (revoked, say): no attempt can succeed.
        await deleteSecret(env.db, {
            connectionId: env.connectionId,
            kind: 'zoho_refresh_token',
            scope: env.zohoOrg
        });
        const id = env.seed.opportunities[0]!.salesforceId;
        env.closeDeals([id]);
        const failed = await env.waitFor(
            () =>
                env!.opportunity(id).Closebooks_Sync_Status__c === 'Failed'
                    ? env!.opportunity(id)
                    : undefined,
            15_000,
            'the Failed status'
        );
        expect(failed.Closebooks_Sync_Message__c).toMatch(
            /^The invoice could not be created: zoho_refresh_token_invalid: .*Retry it from the dead letters/
        );
        const dead = await env.db.query<{ state: string }>(
            "SELECT state FROM jobs WHERE kind = 'zoho.invoice.create'"
        );
        expect(dead.map((j) => j.state)).toEqual(['dead']);
        expect(await env.invoicesFor(id)).toHaveLength(0);
    });
});
