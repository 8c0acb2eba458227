import type { Clock } from '../../clock.ts';
import type { ZohoClient } from '../../zoho/client.ts';
import { readKeyFields, SALESFORCE_ID_FIELD, type KeyFields } from '../../zoho/key-fields.ts';
import type { ZohoFacts } from './plan.ts';

type Entry = {
    at: number;
    facts: Promise<ZohoFacts>;
    itemsBySku?: Promise<Map<string, string>>;
};

const keysOf = (keyFields: KeyFields) => ({
    invoiceKey: keyFields.invoice ? SALESFORCE_ID_FIELD : null,
    contactKey: keyFields.contact ? SALESFORCE_ID_FIELD : null
});

/**
 * Per-organization facts that change rarely (currencies, taxes, whether the unique field
 * exists, read from the organization's field settings) and the SKU → item index, read once and
 * kept for `ttlMs`, so an invoice costs one Zoho call in the steady state. `onKeyFields` hears
 * each reading of the key fields (the store keeps it for the setup page).
 */
export function createFactsCache(deps: {
    clock: Clock;
    ttlMs?: number;
    onKeyFields?: (organizationId: string, keyFields: KeyFields) => Promise<void>;
}) {
    const ttlMs = deps.ttlMs ?? 15 * 60_000;
    const entries = new Map<string, Entry>();

    async function keyFields(zoho: ZohoClient): Promise<KeyFields> {
        const found = await readKeyFields(zoho);
        await deps.onKeyFields?.(zoho.organizationId, found);
        return found;
    }

    async function load(zoho: ZohoClient): Promise<ZohoFacts> {
        const [currencies, { taxes }, keys] = await Promise.all([
            zoho.currencies.list(),
            zoho.taxes.list(),
            keyFields(zoho)
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
            ...keysOf(keys)
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
        /**
         * Zoho refused an upsert on the key: reads the field settings again and keeps what they
         * say. True when the field `which` names is still there (the refusal was about
         * something else), false when it is gone.
         */
        async recheckKey(zoho: ZohoClient, which: 'invoiceKey' | 'contactKey'): Promise<boolean> {
            const e = entry(zoho, false);
            const [facts, keys] = await Promise.all([e.facts, keyFields(zoho)]);
            const next = { ...facts, ...keysOf(keys) };
            e.facts = Promise.resolve(next);
            return next[which] !== null;
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
