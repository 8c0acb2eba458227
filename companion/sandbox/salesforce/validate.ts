import { SalesforceError } from './errors.ts';
import { type Org, picklistValuesFor } from './org.ts';
import type { SObjectRecord } from './records.ts';
import { type FieldDef, findField, type ObjectDef } from './schema/types.ts';
import { coerceValue } from './values.ts';

export type WriteMode = 'insert' | 'update';

/** `system` writes come from the control surface: they may set read-only and setup fields. */
export type WriteOptions = { system?: boolean };

const noSuchColumn = (object: ObjectDef, name: string) =>
    new SalesforceError(
        'INVALID_FIELD',
        `No such column '${name}' on sobject of type ${object.name}`
    );

function checkPicklist(org: Org, object: ObjectDef, field: FieldDef, value: unknown) {
    if (value === null || !field.restrictedPicklist) return;
    const allowed = picklistValuesFor(org, object.name, field.name, field.picklistValues)
        .filter((v) => v.active)
        .map((v) => v.value);
    const chosen = field.type === 'multipicklist' ? String(value).split(';') : [String(value)];
    const bad = chosen.find((v) => !allowed.includes(v));
    if (bad !== undefined)
        throw new SalesforceError(
            'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
            `${field.label}: bad value for restricted picklist field: ${bad}`,
            { fields: [field.name] }
        );
}

function checkReference(org: Org, field: FieldDef, id: string) {
    const target = org.store.objectOf(id);
    const targets = field.referenceTo ?? [];
    const prefixes = targets
        .map((name) => org.schema.objects.get(name.toLowerCase())?.keyPrefix)
        .filter(Boolean);
    if (!prefixes.includes(id.slice(0, 3)))
        throw new SalesforceError(
            'FIELD_INTEGRITY_EXCEPTION',
            `${field.label}: id value of incorrect type: ${id}`,
            { fields: [field.name] }
        );
    if (!target || !targets.some((t) => t.toLowerCase() === target.toLowerCase()))
        throw new SalesforceError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', {
            fields: [field.name]
        });
}

/** `"Account": {"Ext__c": "A-1"}` in a body: a parent named by one of its external ids. */
function resolveParentReference(org: Org, object: ObjectDef, key: string, value: unknown) {
    const field = [...object.fields.values()].find(
        (f) => f.type === 'reference' && f.relationshipName?.toLowerCase() === key.toLowerCase()
    );
    if (!field || typeof value !== 'object' || value === null) return undefined;
    const parentName = field.referenceTo?.[0] ?? '';
    const parent = org.schema.objects.get(parentName.toLowerCase());
    const entries = Object.entries(value).filter(([k]) => k !== 'attributes');
    const [extName, extValue] = entries[0] ?? [];
    const extField = parent && extName ? findField(parent, extName) : undefined;
    if (!parent || entries.length !== 1 || !extField?.externalId)
        throw new SalesforceError(
            'INVALID_FIELD',
            `${key}: a parent reference needs exactly one external id field of ${parentName}`
        );
    const match = org.store
        .all(parent.name)
        .filter((r) => String(r[extField.name]).toLowerCase() === String(extValue).toLowerCase());
    if (match.length !== 1)
        throw new SalesforceError(
            'INVALID_FIELD',
            `Foreign key external ID: ${String(extValue)} not found for field ${extField.name} in entity ${parent.name}`
        );
    return { field, id: match[0]!.Id };
}

function checkUnique(
    org: Org,
    object: ObjectDef,
    values: Record<string, unknown>,
    selfId?: string
) {
    for (const field of object.fields.values()) {
        if (!field.unique || values[field.name] === null || values[field.name] === undefined)
            continue;
        const other = org.store
            .idsWith(object.name, field.name, String(values[field.name]), field.caseSensitive)
            .find((id) => id !== selfId);
        if (other)
            throw new SalesforceError(
                'DUPLICATE_VALUE',
                `duplicate value found: ${field.name} duplicates value on record with id: ${other}`
            );
    }
}

/**
 * Checks a create or update body against the schema and returns the values to store (canonical
 * field names, coerced types). Throws the org's error for the first problem found.
 */
export function prepareValues(
    org: Org,
    object: ObjectDef,
    body: Record<string, unknown>,
    mode: WriteMode,
    existing: SObjectRecord | undefined,
    options: WriteOptions = {}
): Record<string, unknown> {
    const values: Record<string, unknown> = {};
    const readOnly: string[] = [];
    for (const [key, raw] of Object.entries(body)) {
        if (key === 'attributes') continue;
        const field = findField(object, key);
        if (!field) {
            const parent = resolveParentReference(org, object, key, raw);
            if (!parent) throw noSuchColumn(object, key);
            values[parent.field.name] = parent.id;
            continue;
        }
        if (field.type === 'id') {
            if (mode === 'insert')
                throw new SalesforceError(
                    'INVALID_FIELD_FOR_INSERT_UPDATE',
                    'Record ID: cannot specify Id in an insert call',
                    { fields: ['Id'] }
                );
            continue;
        }
        const writable = mode === 'insert' ? field.createable : field.updateable;
        if (!writable && !options.system) {
            readOnly.push(field.name);
            continue;
        }
        const value = coerceValue(field, raw);
        if (field.type === 'picklist' || field.type === 'multipicklist')
            checkPicklist(org, object, field, value);
        if (field.type === 'reference' && value !== null) checkReference(org, field, String(value));
        values[field.name] = value;
    }
    if (readOnly.length > 0)
        throw new SalesforceError(
            'INVALID_FIELD_FOR_INSERT_UPDATE',
            `Unable to create/update fields: ${readOnly.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
            { fields: readOnly }
        );
    const merged = { ...(existing ?? {}), ...values };
    if (mode === 'insert')
        for (const field of object.fields.values())
            if (merged[field.name] === undefined && field.defaultValue !== undefined)
                merged[field.name] = values[field.name] = field.defaultValue;
    const missing = [...object.fields.values()]
        .filter((f) => f.required && (merged[f.name] === null || merged[f.name] === undefined))
        .filter((f) => mode === 'insert' || f.name in values)
        .map((f) => f.name);
    if (missing.length > 0)
        throw new SalesforceError(
            'REQUIRED_FIELD_MISSING',
            `Required fields are missing: [${missing.join(', ')}]`,
            { fields: missing }
        );
    checkUnique(org, object, values, existing?.Id);
    return values;
}

export { noSuchColumn };
