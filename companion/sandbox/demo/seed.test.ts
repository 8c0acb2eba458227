import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
    EVENTS_PATH,
    salesforceEventBatchSchema,
    type SalesforceEventBatch
} from '../../src/contracts/salesforce-events.ts';
import { listen } from '../../test/support/serve.ts';
import { createSandboxClock } from '../clock.ts';
import { createSalesforceSandbox } from '../salesforce/salesforce-sandbox.ts';
import { createZohoSandbox } from '../zoho/zoho-sandbox.ts';
import { seedDemo, type DemoEnv, type DemoSeedOptions } from './seed.ts';

const clock = createSandboxClock({ scale: 0, startAt: Date.parse('2026-11-20T09:00:00Z') });
const zoho = createZohoSandbox({ clock });
const salesforce = createSalesforceSandbox({ clock });

function freshEnv(multiCurrency = false): DemoEnv {
    return {
        zoho,
        salesforce,
        zohoOrgId: zoho.createOrg().organization_id,
        salesforceOrgId: salesforce.createOrg({ multiCurrency }).org_id
    };
}

const seeded = async (options: DemoSeedOptions, multiCurrency = false) => {
    const env = freshEnv(multiCurrency);
    return { env, seed: await seedDemo(env, options), data: zoho.state.orgs.get(env.zohoOrgId)! };
};

describe('seedDemo', () => {
    it('links every account to a Zoho contact and every product to a Zoho item when linked', async () => {
        const { env, seed, data } = await seeded({ deals: 50, linked: true });
        expect(seed.opportunities).toHaveLength(50);
        expect(seed.accounts).toHaveLength(10);
        expect(seed.accounts[0]?.name).toBe('Acme GmbH');
        expect(seed.opportunities[6]?.name).toBe('Deal 0007');
        expect(data.contacts.size).toBe(10);
        const field = data.customFields.find((d) => d.entity === 'contact');
        for (const account of seed.accounts) {
            const contact = data.contacts.get(account.zohoContactId ?? '');
            expect(contact?.contact_name).toBe(account.name);
            expect(contact?.custom_fields).toEqual([
                { customfield_id: field?.customfield_id, value: account.salesforceId }
            ]);
        }
        expect(data.items.size).toBe(seed.products.length);
        const products = salesforce.records(env.salesforceOrgId, 'Product2');
        for (const product of seed.products) {
            expect(product.zohoItemId).not.toBeNull();
            expect(products.find((p) => p.Id === product.salesforceId)).toMatchObject({
                ProductCode: product.productCode,
                Zoho_Item_Id__c: product.zohoItemId,
                Tax_Category__c: product.taxCategory
            });
        }
        const lines = salesforce.records(env.salesforceOrgId, 'OpportunityLineItem');
        for (const deal of seed.opportunities) {
            const own = lines.filter((l) => l.OpportunityId === deal.salesforceId);
            expect(own.length).toBeGreaterThanOrEqual(1);
            expect(own.length).toBeLessThanOrEqual(3);
            expect(deal.amount).toBeGreaterThan(0);
        }
    });

    it('creates the unique Salesforce Id fields, the three taxes and EUR with a rate', async () => {
        const { seed, data } = await seeded({ deals: 3, linked: true });
        expect(data.customFields.map((d) => [d.entity, d.api_name, d.label, d.is_unique])).toEqual([
            ['invoice', 'cf_salesforce_id', 'Salesforce Id', true],
            ['contact', 'cf_salesforce_id', 'Salesforce Id', true]
        ]);
        expect(seed.taxes.map((t) => [t.name, t.percentage])).toEqual([
            ['VAT 19', 19],
            ['VAT 7', 7],
            ['Sales Tax', 8.25]
        ]);
        const eur = [...data.currencies.values()].find((c) => c.currency_code === 'EUR');
        expect(eur).toBeDefined();
        expect([...data.exchangeRates.values()].map((r) => r.currency_id)).toContain(
            eur?.currency_id
        );
    });

    it('leaves contacts out and one product without a Zoho item in the demo mix, in EUR', async () => {
        const { env, seed, data } = await seeded(
            { deals: 12, linked: false, currency: 'EUR' },
            true
        );
        expect(data.contacts.size).toBe(0);
        expect(seed.accounts.every((a) => a.zohoContactId === null)).toBe(true);
        expect(data.items.size).toBe(seed.products.length - 1);
        expect(seed.products.filter((p) => p.zohoItemId === null)).toHaveLength(1);
        expect(
            salesforce
                .records(env.salesforceOrgId, 'Product2')
                .every((p) => p.Zoho_Item_Id__c === null || p.Zoho_Item_Id__c === undefined)
        ).toBe(true);
        expect(
            salesforce.records(env.salesforceOrgId, 'Opportunity').map((o) => o.CurrencyIsoCode)
        ).toEqual(Array(12).fill('EUR'));
    });

    it('refuses EUR deals in a single-currency USD org', async () => {
        await expect(
            seedDemo(freshEnv(), { deals: 1, linked: true, currency: 'EUR' })
        ).rejects.toThrow(/single-currency/);
    });

    describe('closing a seeded deal', () => {
        const received: SalesforceEventBatch[] = [];
        const receiver = new Hono().post(EVENTS_PATH, async (c) => {
            received.push(salesforceEventBatchSchema.parse(await c.req.json()));
            return c.json({ accepted: 1 }, 202);
        });
        let server: Awaited<ReturnType<typeof listen>>;
        beforeAll(async () => {
            server = await listen(receiver);
        });
        afterAll(() => server.close());

        it('sends one opportunity.won batch to the companion URL', async () => {
            const { env, seed } = await seeded({ deals: 5, linked: true });
            salesforce.setCompanion(env.salesforceOrgId, {
                url: server.url,
                connectionId: 'conn-1',
                secret: 'shh'
            });
            const deal = seed.opportunities[2]!;
            salesforce.update(env.salesforceOrgId, 'Opportunity', deal.salesforceId, {
                StageName: 'Closed Won'
            });
            await salesforce.settle();
            expect(received).toHaveLength(1);
            expect(received[0]).toMatchObject({
                orgId: env.salesforceOrgId,
                events: [
                    {
                        type: 'opportunity.won',
                        objectType: 'Opportunity',
                        recordId: deal.salesforceId
                    }
                ]
            });
        });
    });
});
