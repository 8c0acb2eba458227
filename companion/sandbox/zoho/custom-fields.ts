import { z } from 'zod';

import { ZohoError, zohoErrors } from './errors.ts';
import type { CustomFieldDef, CustomFieldValue, OrgData } from './state.ts';

/**
 * Custom field values on records (reference §6.9): written by `customfield_id`, `api_name`,
 * `label` or `index`; read back as `custom_fields[]` plus a flat `custom_field_hash`. A field
 * marked unique refuses a value another record of the module already holds, and is the key of
 * the `PUT /<module>` upsert.
 */

export const customFieldInputSchema = z.looseObject({
    customfield_id: z.coerce.string().optional(),
    api_name: z.string().optional(),
    label: z.string().optional(),
    index: z.number().int().optional(),
    value: z.unknown()
});
export type CustomFieldInput = z.infer<typeof customFieldInputSchema>;

type Entity = CustomFieldDef['entity'];

function findDef(
    data: OrgData,
    entity: Entity,
    input: CustomFieldInput
): CustomFieldDef | undefined {
    return data.customFields.find(
        (d) =>
            d.entity === entity &&
            ((input.customfield_id !== undefined && d.customfield_id === input.customfield_id) ||
                (input.api_name !== undefined && d.api_name === input.api_name) ||
                (input.label !== undefined && d.label === input.label) ||
                (input.index !== undefined && d.index === input.index))
    );
}

/** Merges written values into the current ones; an unknown field is code 2. */
export function applyCustomFields(
    data: OrgData,
    entity: Entity,
    current: CustomFieldValue[],
    inputs: CustomFieldInput[] | undefined
): CustomFieldValue[] {
    if (!inputs) return current;
    const out = new Map(current.map((v) => [v.customfield_id, v]));
    for (const input of inputs) {
        const def = findDef(data, entity, input);
        if (!def) throw zohoErrors.invalidValue('custom_fields');
        if (input.value === '' || input.value === null) out.delete(def.customfield_id);
        else
            out.set(def.customfield_id, { customfield_id: def.customfield_id, value: input.value });
    }
    return [...out.values()];
}

/** Throws when a unique field's value is already held by another record of the module. */
export function assertUnique(
    data: OrgData,
    entity: Entity,
    values: CustomFieldValue[],
    others: Iterable<{ id: string; custom_fields: CustomFieldValue[] }>,
    selfId: string | undefined
): void {
    const all = [...others];
    for (const v of values) {
        const def = data.customFields.find((d) => d.customfield_id === v.customfield_id);
        if (!def?.is_unique) continue;
        const clash = all.some(
            (o) =>
                o.id !== selfId &&
                o.custom_fields.some(
                    (x) => x.customfield_id === v.customfield_id && x.value === v.value
                )
        );
        if (clash)
            throw new ZohoError(400, 1001, `The value entered for ${def.label} already exists.`);
    }
}

export function uniqueFieldByApiName(
    data: OrgData,
    entity: Entity,
    apiName: string
): CustomFieldDef | undefined {
    return data.customFields.find(
        (d) => d.entity === entity && d.api_name === apiName && d.is_unique
    );
}

export function renderCustomFields(data: OrgData, values: CustomFieldValue[]) {
    const fields = values.flatMap((v) => {
        const def = data.customFields.find((d) => d.customfield_id === v.customfield_id);
        if (!def) return [];
        return [
            {
                customfield_id: def.customfield_id,
                field_id: def.customfield_id,
                api_name: def.api_name,
                label: def.label,
                index: def.index,
                data_type: def.data_type,
                value: v.value,
                value_formatted: String(v.value),
                is_active: true
            }
        ];
    });
    const hash = Object.fromEntries(
        fields.flatMap((f) => [
            [f.api_name, f.value_formatted],
            [`${f.api_name}_unformatted`, f.value]
        ])
    );
    return { custom_fields: fields, custom_field_hash: hash };
}
