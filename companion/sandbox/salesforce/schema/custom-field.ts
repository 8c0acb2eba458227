import { field, readOnly } from './field-builders.ts';
import type { FieldDef, FieldType, PicklistValue } from './types.ts';

/** The parsed `<CustomField>` element of a `.field-meta.xml` file (strings as in the XML). */
export type CustomFieldXml = Record<string, unknown>;

const TYPE_MAP: Record<string, FieldType> = {
    Text: 'string',
    TextArea: 'textarea',
    LongTextArea: 'textarea',
    Html: 'textarea',
    EncryptedText: 'encryptedstring',
    Number: 'double',
    Currency: 'currency',
    Percent: 'percent',
    Checkbox: 'boolean',
    Date: 'date',
    DateTime: 'datetime',
    Time: 'time',
    Email: 'email',
    Phone: 'phone',
    Url: 'url',
    Picklist: 'picklist',
    MultiselectPicklist: 'multipicklist',
    Lookup: 'reference',
    MasterDetail: 'reference',
    AutoNumber: 'string',
    Summary: 'double'
};

const str = (value: unknown): string | undefined =>
    value === undefined || value === null ? undefined : String(value);
const bool = (value: unknown) => str(value) === 'true';
const num = (value: unknown) => (str(value) === undefined ? undefined : Number(value));
const list = (value: unknown): unknown[] =>
    value === undefined ? [] : Array.isArray(value) ? value : [value];

export class MetadataError extends Error {
    override readonly name = 'MetadataError';
}

function valuesOf(xml: CustomFieldXml, globalSets: Map<string, PicklistValue[]>) {
    const valueSet = xml.valueSet as Record<string, unknown> | undefined;
    if (!valueSet) return { values: [] as PicklistValue[], restricted: false };
    const globalName = str(valueSet.valueSetName);
    if (globalName) {
        const values = globalSets.get(globalName);
        if (!values) throw new MetadataError(`global value set ${globalName} not found`);
        return { values, restricted: true };
    }
    const definition = valueSet.valueSetDefinition as Record<string, unknown> | undefined;
    const entries = list(definition?.value) as Record<string, unknown>[];
    const values = entries.map((entry) => ({
        value: String(entry.fullName),
        label: str(entry.label) ?? String(entry.fullName),
        active: str(entry.isActive) !== 'false',
        defaultValue: bool(entry.default)
    }));
    return { values, restricted: bool(valueSet.restricted) };
}

function literalDefault(type: FieldType, raw: string | undefined) {
    if (raw === undefined) return undefined;
    if (type === 'boolean') return raw.toLowerCase() === 'true';
    if (/^".*"$|^'.*'$/.test(raw)) return raw.slice(1, -1);
    if (['double', 'currency', 'percent', 'int'].includes(type) && /^-?\d+(\.\d+)?$/.test(raw))
        return Number(raw);
    return undefined;
}

/** Turns one custom field's metadata into the field definition describe and validation use. */
export function customFieldDef(
    xml: CustomFieldXml,
    globalSets: Map<string, PicklistValue[]>
): FieldDef {
    const name = str(xml.fullName);
    const xmlType = str(xml.type);
    if (!name || !xmlType) throw new MetadataError('a custom field needs fullName and type');
    const type = TYPE_MAP[xmlType];
    if (!type) throw new MetadataError(`${name}: field type ${xmlType} is not supported`);
    const common = {
        label: str(xml.label) ?? name,
        externalId: bool(xml.externalId),
        unique: bool(xml.unique),
        caseSensitive: bool(xml.caseSensitive),
        custom: true,
        ...(xml.length !== undefined ? { length: num(xml.length) } : {}),
        ...(xml.precision !== undefined ? { precision: num(xml.precision) } : {}),
        ...(xml.scale !== undefined ? { scale: num(xml.scale) } : {})
    };
    if (xml.formula !== undefined || xmlType === 'Summary') return readOnly(name, type, common);
    if (xmlType === 'AutoNumber')
        return readOnly(name, 'string', {
            ...common,
            calculated: false,
            length: 30,
            autoNumberFormat: str(xml.displayFormat) ?? '{0}'
        });
    if (xmlType === 'TextArea') common.length = 255;
    if (type === 'picklist' || type === 'multipicklist') {
        const { values, restricted } = valuesOf(xml, globalSets);
        const defaultValue = values.find((v) => v.defaultValue)?.value;
        return field(name, type, {
            ...common,
            required: bool(xml.required),
            picklistValues: values,
            restrictedPicklist: restricted,
            ...(defaultValue === undefined ? {} : { defaultValue })
        });
    }
    if (type === 'reference') {
        const masterDetail = xmlType === 'MasterDetail';
        return field(name, type, {
            ...common,
            length: 18,
            required: masterDetail || bool(xml.required),
            updateable: !masterDetail || bool(xml.reparentableMasterDetail),
            referenceTo: [String(xml.referenceTo)],
            relationshipName: name.replace(/__c$/, '__r'),
            ...(xml.relationshipName === undefined
                ? {}
                : { childRelationshipName: `${String(xml.relationshipName)}__r` })
        });
    }
    const defaultValue = literalDefault(type, str(xml.defaultValue));
    return field(name, type, {
        ...common,
        required: type === 'boolean' ? false : bool(xml.required),
        ...(defaultValue === undefined ? {} : { defaultValue }),
        ...(type === 'boolean' && defaultValue === undefined ? { defaultValue: false } : {})
    });
}
