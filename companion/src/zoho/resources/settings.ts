import {
    currenciesResponseSchema,
    exchangeRatesResponseSchema,
    itemResponseSchema,
    itemsResponseSchema,
    organizationResponseSchema,
    organizationsResponseSchema,
    taxesResponseSchema,
    taxGroupResponseSchema
} from '../schemas/responses.ts';
import type {
    Currency,
    ExchangeRate,
    Item,
    Organization,
    Tax,
    TaxGroup
} from '../schemas/settings.ts';
import {
    listPage,
    allPages,
    call,
    collect,
    PER_PAGE,
    type CallOptions,
    type CustomFieldInput,
    type Filters,
    type ResourceContext
} from './common.ts';

/** Organizations, items, taxes, currencies — the `ZohoBooks.settings.*` resources. */

export type ItemInput = {
    name: string;
    rate: number;
    description?: string;
    sku?: string;
    unit?: string;
    tax_id?: string;
    product_type?: 'goods' | 'service' | 'digital_service';
    item_type?: 'sales' | 'purchases' | 'sales_and_purchases' | 'inventory';
    custom_fields?: CustomFieldInput[];
} & Record<string, unknown>;

export function organizationsResource(ctx: ResourceContext, organizationId: string) {
    return {
        async get(options?: CallOptions): Promise<Organization> {
            const { data } = await call(
                ctx,
                {
                    method: 'GET',
                    path: `/organizations/${organizationId}`,
                    schema: organizationResponseSchema
                },
                options
            );
            return data.organization;
        },
        /** The organizations the token's user belongs to (no pagination on this list). */
        async list(options?: CallOptions): Promise<Organization[]> {
            const { data } = await call(
                ctx,
                { method: 'GET', path: '/organizations', schema: organizationsResponseSchema },
                options
            );
            return data.organizations;
        }
    };
}

export function itemsResource(ctx: ResourceContext) {
    const list = listPage<typeof itemsResponseSchema, Filters, Item>(
        ctx,
        '/items',
        itemsResponseSchema,
        (d) => d.items
    );
    const listAll = (filters: Filters = {}, options?: CallOptions) =>
        allPages((n) => list(filters, n, options));
    return {
        list,
        listAll,
        /** Items named exactly `name` (case-insensitive, as Zoho matches). */
        async findByName(name: string, options?: CallOptions): Promise<Item[]> {
            const rows = await collect(listAll({ name }, options));
            return rows.filter((i) => i.name.toLowerCase() === name.toLowerCase());
        },
        /**
         * Items whose SKU is `sku`. Zoho documents no SKU filter (reference §3.5), so this walks
         * the active items and compares: cache the result per sync run.
         */
        async findBySku(sku: string, options?: CallOptions): Promise<Item[]> {
            const out: Item[] = [];
            for await (const item of listAll({ filter_by: 'Status.Active' }, options))
                if (item.sku === sku) out.push(item);
            return out;
        },
        async create(body: ItemInput, options?: CallOptions): Promise<Item> {
            const { data } = await call(
                ctx,
                { method: 'POST', path: '/items', body, schema: itemResponseSchema },
                options
            );
            return data.item;
        }
    };
}

export function taxesResource(ctx: ResourceContext) {
    return {
        /**
         * Taxes and tax groups: Zoho has no tax-group list, groups appear in the taxes list
         * (tax_type `tax_group`), so they are split here.
         */
        async list(options?: CallOptions): Promise<{ taxes: Tax[]; taxGroups: Tax[] }> {
            const { data } = await call(
                ctx,
                {
                    method: 'GET',
                    path: '/settings/taxes',
                    query: { per_page: PER_PAGE },
                    schema: taxesResponseSchema
                },
                options
            );
            const isGroup = (t: Tax) => t.tax_type === 'tax_group';
            return {
                taxes: data.taxes.filter((t) => !isGroup(t)),
                taxGroups: data.taxes.filter(isGroup)
            };
        },
        async getTaxGroup(taxGroupId: string, options?: CallOptions): Promise<TaxGroup> {
            const { data } = await call(
                ctx,
                {
                    method: 'GET',
                    path: `/settings/taxgroups/${taxGroupId}`,
                    schema: taxGroupResponseSchema
                },
                options
            );
            return data.tax_group;
        }
    };
}

export type ExchangeRateQuery = { from_date?: string; is_current_date?: boolean };

export function currenciesResource(ctx: ResourceContext) {
    return {
        async list(options?: CallOptions): Promise<Currency[]> {
            const { data } = await call(
                ctx,
                { method: 'GET', path: '/settings/currencies', schema: currenciesResponseSchema },
                options
            );
            return data.currencies;
        },
        async exchangeRates(
            currencyId: string,
            query: ExchangeRateQuery = {},
            options?: CallOptions
        ): Promise<ExchangeRate[]> {
            const { data } = await call(
                ctx,
                {
                    method: 'GET',
                    path: `/settings/currencies/${currencyId}/exchangerates`,
                    query,
                    schema: exchangeRatesResponseSchema
                },
                options
            );
            return data.exchange_rates;
        }
    };
}
