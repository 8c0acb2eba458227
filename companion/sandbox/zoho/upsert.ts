import type { Context } from 'hono';

import { uniqueFieldByApiName } from './custom-fields.ts';
import type { ApiEnv } from './deps.ts';
import { zohoErrors } from './errors.ts';
import type { CustomFieldDef, CustomFieldValue } from './state.ts';

/**
 * `PUT /<module>` with `X-Unique-Identifier-Key` (a unique custom field's api_name),
 * `X-Unique-Identifier-Value` and optional `X-Upsert: true` (reference §6.5, §6.9): updates the
 * record holding that value, or creates one when none does and upsert is asked for. The headers
 * only find the record: what is stored is what the body carries (Zoho's examples send the unique
 * field in `custom_fields` too), so a create whose body lacks the key stores a record without it.
 */
type UpsertTarget = { kind: 'update'; id: string } | { kind: 'create' } | { kind: 'missing' };

export function resolveUpsert(
    c: Context<ApiEnv>,
    entity: CustomFieldDef['entity'],
    records: Iterable<{ id: string; custom_fields: CustomFieldValue[] }>
): UpsertTarget {
    const key = c.req.header('x-unique-identifier-key');
    const value = c.req.header('x-unique-identifier-value');
    if (!key) throw zohoErrors.invalidValue('X-Unique-Identifier-Key');
    if (value === undefined || value === '')
        throw zohoErrors.invalidValue('X-Unique-Identifier-Value');
    const def = uniqueFieldByApiName(c.get('data'), entity, key);
    if (!def) throw zohoErrors.invalidValue('X-Unique-Identifier-Key');
    for (const r of records)
        if (
            r.custom_fields.some(
                (v) => v.customfield_id === def.customfield_id && String(v.value) === value
            )
        )
            return { kind: 'update', id: r.id };
    if (c.req.header('x-upsert')?.toLowerCase() === 'true') return { kind: 'create' };
    return { kind: 'missing' };
}
