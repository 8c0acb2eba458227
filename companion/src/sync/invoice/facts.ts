import type { Clock } from '../../clock.ts';
import type { ZohoClient } from '../../zoho/client.ts';
import type { ZohoFacts } from './plan.ts';

/**
 * The unique custom field, on invoices and contacts, that holds the Salesforce id. Creating by
 * upsert on it is what makes a repeated create harmless (reference §9.1); an organization
 * without it falls back to a search by reference number before every create.
 */
export const SALESFORCE_ID_FIELD = 'cf_salesforce_id';

type Entry = {
    at: number;
    facts: Promise<ZohoFacts>;
    itemsBySku?: Promise<Map<string, string>>;
};

/**
 * Per-organization facts that change rarely (currencies, taxes, whether the unique field
 * exists) and the SKU → item index, read once and kept for `ttlMs`, so an invoice costs one
 * Zoho call in the steady state.
 */
export function createFactsCache(deps: { clock: Clock; ttlMs?: number }) {
    const ttlMs = deps.ttlMs ?? 15 * 60_000;
    const entries = new Map<string, Entry>();

    async function load(zoho: ZohoClient): Promise<ZohoFacts> {
        const [currencies, { taxes }] = await Promise.all([
            zoho.currencies.list(),
            zoho.taxes.list()
        ]);
        const base = currencies.find((c) => c.is_base_currency);
        if (!base) throw new Error(`Zoho organization ${zoho.organizationId} has no base currency`);
        const precision = (c: { price_precision: number }) => c.price_precision;
        return {
            baseCurrency: {
                id: base.currency_id,
                code: base.currency_code,
                precision: precision(base)
            },
            currencies: new Map(
                currencies.map((c) => [
                    c.currency_code.toUpperCase(),
                    {
                        id: c.currency_id,
                        code: c.currency_code.toUpperCase(),
                        precision: precision(c)
                    }
                ])
            ),
            taxes: taxes.map((t) => ({
                id: t.tax_id,
                name: t.tax_name,
                percentage: t.tax_percentage
            })),
            invoiceKey: SALESFORCE_ID_FIELD,
            contactKey: SALESFORCE_ID_FIELD
        };
    }

    function entry(zoho: ZohoClient, fresh: boolean): Entry {
        const hit = entries.get(zoho.organizationId);
        if (hit && !fresh && deps.clock.now() - hit.at < ttlMs) return hit;
        const next: Entry = { at: deps.clock.now(), facts: load(zoho) };
        entries.set(zoho.organizationId, next);
        next.facts.catch(() => {
            if (entries.get(zoho.organizationId) === next) entries.delete(zoho.organizationId);
        });
        return next;
    }

    return {
        get(zoho: ZohoClient, options: { fresh?: boolean } = {}): Promise<ZohoFacts> {
            return entry(zoho, options.fresh ?? false).facts;
        },
        /** Zoho refused the unique key: this organization has no such field; remember it. */
        async withoutKey(zoho: ZohoClient, which: 'invoiceKey' | 'contactKey'): Promise<void> {
            const e = entry(zoho, false);
            const facts = await e.facts;
            e.facts = Promise.resolve({ ...facts, [which]: null });
        },
        /** The active item whose SKU is `sku`, from an index built once per organization. */
        async itemBySku(zoho: ZohoClient, sku: string, options: { fresh?: boolean } = {}) {
            const e = entry(zoho, false);
            if (!e.itemsBySku || options.fresh) {
                const index = (async () => {
                    const map = new Map<string, string>();
                    for await (const item of zoho.items.listAll({ filter_by: 'Status.Active' }))
                        if (item.sku) map.set(item.sku.toLowerCase(), item.item_id);
                    return map;
                })();
                e.itemsBySku = index;
                index.catch(() => {
                    if (e.itemsBySku === index) delete e.itemsBySku;
                });
            }
            return (await e.itemsBySku).get(sku.toLowerCase());
        },
        /** Adds an item just created to the index. */
        async rememberItem(zoho: ZohoClient, sku: string, itemId: string): Promise<void> {
            const index = await entries.get(zoho.organizationId)?.itemsBySku;
            index?.set(sku.toLowerCase(), itemId);
        }
    };
}
export type FactsCache = ReturnType<typeof createFactsCache>;
