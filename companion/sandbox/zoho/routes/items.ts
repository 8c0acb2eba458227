import { Hono, type Context } from 'hono';
import { z } from 'zod';

import { scope } from '../api.ts';
import { readBody } from '../body.ts';
import { applyCustomFields, customFieldInputSchema, renderCustomFields } from '../custom-fields.ts';
import type { ApiEnv, SandboxDeps } from '../deps.ts';
import { zohoErrors } from '../errors.ts';
import { modifiedAfter, paginate, textFilters } from '../list.ts';
import { lineTaxes } from '../sales.ts';
import type { Item, OrgData } from '../state.ts';
import { formatZohoTime } from '../time.ts';
import { num, ok } from './common.ts';

const itemSchema = z.looseObject({
    name: z.string().min(1).max(100),
    rate: num,
    description: z.string().max(2000).optional(),
    sku: z.string().optional(),
    unit: z.string().optional(),
    tax_id: z.string().optional(),
    product_type: z.enum(['goods', 'service', 'digital_service']).optional(),
    item_type: z.enum(['sales', 'purchases', 'sales_and_purchases', 'inventory']).optional(),
    custom_fields: z.array(customFieldInputSchema).optional()
});

export function renderItem(data: OrgData, item: Item) {
    const taxes = item.tax_id ? lineTaxes(data, item.tax_id) : [];
    return {
        item_id: item.item_id,
        name: item.name,
        status: item.status,
        rate: item.rate,
        description: '',
        sku: '',
        unit: '',
        product_type: 'goods',
        item_type: 'sales',
        ...item.extra,
        tax_id: item.tax_id,
        tax_name: taxes.map((t) => t.taxName).join(' + '),
        tax_percentage: taxes.reduce((s, t) => s + t.percentage, 0),
        ...renderCustomFields(data, item.custom_fields),
        created_time: formatZohoTime(item.created, data.org.utcOffsetMinutes),
        last_modified_time: formatZohoTime(item.modified, data.org.utcOffsetMinutes)
    };
}

function itemFor(c: Context<ApiEnv>): Item {
    const item = c.get('data').items.get(c.req.param('id') ?? '');
    if (!item) throw zohoErrors.notFound('Item');
    return item;
}

/** Items (scope `settings.*`, reference §6.4). */
export function itemRoutes(deps: SandboxDeps) {
    const save = (data: OrgData, body: z.infer<typeof itemSchema>, previous?: Item): Item => {
        if (body.tax_id) lineTaxes(data, body.tax_id);
        const { name, rate, tax_id, custom_fields, ...rest } = body;
        const now = deps.clock.now();
        return {
            item_id: previous?.item_id ?? deps.state.nextId(),
            name,
            rate,
            status: previous?.status ?? 'active',
            tax_id: tax_id ?? previous?.tax_id ?? '',
            custom_fields: applyCustomFields(
                data,
                'item',
                previous?.custom_fields ?? [],
                custom_fields
            ),
            extra: {
                ...previous?.extra,
                ...Object.fromEntries(
                    Object.entries(rest).filter(([k]) =>
                        ['description', 'sku', 'unit', 'product_type', 'item_type'].includes(k)
                    )
                )
            },
            created: previous?.created ?? now,
            modified: now
        };
    };
    return new Hono<ApiEnv>()
        .post('/items', scope('settings', 'CREATE'), async (c) => {
            const data = c.get('data');
            const item = save(data, await readBody(c, itemSchema));
            data.items.set(item.item_id, item);
            deps.webhooks.emit(data.org.organization_id, 'item', 'created', renderItem(data, item));
            return ok(c, 'The item has been added.', { item: renderItem(data, item) }, 201);
        })
        .get('/items', scope('settings', 'READ'), (c) => {
            const data = c.get('data');
            let rows = [...data.items.values()];
            const filter = c.req.query('filter_by') ?? 'Status.All';
            const status = {
                'Status.All': undefined,
                'Status.Active': 'active',
                'Status.Inactive': 'inactive'
            }[filter];
            if (!['Status.All', 'Status.Active', 'Status.Inactive'].includes(filter))
                throw zohoErrors.invalidValue('filter_by');
            if (status) rows = rows.filter((i) => i.status === status);
            rows = modifiedAfter(
                c,
                textFilters(c, rows, {
                    name: (i) => [i.name],
                    description: (i) => [String(i.extra.description ?? '')],
                    search_text: (i) => [i.name, String(i.extra.description ?? '')]
                })
            );
            const page = paginate(
                c,
                rows.map((i) => renderItem(data, i)),
                {
                    reportName: 'Items',
                    sortColumns: ['name', 'rate', 'tax_name', 'created_time', 'last_modified_time'],
                    defaultSort: 'name',
                    defaultOrder: 'A',
                    appliedFilter: filter
                }
            );
            return ok(c, 'success', { items: page.rows, page_context: page.page_context });
        })
        .get('/items/:id', scope('settings', 'READ'), (c) =>
            ok(c, 'success', { item: renderItem(c.get('data'), itemFor(c)) })
        )
        .put('/items/:id', scope('settings', 'UPDATE'), async (c) => {
            const data = c.get('data');
            const item = save(data, await readBody(c, itemSchema), itemFor(c));
            data.items.set(item.item_id, item);
            deps.webhooks.emit(data.org.organization_id, 'item', 'edited', renderItem(data, item));
            return ok(c, 'The item details have been updated.', { item: renderItem(data, item) });
        })
        .delete('/items/:id', scope('settings', 'DELETE'), (c) => {
            const data = c.get('data');
            const item = itemFor(c);
            data.items.delete(item.item_id);
            deps.webhooks.emit(data.org.organization_id, 'item', 'deleted', renderItem(data, item));
            return ok(c, 'The item has been deleted.');
        })
        .post('/items/:id/:state{active|inactive}', scope('settings', 'CREATE'), (c) => {
            const item = itemFor(c);
            item.status = c.req.param('state') as Item['status'];
            item.modified = deps.clock.now();
            return ok(c, `The item has been marked as ${item.status}.`);
        });
}
