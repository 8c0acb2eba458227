import { z } from 'zod';

import { notFound, SalesforceError } from './errors.ts';
import type { Org } from './org.ts';
import { type SObjectRecord, Transaction } from './records.ts';
import type { FieldDef } from './schema/types.ts';
import type { SandboxState } from './state.ts';

/** The body of a deploy: field API name → value; `Label`/`MasterLabel` set the record's label. */
export const metadataFieldsSchema = z.record(
    z.string(),
    z.union([z.string(), z.number(), z.boolean(), z.null()])
);
export type MetadataFields = z.infer<typeof metadataFieldsSchema>;

const DEVELOPER_NAME = /^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*$/;
const LABEL_FIELDS = new Set(['label', 'masterlabel']);
const NUMERIC = new Set(['int', 'double', 'currency', 'percent']);

function invalid(errorCode: string, message: string, fields: string[]): SalesforceError {
    return new SalesforceError(errorCode, message, { status: 400, fields });
}

function checkValue(def: FieldDef, value: MetadataFields[string]): void {
    if (value === null) return;
    const expected =
        def.type === 'boolean' ? 'boolean' : NUMERIC.has(def.type) ? 'number' : 'string';
    if (typeof value !== expected)
        throw invalid('INVALID_TYPE', `${def.name}: expected a ${expected}`, [def.name]);
    const allowed = def.picklistValues?.map((p) => p.value);
    if (def.restrictedPicklist && allowed && !allowed.includes(String(value)))
        throw invalid(
            'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
            `${def.name}: bad value for restricted picklist field: ${String(value)}`,
            [def.name]
        );
    if (typeof value === 'string' && def.length !== undefined && value.length > def.length)
        throw invalid('STRING_TOO_LONG', `${def.name}: data value too large`, [def.name]);
}

/**
 * Creates or replaces a custom metadata record as a Metadata API deploy does: the record holds
 * exactly the given values (fields left out become null, checkboxes false). Custom metadata is
 * not writable through REST DML, so this is the simulator's only way to change it after the org
 * is created. Returns the record and whether it is new.
 */
export function deployMetadata(
    state: SandboxState,
    org: Org,
    typeName: string,
    developerName: string,
    fields: MetadataFields
): { record: SObjectRecord; created: boolean } {
    const type = org.schema.objects.get(typeName.toLowerCase());
    if (!type || type.kind !== 'metadata')
        throw notFound(`No custom metadata type named ${typeName}`);
    if (
        !DEVELOPER_NAME.test(developerName) ||
        developerName.endsWith('_') ||
        developerName.length > 40
    )
        throw invalid('INVALID_FIELD', `Invalid DeveloperName: ${developerName}`, [
            'DeveloperName'
        ]);
    const custom = [...type.fields.values()].filter((f) => f.custom);
    const values: Record<string, unknown> = Object.fromEntries(
        custom.map((f) => [f.name, f.type === 'boolean' ? false : null])
    );
    let label = developerName;
    for (const [name, value] of Object.entries(fields)) {
        if (LABEL_FIELDS.has(name.toLowerCase())) {
            if (typeof value !== 'string' || !value || value.length > 40)
                throw invalid('INVALID_FIELD', `${name}: expected a label of 1 to 40 characters`, [
                    name
                ]);
            label = value;
            continue;
        }
        const def = type.fields.get(name.toLowerCase());
        if (!def || !def.custom)
            throw invalid('INVALID_FIELD', `No such column '${name}' on ${type.name}`, [name]);
        checkValue(def, value);
        values[def.name] = def.type === 'boolean' ? value === true : value;
    }
    const existing = org.store
        .all(type.name)
        .find((r) => String(r.DeveloperName).toLowerCase() === developerName.toLowerCase());
    const record: SObjectRecord = {
        Id: existing?.Id ?? state.newId(type.keyPrefix),
        DeveloperName: developerName,
        MasterLabel: label,
        Label: label,
        QualifiedApiName: developerName,
        NamespacePrefix: null,
        Language: 'en_US',
        ...values
    };
    org.store.put(new Transaction(), type.name, record, org.adminUserId);
    return { record, created: existing === undefined };
}
