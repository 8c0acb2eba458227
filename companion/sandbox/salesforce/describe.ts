import { type Org, picklistValuesFor } from './org.ts';
import { cascadesOnDelete } from './cascade.ts';
import type { FieldDef, FieldType, ObjectDef } from './schema/types.ts';
import { groupable } from './soql/aggregate.ts';
import { filterable } from './soql/where.ts';

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
    time: 'xsd:time',
    address: 'urn:address'
};

function urls(version: string, name: string) {
    const base = `/services/data/${version}/sobjects/${name}`;
    return { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` };
}

function describeField(org: Org, object: ObjectDef, field: FieldDef) {
    const picklist = field.type === 'picklist' || field.type === 'multipicklist';
    const compound = field.type === 'address';
    return {
        aggregatable: !compound && !['boolean', 'multipicklist', 'time'].includes(field.type),
        aiPredictionField: false,
        autoNumber: field.autoNumberFormat !== undefined,
        byteLength: (field.length ?? 0) * 3,
        calculated: field.calculated,
        calculatedFormula: null,
        cascadeDelete: false,
        caseSensitive: field.caseSensitive,
        compoundFieldName: field.compoundFieldName ?? null,
        controllerName: null,
        createable: field.createable,
        custom: field.custom,
        defaultValue: field.defaultValue ?? null,
        defaultValueFormula: null,
        defaultedOnCreate:
            field.defaultValue !== undefined ||
            field.type === 'boolean' ||
            (!field.createable && !compound),
        dependentPicklist: false,
        deprecatedAndHidden: false,
        digits: field.type === 'int' ? (field.precision ?? 9) : 0,
        displayLocationInDecimal: false,
        encrypted: field.type === 'encryptedstring',
        externalId: field.externalId,
        extraTypeInfo:
            field.type === 'textarea' && (field.length ?? 0) > 255 ? 'plaintextarea' : null,
        filterable: filterable(field),
        filteredLookupInfo: null,
        formulaTreatNullNumberAsZero: false,
        groupable: groupable(field),
        highScaleNumber: false,
        htmlFormatted: false,
        idLookup: field.type === 'id' || field.externalId || field.name === 'Name',
        inlineHelpText: null,
        label: field.label,
        length: field.length ?? 0,
        mask: null,
        maskType: null,
        name: field.name,
        nameField: field.name === 'Name',
        namePointing: (field.referenceTo?.length ?? 0) > 1,
        nillable: !field.required && field.type !== 'boolean' && field.type !== 'id',
        permissionable: field.custom && !field.required,
        picklistValues: picklist
            ? picklistValuesFor(org, object.name, field.name, field.picklistValues)
            : [],
        polymorphicForeignKey: (field.referenceTo?.length ?? 0) > 1,
        precision: field.precision ?? 0,
        queryByDistance: false,
        referenceTargetField: null,
        referenceTo: field.referenceTo ?? [],
        relationshipName: field.relationshipName ?? null,
        relationshipOrder: null,
        restrictedDelete: false,
        restrictedPicklist: field.restrictedPicklist ?? false,
        scale: field.scale ?? 0,
        searchPrefilterable: false,
        soapType: SOAP_TYPES[field.type],
        sortable: filterable(field),
        type: field.type,
        unique: field.unique,
        updateable: field.updateable,
        writeRequiresMasterRead: false
    };
}

export function describeSummary(object: ObjectDef, version: string) {
    const data = object.kind === 'standard' || object.kind === 'custom';
    return {
        activateable: false,
        associateEntityType: null,
        associateParentEntity: null,
        createable: object.createable,
        custom: object.kind !== 'standard',
        customSetting: false,
        deepCloneable: false,
        deletable: object.deletable,
        deprecatedAndHidden: false,
        feedEnabled: false,
        hasSubtypes: false,
        isInterface: false,
        isSubtype: false,
        keyPrefix: object.keyPrefix,
        label: object.label,
        labelPlural: object.labelPlural,
        layoutable: data,
        mergeable: ['Account', 'Contact', 'Lead', 'Case'].includes(object.name),
        mruEnabled: data,
        name: object.name,
        queryable: object.queryable,
        replicateable: data,
        retrieveable: object.queryable,
        searchable: data,
        triggerable: object.kind !== 'metadata',
        undeletable: data && object.deletable,
        updateable: object.updateable,
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

/** The record type every object has, whether or not the org defines others. */
function masterRecordType(version: string, object: ObjectDef) {
    return {
        active: true,
        available: true,
        defaultRecordTypeMapping: true,
        developerName: 'Master',
        master: true,
        name: 'Master',
        recordTypeId: '012000000000000AAA',
        urls: {
            layout: `/services/data/${version}/sobjects/${object.name}/describe/layouts/012000000000000AAA`
        }
    };
}

/**
 * `GET /sobjects/{Type}/describe`, generated from the schema, with the keys the documents list
 * for DescribeSObjectResult, Field and ChildRelationship (compound fields included:
 * `BillingAddress` with its parts naming it in `compoundFieldName`).
 */
export function describeObject(org: Org, object: ObjectDef, version: string) {
    const data = object.kind === 'standard' || object.kind === 'custom';
    return {
        actionOverrides: [],
        ...describeSummary(object, version),
        childRelationships: object.childRelationships.map((r) => ({
            cascadeDelete: cascadesOnDelete(org, object.name, r),
            childSObject: r.childSObject,
            deprecatedAndHidden: false,
            field: r.field,
            junctionIdListNames: [],
            junctionReferenceTo: [],
            relationshipName: r.relationshipName,
            restrictedDelete: false
        })),
        compactLayoutable: data,
        defaultImplementation: null,
        extendedBy: null,
        extendsInterfaces: null,
        fields: [...object.fields.values()].map((field) => describeField(org, object, field)),
        implementedBy: null,
        implementsInterfaces: null,
        listviewable: null,
        lookupLayoutable: null,
        namedLayoutInfos: [],
        networkScopeFieldName: null,
        recordTypeInfos: data ? [masterRecordType(version, object)] : [],
        searchLayoutable: data,
        sobjectDescribeOption: 'FULL',
        supportedScopes: data
            ? [
                  { label: 'All accounts', name: 'everything' },
                  { label: 'My accounts', name: 'mine' }
              ].map((scope) => ({
                  ...scope,
                  label: scope.label.replace('accounts', object.labelPlural.toLowerCase())
              }))
            : []
    };
}
