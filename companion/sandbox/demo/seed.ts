import type { SalesforceSandbox } from '../salesforce/salesforce-sandbox.ts';
import type { ZohoSandbox } from '../zoho/zoho-sandbox.ts';
import { seedSalesforce } from './seed-salesforce.ts';
import { seedZoho } from './seed-zoho.ts';

/**
 * Seeds a joined pair of orgs for `npm start`'s sandbox mode, end-to-end tests and the
 * benchmark: Zoho taxes, EUR, items and (when linked) contacts; Salesforce accounts, products,
 * price book entries and open deals with line items. Mapping rules are left to the caller
 * (`onSeeded`), since they are custom metadata the caller deploys its own way.
 */

export type DemoSeedOptions = {
    /** Open opportunities to create. */
    deals: number;
    /** true: every account has a Zoho contact and every product a Zoho item (bench); false: the demo mix. */
    linked: boolean;
    /** Deal currency (default USD); Zoho's base currency stays USD, EUR is enabled with a rate. */
    currency?: 'USD' | 'EUR';
    /** Runs once everything is seeded, e.g. to deploy mapping rules for the returned taxes. */
    onSeeded?: (seed: DemoSeed, env: DemoEnv) => Promise<void> | void;
};

export type DemoSeed = {
    zohoOrganizationId: string;
    salesforceOrgId: string;
    accounts: { salesforceId: string; name: string; zohoContactId: string | null }[];
    products: {
        salesforceId: string;
        productCode: string;
        zohoItemId: string | null;
        taxCategory: string | null;
    }[];
    opportunities: { salesforceId: string; name: string; accountId: string; amount: number }[];
    taxes: { taxId: string; name: string; percentage: number }[];
};

export type DemoEnv = {
    zoho: ZohoSandbox;
    salesforce: SalesforceSandbox;
    zohoOrgId: string;
    salesforceOrgId: string;
};

/** Zoho's custom field holding the Salesforce record id, on invoices and contacts. */
export const SALESFORCE_ID_FIELD = 'cf_salesforce_id';

export async function seedDemo(env: DemoEnv, options: DemoSeedOptions): Promise<DemoSeed> {
    if (!Number.isInteger(options.deals) || options.deals < 0)
        throw new RangeError('deals must be a whole number ≥ 0');
    const currency = options.currency ?? 'USD';
    const zohoCatalog = await seedZoho(env.zoho, env.zohoOrgId, { linked: options.linked });
    const sf = seedSalesforce(env.salesforce, env.salesforceOrgId, {
        deals: options.deals,
        currency,
        /** Zoho_Item_Id__c is filled only when the orgs start out linked. */
        itemIds: options.linked ? zohoCatalog.itemIds : []
    });
    const contactIds = options.linked
        ? await zohoCatalog.addContacts(sf.accounts, currency)
        : sf.accounts.map(() => null);
    const seed: DemoSeed = {
        zohoOrganizationId: env.zohoOrgId,
        salesforceOrgId: env.salesforceOrgId,
        accounts: sf.accounts.map((a, i) => ({ ...a, zohoContactId: contactIds[i] ?? null })),
        products: sf.products.map((p, i) => ({ ...p, zohoItemId: zohoCatalog.itemIds[i] ?? null })),
        opportunities: sf.opportunities,
        taxes: zohoCatalog.taxes
    };
    await options.onSeeded?.(seed, env);
    return seed;
}
