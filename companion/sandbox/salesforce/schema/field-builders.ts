import type { FieldDef, FieldType, ObjectDef, ObjectKind, PicklistValue } from './types.ts';

type Options = Partial<Omit<FieldDef, 'name' | 'type'>>;

/** "BillingPostalCode" → "Billing Postal Code"; "Zoho_Id__c" → "Zoho Id". */
function labelFor(name: string): string {
    return name
        .replace(/__c$/, '')
        .replace(/_/g, ' ')
        .replace(/([a-z])([A-Z])/g, '$1 $2')
        .replace(/ Id$/, ' ID');
}

/** A writable field with sensible defaults; options override them. */
export function field(name: string, type: FieldType, options: Options = {}): FieldDef {
    return {
        name,
        label: labelFor(name),
        type,
        required: false,
        createable: true,
        updateable: true,
        calculated: false,
        externalId: false,
        unique: false,
        caseSensitive: false,
        custom: name.endsWith('__c'),
        ...(type === 'string' && options.length === undefined ? { length: 255 } : {}),
        ...options
    };
}

/** A field the org computes (formula, roll-up, derived value): readable, never writable. */
export function readOnly(name: string, type: FieldType, options: Options = {}): FieldDef {
    return field(name, type, {
        createable: false,
        updateable: false,
        calculated: true,
        ...options
    });
}

export function text(name: string, length: number, options: Options = {}): FieldDef {
    return field(name, 'string', { length, ...options });
}

export function picklistValues(values: string[], defaultValue?: string): PicklistValue[] {
    return values.map((value) => ({
        value,
        label: value,
        active: true,
        defaultValue: value === defaultValue
    }));
}

export function picklist(
    name: string,
    values: string[],
    options: Options & { default?: string } = {}
): FieldDef {
    const { default: defaultValue, ...rest } = options;
    return field(name, 'picklist', {
        length: 255,
        picklistValues: picklistValues(values, defaultValue),
        restrictedPicklist: false,
        ...(defaultValue === undefined ? {} : { defaultValue }),
        ...rest
    });
}

/** A lookup: `AccountId` → `Account`, relationship `Account` unless given. */
export function lookup(
    name: string,
    referenceTo: string | string[],
    options: Options = {}
): FieldDef {
    return field(name, 'reference', {
        length: 18,
        referenceTo: Array.isArray(referenceTo) ? referenceTo : [referenceTo],
        relationshipName: name.replace(/Id$/, ''),
        ...options
    });
}

/** Fields every record carries (reference §A.3): id, audit stamps, deletion flag. */
export function systemFields(): FieldDef[] {
    return [
        readOnly('Id', 'id', { length: 18, label: 'Record ID', calculated: false }),
        readOnly('IsDeleted', 'boolean', { calculated: false }),
        readOnly('CreatedDate', 'datetime', { calculated: false }),
        lookup('CreatedById', 'User', { createable: false, updateable: false }),
        readOnly('LastModifiedDate', 'datetime', { calculated: false }),
        lookup('LastModifiedById', 'User', { createable: false, updateable: false }),
        readOnly('SystemModstamp', 'datetime', { calculated: false })
    ];
}

export function ownerField(): FieldDef {
    return lookup('OwnerId', 'User', { label: 'Owner ID' });
}

export function makeObject(
    name: string,
    keyPrefix: string,
    fields: FieldDef[],
    options: Partial<Omit<ObjectDef, 'name' | 'keyPrefix' | 'fields'>> & { kind?: ObjectKind } = {}
): ObjectDef {
    const label = options.label ?? labelFor(name);
    return {
        name,
        label,
        labelPlural: options.labelPlural ?? `${label}s`,
        keyPrefix,
        kind: options.kind ?? 'standard',
        fields: new Map(fields.map((f) => [f.name.toLowerCase(), f])),
        childRelationships: [],
        createable: options.createable ?? true,
        updateable: options.updateable ?? true,
        deletable: options.deletable ?? true,
        queryable: options.queryable ?? true
    };
}
