import { recordUrl } from './http.ts';
import type { SObjectRecord } from './records.ts';
import { fieldValue } from './schema/compound.ts';
import { findField, type ObjectDef } from './schema/types.ts';

/** A record as REST returns it: `attributes` first, then every field (null when unset). */
export function recordJson(
    object: ObjectDef,
    record: SObjectRecord,
    version: string,
    fieldNames?: string[]
): Record<string, unknown> {
    const names = fieldNames ?? [...object.fields.values()].map((f) => f.name);
    const json: Record<string, unknown> = {
        attributes: { type: object.name, url: recordUrl(version, object.name, record.Id) }
    };
    for (const name of names) {
        const field = findField(object, name);
        json[name] = field ? fieldValue(field, record) : (record[name] ?? null);
    }
    return json;
}
