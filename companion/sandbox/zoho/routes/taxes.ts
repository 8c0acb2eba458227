import { Hono } from 'hono';
import { z } from 'zod';

import { scope } from '../api.ts';
import { readBody } from '../body.ts';
import type { ApiEnv, SandboxDeps } from '../deps.ts';
import { editionFields } from '../edition.ts';
import { ZohoError, zohoErrors } from '../errors.ts';
import type { OrgData, Tax, TaxGroup } from '../state.ts';
import { num, ok } from './common.ts';

const EDITION_TAX_FIELDS = ['tax_specific_type', 'tax_authority_id', 'country_code'];

const taxSchema = z.looseObject({
    tax_name: z.string().min(1).max(100),
    tax_percentage: num.refine((p) => p >= 0 && p <= 100),
    tax_type: z.enum(['tax', 'compound_tax']).default('tax')
});
const taxGroupSchema = z.looseObject({
    tax_group_name: z.string().min(1).max(100),
    taxes: z.string().min(1)
});

export function renderTax(tax: Tax) {
    return {
        tax_id: tax.tax_id,
        tax_name: tax.tax_name,
        tax_percentage: tax.tax_percentage,
        tax_type: tax.tax_type,
        is_value_added: false,
        is_default_tax: false,
        is_editable: true,
        ...tax.extra
    };
}

function renderTaxGroup(data: OrgData, group: TaxGroup) {
    const taxes = group.taxes.flatMap((id) => {
        const t = data.taxes.get(id);
        return t ? [renderTax(t)] : [];
    });
    return {
        tax_group_id: group.tax_group_id,
        tax_group_name: group.tax_group_name,
        tax_group_percentage: taxes.reduce((s, t) => s + t.tax_percentage, 0),
        taxes
    };
}

/**
 * Refuses deleting a tax that items or tax groups still use (Zoho's exact answer is
 * unconfirmed; code 2 here). Documents keep a copy of their line taxes, so they do not count.
 */
function assertTaxUnused(data: OrgData, id: string) {
    const used =
        [...data.items.values()].some((i) => i.tax_id === id) ||
        [...data.taxGroups.values()].some((g) => g.taxes.includes(id));
    if (used)
        throw new ZohoError(
            400,
            2,
            'The tax is associated with items or tax groups and cannot be deleted.'
        );
}

function groupTaxIds(data: OrgData, list: string): string[] {
    const ids = list
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    if (ids.length === 0 || ids.some((id) => !data.taxes.has(id)))
        throw zohoErrors.invalidValue('taxes');
    return ids;
}

/** Taxes and tax groups under `/settings` (reference §6.7); groups also appear in the taxes list. */
export function taxRoutes(deps: SandboxDeps) {
    return new Hono<ApiEnv>()
        .post('/settings/taxes', scope('settings', 'CREATE'), async (c) => {
            const data = c.get('data');
            const body = await readBody(c, taxSchema);
            const tax: Tax = {
                tax_id: deps.state.nextId(),
                tax_name: body.tax_name,
                tax_percentage: body.tax_percentage,
                tax_type: body.tax_type,
                extra: editionFields(data.org.edition, body, EDITION_TAX_FIELDS)
            };
            data.taxes.set(tax.tax_id, tax);
            return ok(c, 'The tax has been added.', { tax: renderTax(tax) }, 201);
        })
        .get('/settings/taxes', scope('settings', 'READ'), (c) => {
            const data = c.get('data');
            const groups = [...data.taxGroups.values()].map((g) => {
                const r = renderTaxGroup(data, g);
                return {
                    tax_id: r.tax_group_id,
                    tax_name: r.tax_group_name,
                    tax_percentage: r.tax_group_percentage,
                    tax_type: 'tax_group'
                };
            });
            return ok(c, 'success', {
                taxes: [...[...data.taxes.values()].map(renderTax), ...groups]
            });
        })
        .get('/settings/taxes/:id', scope('settings', 'READ'), (c) => {
            const tax = c.get('data').taxes.get(c.req.param('id'));
            if (!tax) throw zohoErrors.notFound('Tax');
            return ok(c, 'success', { tax: renderTax(tax) });
        })
        .put('/settings/taxes/:id', scope('settings', 'UPDATE'), async (c) => {
            const data = c.get('data');
            const tax = data.taxes.get(c.req.param('id'));
            if (!tax) throw zohoErrors.notFound('Tax');
            const body = await readBody(c, taxSchema);
            Object.assign(tax, {
                tax_name: body.tax_name,
                tax_percentage: body.tax_percentage,
                tax_type: body.tax_type,
                extra: {
                    ...tax.extra,
                    ...editionFields(data.org.edition, body, EDITION_TAX_FIELDS)
                }
            });
            return ok(c, 'Tax information has been saved.', { tax: renderTax(tax) });
        })
        .delete('/settings/taxes/:id', scope('settings', 'DELETE'), (c) => {
            const data = c.get('data');
            const id = c.req.param('id');
            if (!data.taxes.has(id)) throw zohoErrors.notFound('Tax');
            assertTaxUnused(data, id);
            data.taxes.delete(id);
            return ok(c, 'The record has been deleted.');
        })
        .post('/settings/taxgroups', scope('settings', 'CREATE'), async (c) => {
            const data = c.get('data');
            const body = await readBody(c, taxGroupSchema);
            const group: TaxGroup = {
                tax_group_id: deps.state.nextId(),
                tax_group_name: body.tax_group_name,
                taxes: groupTaxIds(data, body.taxes)
            };
            data.taxGroups.set(group.tax_group_id, group);
            return ok(
                c,
                'Tax Group information has been saved.',
                { tax_group: renderTaxGroup(data, group) },
                201
            );
        })
        .get('/settings/taxgroups/:id', scope('settings', 'READ'), (c) => {
            const data = c.get('data');
            const group = data.taxGroups.get(c.req.param('id'));
            if (!group) throw zohoErrors.notFound('Tax group');
            return ok(c, 'success', { tax_group: renderTaxGroup(data, group) });
        })
        .put('/settings/taxgroups/:id', scope('settings', 'UPDATE'), async (c) => {
            const data = c.get('data');
            const group = data.taxGroups.get(c.req.param('id'));
            if (!group) throw zohoErrors.notFound('Tax group');
            const body = await readBody(c, taxGroupSchema);
            Object.assign(group, {
                tax_group_name: body.tax_group_name,
                taxes: groupTaxIds(data, body.taxes)
            });
            return ok(c, 'Tax Group information has been saved.', {
                tax_group: renderTaxGroup(data, group)
            });
        })
        .delete('/settings/taxgroups/:id', scope('settings', 'DELETE'), (c) => {
            const data = c.get('data');
            const id = c.req.param('id');
            if (!data.taxGroups.has(id)) throw zohoErrors.notFound('Tax group');
            assertTaxUnused(data, id);
            data.taxGroups.delete(id);
            return ok(c, 'The tax group has been deleted.');
        });
}
