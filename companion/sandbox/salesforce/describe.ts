import { type Org, picklistValuesFor } from './org.ts';
import type { FieldDef, FieldType, ObjectDef } from './schema/types.ts';

const SOAP_TYPES: Record<FieldType, string> = {
    id: 'tns:ID',
    reference: 'tns:ID',
    string: 'xsd:string',
    textarea: 'xsd:string',
    picklist: 'xsd:string',
    multipicklist: 'xsd:string',
    email: 'xsd:string',
    phone: 'xsd:string',
    url: 'xsd:string',
    encryptedstring: 'xsd:string',
    boolean: 'xsd:boolean',
    int: 'xsd:int',
    double: 'xsd:double',
    currency: 'xsd:double',
    percent: 'xsd:double',
    date: 'xsd:date',
    datetime: 'xsd:dateTime',
    time: 'xsd:time'
};

function urls(version: string, name: string) {
    const base = `/services/data/${version}/sobjects/${name}`;
    return { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` };
}

function describeField(org: Org, object: ObjectDef, field: FieldDef) {
    const picklist = field.type === 'picklist' || field.type === 'multipicklist';
    return {
        name: field.name,
        label: field.label,
        type: field.type,
        soapType: SOAP_TYPES[field.type],
        length: field.length ?? 0,
        precision: field.precision ?? 0,
        scale: field.scale ?? 0,
        digits: field.type === 'int' ? (field.precision ?? 9) : 0,
        byteLength: (field.length ?? 0) * 3,
        custom: field.custom,
        calculated: field.calculated,
        createable: field.createable,
        updateable: field.updateable,
        nillable: !field.required && field.type !== 'boolean' && field.type !== 'id',
        defaultedOnCreate:
            field.defaultValue !== undefined || field.type === 'boolean' || !field.createable,
        defaultValue: field.defaultValue ?? null,
        externalId: field.externalId,
        unique: field.unique,
        caseSensitive: field.caseSensitive,
        idLookup: field.type === 'id' || field.externalId || field.name === 'Name',
        nameField: field.name === 'Name',
        filterable: field.type !== 'textarea' || (field.length ?? 0) <= 255,
        sortable: field.type !== 'textarea' || (field.length ?? 0) <= 255,
        picklistValues: picklist
            ? picklistValuesFor(org, object.name, field.name, field.picklistValues)
            : [],
        restrictedPicklist: field.restrictedPicklist ?? false,
        referenceTo: field.referenceTo ?? [],
        relationshipName: field.relationshipName ?? null
    };
}

export function describeSummary(object: ObjectDef, version: string) {
    return {
        name: object.name,
        label: object.label,
        labelPlural: object.labelPlural,
        keyPrefix: object.keyPrefix,
        custom: object.kind !== 'standard',
        customSetting: false,
        createable: object.createable,
        updateable: object.updateable,
        deletable: object.deletable,
        queryable: object.queryable,
        retrieveable: object.queryable,
        searchable: object.kind === 'standard' || object.kind === 'custom',
        triggerable: object.kind !== 'metadata',
        layoutable: object.kind === 'standard' || object.kind === 'custom',
        urls: urls(version, object.name)
    };
}

/** `GET /sobjects`: every object the org has. */
export function describeGlobal(org: Org, version: string) {
    const sobjects = [...org.schema.objects.values()]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((object) => describeSummary(object, version));
    return { encoding: 'UTF-8', maxBatchSize: 200, sobjects };
}

/** `GET /sobjects/{Type}/describe`, generated from the schema. */
export function describeObject(org: Org, object: ObjectDef, version: string) {
    return {
        ...describeSummary(object, version),
        fields: [...object.fields.values()].map((field) => describeField(org, object, field)),
        childRelationships: object.childRelationships.map((r) => ({
            ...r,
            cascadeDelete:
                org.schema.objects
                    .get(r.childSObject.toLowerCase())
                    ?.fields.get(r.field.toLowerCase())?.required ?? false
        })),
        recordTypeInfos: []
    };
}
