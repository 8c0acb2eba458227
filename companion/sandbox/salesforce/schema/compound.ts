import type { FieldDef } from './types.ts';

/**
 * A field's value as the API returns it. Stored fields read as stored; an address compound
 * field (`BillingAddress`) is read from its parts, `null` when they are all empty (SOAP API
 * Developer Guide, "Compound Fields": "Address Compound Fields").
 */
export function fieldValue(field: FieldDef, record: Readonly<Record<string, unknown>>): unknown {
    if (field.type !== 'address') return record[field.name] ?? null;
    const prefix = field.name.slice(0, -'Address'.length);
    const part = (name: string) => record[`${prefix}${name}`] ?? null;
    const parts = {
        city: part('City'),
        country: part('Country'),
        postalCode: part('PostalCode'),
        state: part('State'),
        street: part('Street')
    };
    if (Object.values(parts).every((v) => v === null)) return null;
    return { ...parts, geocodeAccuracy: null, latitude: null, longitude: null };
}
