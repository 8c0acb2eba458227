/** Field types as `describe` names them. */
export type FieldType =
    | 'id'
    | 'string'
    | 'textarea'
    | 'picklist'
    | 'multipicklist'
    | 'boolean'
    | 'int'
    | 'double'
    | 'currency'
    | 'percent'
    | 'date'
    | 'datetime'
    | 'time'
    | 'address'
    | 'reference'
    | 'email'
    | 'phone'
    | 'url'
    | 'encryptedstring';

export type PicklistValue = {
    value: string;
    label: string;
    active: boolean;
    defaultValue: boolean;
};

export type FieldDef = {
    name: string;
    label: string;
    type: FieldType;
    length?: number;
    precision?: number;
    scale?: number;
    /** Required on create (not nillable and no default the server fills in). */
    required: boolean;
    createable: boolean;
    updateable: boolean;
    /** Computed by the org (formula, roll-up, system field): never written by a client. */
    calculated: boolean;
    externalId: boolean;
    unique: boolean;
    caseSensitive: boolean;
    custom: boolean;
    picklistValues?: PicklistValue[];
    restrictedPicklist?: boolean;
    referenceTo?: string[];
    relationshipName?: string;
    /** For lookups: the name of the child relationship on the parent (`Contacts`, `Invoices__r`). */
    childRelationshipName?: string;
    defaultValue?: string | number | boolean;
    /** The compound field this one is part of (`BillingCity` → `BillingAddress`, `FirstName` → `Name`). */
    compoundFieldName?: string;
    /** Auto-number display format, e.g. `INV-{0000}` (also `{YYYY}`, `{MM}`, `{DD}`). */
    autoNumberFormat?: string;
};

export type ChildRelationship = { relationshipName: string; childSObject: string; field: string };

export type ObjectKind = 'standard' | 'custom' | 'event' | 'metadata';

export type ObjectDef = {
    name: string;
    label: string;
    labelPlural: string;
    keyPrefix: string;
    kind: ObjectKind;
    /** Fields by lower-cased API name (SOQL and REST accept any case). */
    fields: Map<string, FieldDef>;
    childRelationships: ChildRelationship[];
    createable: boolean;
    updateable: boolean;
    deletable: boolean;
    queryable: boolean;
};

export type CustomMetadataRecord = {
    type: string;
    developerName: string;
    label: string;
    values: Record<string, string | number | boolean | null>;
};

export type Schema = {
    /** The package's namespace in this org (`cbks`), or empty when it is installed without one. */
    namespace: string;
    /** Objects by lower-cased API name. */
    objects: Map<string, ObjectDef>;
    customMetadata: CustomMetadataRecord[];
    /** Permission set name → custom permissions it enables. */
    permissionSets: Map<string, string[]>;
    /** Custom label name → its text (the package's messages, e.g. why a deal is held). */
    labels: Map<string, string>;
};

export function findObject(schema: Schema, name: string): ObjectDef | undefined {
    return schema.objects.get(name.toLowerCase());
}

export function findField(object: ObjectDef, name: string): FieldDef | undefined {
    return object.fields.get(name.toLowerCase());
}

/**
 * One of the package's own names (`Zoho_Invoice__c`) as this org knows it
 * (`cbks__Zoho_Invoice__c`): what the package's Apex reaches without the prefix. Standard names
 * and names already prefixed are returned as given. Only for names the package defines.
 */
export function packageName(schema: Schema, name: string): string {
    if (!schema.namespace || !/__(c|r|e|mdt)$/.test(name)) return name;
    if (name.toLowerCase().startsWith(`${schema.namespace.toLowerCase()}__`)) return name;
    return `${schema.namespace}__${name}`;
}

/** A field as the package's Apex names it: its own name, or the package's prefixed one. */
export function findPackageField(
    schema: Schema,
    object: ObjectDef,
    name: string
): FieldDef | undefined {
    return findField(object, name) ?? findField(object, packageName(schema, name));
}
