import { describe, expect, it } from 'vitest';

import { useTestDb } from './support/test-db.ts';
import { invoiceEnv, type InvoiceEnv, type Record } from './support/invoice-env.ts';

/**
 * A deal with more lines than one page of a child relationship: the Salesforce simulator sends
 * its `OpportunityLineItems` 200 at a time behind their own `nextRecordsUrl`, as an org does,
 * and the invoice must carry every line. Zoho documents no cap on `line_items` per invoice
 * (reference zoho-books-api.md, invoices; the OAS sets no maxItems), so all 2,500 are invoiced.
 * An accepted quote's `QuoteLineItems` page the same way and are read the same way.
 */

const LINES = 2500;
let env: InvoiceEnv | undefined;
const testDb = useTestDb(async () => {
    await env?.close();
    env = undefined;
});

describe('a deal with 2,500 lines', () => {
    it('is invoiced with every line, read page by page from its child relationship', async () => {
        env = await invoiceEnv(testDb.db, { deals: 1, linked: true });
        const e = env;
        const account = e.seed.accounts.find((a) => a.name.endsWith('GmbH'))!;
        const product = e.sf.records(e.sfOrg, 'Product2').find((p) => p.ProductCode === 'LIC-ANN');
        const entry = e.sf
            .records(e.sfOrg, 'PricebookEntry')
            .find((p) => p.Product2Id === product?.Id && p.CurrencyIsoCode === 'USD');
        const integration = e.sf.org(e.sfOrg);
        const { ids } = e.sf.seed(e.sfOrg, {
            as: integration.users.get(integration.integrationUserId)?.username,
            records: [
                {
                    object: 'Opportunity',
                    ref: 'deal',
                    fields: {
                        Name: 'Fleet rollout',
                        AccountId: account.salesforceId,
                        StageName: 'Negotiation/Review',
                        CloseDate: '2026-11-30',
                        CurrencyIsoCode: 'USD'
                    }
                },
                ...Array.from({ length: LINES }, (_, i) => ({
                    object: 'OpportunityLineItem',
                    fields: {
                        OpportunityId: { ref: 'deal' },
                        PricebookEntryId: entry!.Id,
                        Quantity: 1,
                        UnitPrice: i + 1,
                        SortOrder: i + 1
                    }
                }))
            ]
        });
        const id = ids.deal!;

        e.closeDeals([id]);
        const opportunity = await e.waitFor(
            () => {
                const o = e.opportunity(id);
                return o.Zoho_Invoice_Id__c || o.Closebooks_Sync_Status__c === 'Held'
                    ? o
                    : undefined;
            },
            60_000,
            `the write-back of ${id}`
        );

        expect(opportunity.Closebooks_Sync_Status__c).toBe('Synced');
        const [invoice] = await e.invoicesFor(id);
        const lines = invoice!.line_items as Record[];
        expect(lines).toHaveLength(LINES);
        expect(lines.map((l) => l.rate)).toEqual(Array.from({ length: LINES }, (_, i) => i + 1));
        expect(invoice!.sub_total).toBe((LINES * (LINES + 1)) / 2);
    }, 90_000);

    it('under Quote_Accepted, an accepted quote of 450 lines is invoiced with every line of its QuoteLineItems', async () => {
        const QUOTE_LINES = 450;
        env = await invoiceEnv(testDb.db, { deals: 1, linked: true });
        const e = env;
        e.sf.deployMetadata(e.sfOrg, 'Closebooks_Setting__mdt', 'Default', {
            Invoice_Flow_Enabled__c: true,
            Invoice_Trigger__c: 'Quote_Accepted',
            Exchange_Rate_Source__c: 'Zoho'
        });
        const deal = e.seed.opportunities[0]!;
        const product = e.sf.records(e.sfOrg, 'Product2').find((p) => p.ProductCode === 'LIC-ANN');
        const entry = e.sf
            .records(e.sfOrg, 'PricebookEntry')
            .find((p) => p.Product2Id === product?.Id && p.CurrencyIsoCode === 'USD');
        const integration = e.sf.org(e.sfOrg);
        const { ids } = e.sf.seed(e.sfOrg, {
            as: integration.users.get(integration.integrationUserId)?.username,
            records: [
                {
                    object: 'Quote',
                    ref: 'quote',
                    fields: {
                        Name: 'Fleet quote',
                        OpportunityId: deal.salesforceId,
                        Pricebook2Id: e.sf.records(e.sfOrg, 'Pricebook2').find((p) => p.IsStandard)
                            ?.Id,
                        Status: 'Draft'
                    }
                },
                ...Array.from({ length: QUOTE_LINES }, (_, i) => ({
                    object: 'QuoteLineItem',
                    fields: {
                        QuoteId: { ref: 'quote' },
                        PricebookEntryId: entry!.Id,
                        Quantity: 1,
                        UnitPrice: i + 1
                    }
                }))
            ]
        });

        e.sf.update(e.sfOrg, 'Quote', ids.quote!, { Status: 'Accepted' }, 'rep@demo.sandbox');
        const opportunity = await e.waitFor(
            () => {
                const o = e.opportunity(deal.salesforceId);
                return o.Zoho_Invoice_Id__c || o.Closebooks_Sync_Status__c === 'Held'
                    ? o
                    : undefined;
            },
            60_000,
            `the write-back of ${deal.salesforceId}`
        );

        expect(opportunity.Closebooks_Sync_Status__c).toBe('Synced');
        const [invoice] = await e.invoicesFor(deal.salesforceId);
        const lines = invoice!.line_items as Record[];
        expect(lines).toHaveLength(QUOTE_LINES);
        expect(lines.map((l) => l.rate).sort((a, b) => Number(a) - Number(b))).toEqual(
            Array.from({ length: QUOTE_LINES }, (_, i) => i + 1)
        );
    }, 90_000);
});
