import type { SeedInput } from '../zoho/seed.ts';
import type { ZohoSandbox } from '../zoho/zoho-sandbox.ts';
import { PRODUCTS } from './catalog.ts';

/** Zoho's side of the demo seed: custom fields, taxes, EUR with a rate, items, contacts. */

const TAXES = [
    { tax_name: 'VAT 19', tax_percentage: 19 },
    { tax_name: 'VAT 7', tax_percentage: 7 },
    { tax_name: 'Sales Tax', tax_percentage: 8.25 }
];
/** USD per EUR (Zoho rates are base-currency units per unit of the foreign currency). */
export const EUR_RATE = 1.08;
const FIELD = { label: 'Salesforce Id', api_name: 'cf_salesforce_id', is_unique: true } as const;

export type ZohoCatalog = {
    taxes: { taxId: string; name: string; percentage: number }[];
    /** Per product of the catalogue, in order; null for the one left out of the demo mix. */
    itemIds: (string | null)[];
    /** Creates one customer per account and answers their contact ids in order. */
    addContacts(
        accounts: { salesforceId: string; name: string }[],
        currency: string
    ): Promise<string[]>;
};

async function seedOrThrow(zoho: ZohoSandbox, orgId: string, input: SeedInput) {
    const result = await zoho.seed(orgId, input);
    if (!result.ok)
        throw new Error(
            `zoho seed refused ${result.step}[${result.index}]: ${JSON.stringify(result.response)}`
        );
    return result.created;
}

const idsOf = (list: unknown[] | undefined, key: string): string[] =>
    (list ?? []).map((x) => String((x as Record<string, unknown>)[key]));

export async function seedZoho(
    zoho: ZohoSandbox,
    orgId: string,
    options: { linked: boolean }
): Promise<ZohoCatalog> {
    const data = zoho.state.orgs.get(orgId);
    if (!data) throw new RangeError(`unknown Zoho organization ${orgId}`);
    for (const entity of ['invoice', 'contact'] as const)
        if (!data.customFields.some((d) => d.entity === entity && d.api_name === FIELD.api_name))
            zoho.addCustomField(orgId, { ...FIELD, entity });
    const hasEur = [...data.currencies.values()].some((c) => c.currency_code === 'EUR');
    const today = new Date(zoho.clock.now()).toISOString().slice(0, 10);
    const products = options.linked ? PRODUCTS : PRODUCTS.slice(0, -1);
    const created = await seedOrThrow(zoho, orgId, {
        taxes: TAXES,
        currencies: hasEur ? [] : [{ currency_code: 'EUR', currency_format: '1,234,567.89' }],
        exchange_rates: [{ currency_code: 'EUR', effective_date: today, rate: EUR_RATE }],
        items: products.map((p) => ({ name: p.name, sku: p.productCode, rate: p.price }))
    });
    const taxIds = idsOf(created.taxes, 'tax_id');
    const itemIds = idsOf(created.items, 'item_id');
    return {
        taxes: TAXES.map((t, i) => ({
            taxId: taxIds[i] as string,
            name: t.tax_name,
            percentage: t.tax_percentage
        })),
        itemIds: PRODUCTS.map((_, i) => itemIds[i] ?? null),
        async addContacts(accounts, currency) {
            const currencyId = [...data.currencies.values()].find(
                (c) => c.currency_code === currency
            )?.currency_id;
            const contacts = await seedOrThrow(zoho, orgId, {
                contacts: accounts.map((a) => ({
                    contact_name: a.name,
                    contact_type: 'customer',
                    currency_id: currencyId,
                    custom_fields: [{ api_name: FIELD.api_name, value: a.salesforceId }]
                }))
            });
            return idsOf(contacts.contacts, 'contact_id');
        }
    };
}
