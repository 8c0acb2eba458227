import { Hono } from 'hono';

import { scope } from '../api.ts';
import type { ApiEnv } from '../deps.ts';
import { zohoErrors } from '../errors.ts';
import type { CustomFieldDef } from '../state.ts';
import { ok } from './common.ts';

const ENTITIES = new Set<CustomFieldDef['entity']>([
    'invoice',
    'contact',
    'item',
    'customer_payment',
    'creditnote'
]);

/**
 * `GET /settings/fields?entity=<entity>` (Zoho's custom-fields API, scope settings.READ): the
 * organization's custom fields of one module under `fields`. Whether a field refuses
 * duplicates is not part of the documented answer, so it is not shown here either.
 */
export function customFieldRoutes() {
    return new Hono<ApiEnv>().get('/settings/fields', scope('settings', 'READ'), (c) => {
        const entity = c.req.query('entity') as CustomFieldDef['entity'] | undefined;
        if (!entity || !ENTITIES.has(entity)) throw zohoErrors.invalidValue('entity');
        const fields = c
            .get('data')
            .customFields.filter((d) => d.entity === entity)
            .map((d) => ({
                field_id: d.customfield_id,
                customfield_id: d.customfield_id,
                api_name: d.api_name,
                label: d.label,
                data_type: d.data_type,
                entity,
                index: d.index,
                is_custom_field: true,
                is_active: true,
                is_mandatory: false,
                show_on_pdf: false
            }));
        return ok(c, 'success', { fields });
    });
}
