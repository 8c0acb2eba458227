import type { SalesforceSandbox } from '../salesforce/salesforce-sandbox.ts';
import type { SeedInput } from '../salesforce/seed.ts';
import { accountCount, accountPlan, dealPlan, PRODUCTS } from './catalog.ts';

/**
 * Salesforce's side of the demo seed, written as the integration user so the package's
 * automation stays quiet (no `account.changed` flood reaching whatever companion listens).
 * Opportunities go in chunks of 200 with their line items: one transaction per chunk.
 */

/** Corporate-currency units per EUR when the org must first activate EUR. */
const EUR_CONVERSION = 0.925926;
const CHUNK = 200;

type SeedRecord = SeedInput['records'][number];

export type SalesforceCatalog = {
    accounts: { salesforceId: string; name: string }[];
    products: { salesforceId: string; productCode: string; taxCategory: string | null }[];
    opportunities: { salesforceId: string; name: string; accountId: string; amount: number }[];
};

/** The month end of the simulated clock's date, as a Salesforce date. */
function monthEnd(now: number): string {
    const d = new Date(now);
    return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0))
        .toISOString()
        .slice(0, 10);
}

export function seedSalesforce(
    salesforce: SalesforceSandbox,
    orgId: string,
    options: { deals: number; currency: string; itemIds: (string | null)[] }
): SalesforceCatalog {
    const org = salesforce.org(orgId);
    const as = org.users.get(org.integrationUserId)?.username;
    const multi = org.multiCurrency;
    if (!multi && options.currency !== org.corporateCurrency)
        throw new RangeError(
            `a single-currency ${org.corporateCurrency} org cannot hold ${options.currency} deals`
        );
    const currencies = [...new Set([org.corporateCurrency, options.currency])];
    const inCurrency = (code: string) => (multi ? { CurrencyIsoCode: code } : {});
    const records: SeedRecord[] = [];
    const active = salesforce.records(orgId, 'CurrencyType').map((c) => c.IsoCode);
    if (multi && !active.includes(options.currency))
        records.push({
            object: 'CurrencyType',
            fields: {
                IsoCode: options.currency,
                ConversionRate: EUR_CONVERSION,
                DecimalPlaces: 2,
                IsActive: true
            }
        });
    const accounts = Array.from({ length: accountCount(options.deals) }, (_, i) => accountPlan(i));
    accounts.forEach((a, i) =>
        records.push({
            object: 'Account',
            ref: `a${i}`,
            fields: { Name: a.name, BillingCountry: a.country, ...inCurrency(options.currency) }
        })
    );
    PRODUCTS.forEach((p, i) => {
        const itemId = options.itemIds[i];
        records.push({
            object: 'Product2',
            ref: `p${i}`,
            fields: {
                Name: p.name,
                ProductCode: p.productCode,
                Tax_Category__c: p.taxCategory,
                IsActive: true,
                ...(itemId ? { Zoho_Item_Id__c: itemId } : {})
            }
        });
        for (const code of multi ? currencies : [org.corporateCurrency])
            records.push({
                object: 'PricebookEntry',
                ref: `pbe${i}${code}`,
                fields: {
                    Pricebook2Id: { ref: 'standardPricebook' },
                    Product2Id: { ref: `p${i}` },
                    UnitPrice: p.price,
                    IsActive: true,
                    ...inCurrency(code)
                }
            });
    });
    const { ids } = salesforce.seed(orgId, { records, as });
    const closeDate = monthEnd(salesforce.clock.now());
    const opportunities: SalesforceCatalog['opportunities'] = [];
    for (let start = 0; start < options.deals; start += CHUNK) {
        const chunk: SeedRecord[] = [];
        const names: string[] = [];
        for (let i = start; i < Math.min(options.deals, start + CHUNK); i++) {
            const deal = dealPlan(i, accounts.length);
            names.push(deal.name);
            chunk.push({
                object: 'Opportunity',
                ref: `o${i}`,
                fields: {
                    Name: deal.name,
                    AccountId: ids[`a${deal.account}`],
                    StageName: deal.stage,
                    CloseDate: closeDate,
                    Pricebook2Id: ids.standardPricebook,
                    ...inCurrency(options.currency)
                }
            });
            for (const line of deal.lines)
                chunk.push({
                    object: 'OpportunityLineItem',
                    fields: {
                        OpportunityId: { ref: `o${i}` },
                        PricebookEntryId: ids[`pbe${line.product}${options.currency}`],
                        Quantity: line.quantity,
                        UnitPrice: (PRODUCTS[line.product] as { price: number }).price,
                        ...(line.discount ? { Discount: line.discount } : {})
                    }
                });
        }
        const seeded = salesforce.seed(orgId, { records: chunk, as });
        const byId = new Map(
            salesforce.records(orgId, 'Opportunity').map((o) => [o.Id, o] as const)
        );
        names.forEach((name, k) => {
            const id = seeded.ids[`o${start + k}`] as string;
            const record = byId.get(id);
            opportunities.push({
                salesforceId: id,
                name,
                accountId: String(record?.AccountId),
                amount: Number(record?.Amount ?? 0)
            });
        });
    }
    return {
        accounts: accounts.map((a, i) => ({ salesforceId: ids[`a${i}`] as string, name: a.name })),
        products: PRODUCTS.map((p, i) => ({
            salesforceId: ids[`p${i}`] as string,
            productCode: p.productCode,
            taxCategory: p.taxCategory
        })),
        opportunities
    };
}
