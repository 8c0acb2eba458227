import { randomUUID } from 'node:crypto';

import { cascade, cascadesOnDelete, checkLineItem, checkStandardPrice } from './cascade.ts';
import { deriveFields } from './derive.ts';
import { notFound, SalesforceError } from './errors.ts';
import { normalizeId } from './ids.ts';
import type { Org } from './org.ts';
import type { SObjectRecord, Transaction } from './records.ts';
import { findField, findObject, type ObjectDef } from './schema/types.ts';
import { afterSave, beforeSave } from './triggers.ts';
import { prepareValues, type WriteOptions } from './validate.ts';
import { formatDateTime } from './values.ts';

/** Who writes, when, inside which transaction. */
export type DmlContext = {
    org: Org;
    tx: Transaction;
    userId: string;
    now: number;
    options?: WriteOptions;
};

type Operation = 'create' | 'update' | 'delete';

/** The object a REST URL or a record's `attributes.type` names; 404 like an org when unknown. */
export function resolveObject(org: Org, name: string): ObjectDef {
    const object = findObject(org.schema, name);
    if (!object) throw notFound();
    return object;
}

function checkOperation(ctx: DmlContext, object: ObjectDef, operation: Operation) {
    const allowed = {
        create: object.createable,
        update: object.updateable,
        delete: object.deletable
    };
    if (allowed[operation] || (ctx.options?.system && object.kind !== 'event')) return;
    const verb = { create: 'inserted', update: 'updated', delete: 'deleted' }[operation];
    throw new SalesforceError(
        'INVALID_TYPE_FOR_OPERATION',
        `entity type cannot be ${verb}: ${object.label}`
    );
}

function checkLock(ctx: DmlContext, id: string) {
    if (ctx.org.faults.lockedIds.has(id))
        throw new SalesforceError(
            'UNABLE_TO_LOCK_ROW',
            'unable to obtain exclusive access to this record'
        );
}

/** The stored record for a URL or body id: MALFORMED_ID for a wrong type, NOT_FOUND if absent. */
export function existingRecord(ctx: DmlContext, object: ObjectDef, rawId: string): SObjectRecord {
    const id = normalizeId(rawId);
    if (!id)
        throw notFound(`Provided external ID field does not exist or is not accessible: ${rawId}`);
    if (id.slice(0, 3) !== object.keyPrefix)
        throw new SalesforceError(
            'MALFORMED_ID',
            `${object.label} ID: id value of incorrect type: ${rawId}`,
            {
                fields: ['Id']
            }
        );
    const record = ctx.org.store.get(object.name, id);
    if (!record && ctx.org.store.deleted(id))
        throw new SalesforceError('ENTITY_IS_DELETED', 'entity is deleted', { status: 404 });
    if (!record) throw notFound();
    return record;
}

function save(
    ctx: DmlContext,
    object: ObjectDef,
    next: Record<string, unknown>,
    before: SObjectRecord | undefined,
    provided: Record<string, unknown>
) {
    beforeSave(ctx, object.name, next, before);
    const rule = ctx.org.faults.validationRules.find(
        (r) => r.object.toLowerCase() === object.name.toLowerCase()
    );
    if (rule)
        throw new SalesforceError('FIELD_CUSTOM_VALIDATION_EXCEPTION', rule.message, {
            fields: rule.field ? [rule.field] : []
        });
    deriveFields(ctx.org, object.name, next, before, provided);
    const record = next as SObjectRecord;
    ctx.org.store.put(ctx.tx, object.name, record, ctx.userId);
    cascade(ctx, object.name, record, before);
    afterSave(ctx, object.name, record, before);
    return record;
}

export function insertRecord(
    ctx: DmlContext,
    objectName: string,
    body: Record<string, unknown>
): SObjectRecord {
    const object = resolveObject(ctx.org, objectName);
    checkOperation(ctx, object, 'create');
    const values = prepareValues(ctx.org, object, body, 'insert', undefined, ctx.options);
    if (object.name === 'PricebookEntry') checkStandardPrice(ctx, values);
    if (object.name === 'OpportunityLineItem') checkLineItem(ctx, values);
    const stamp = formatDateTime(ctx.now);
    const user = ctx.org.store.get('User', ctx.userId);
    const next: Record<string, unknown> = {
        Id: ctx.org.newId(object.keyPrefix),
        CreatedDate: stamp,
        CreatedById: ctx.userId,
        ...(object.kind === 'event'
            ? {}
            : {
                  IsDeleted: false,
                  LastModifiedDate: stamp,
                  LastModifiedById: ctx.userId,
                  SystemModstamp: stamp
              }),
        ...(findField(object, 'OwnerId') ? { OwnerId: ctx.userId } : {}),
        ...(findField(object, 'CurrencyIsoCode')
            ? { CurrencyIsoCode: user?.DefaultCurrencyIsoCode ?? ctx.org.corporateCurrency }
            : {}),
        ...values
    };
    if (object.kind === 'event') {
        next.EventUuid = randomUUID();
        ctx.tx.published.push({ object: object.name, record: next as SObjectRecord });
        return next as SObjectRecord;
    }
    return save(ctx, object, next, undefined, values);
}

export function updateRecord(
    ctx: DmlContext,
    objectName: string,
    id: string,
    body: Record<string, unknown>
): SObjectRecord {
    const object = resolveObject(ctx.org, objectName);
    checkOperation(ctx, object, 'update');
    const before = existingRecord(ctx, object, id);
    checkLock(ctx, before.Id);
    const values = prepareValues(ctx.org, object, body, 'update', before, ctx.options);
    const stamp = formatDateTime(ctx.now);
    const next = {
        ...before,
        ...values,
        LastModifiedDate: stamp,
        LastModifiedById: ctx.userId,
        SystemModstamp: stamp
    };
    return save(ctx, object, next, before, values);
}

export function deleteRecord(ctx: DmlContext, objectName: string, id: string): void {
    const object = resolveObject(ctx.org, objectName);
    checkOperation(ctx, object, 'delete');
    const before = existingRecord(ctx, object, id);
    checkLock(ctx, before.Id);
    const children = [...ctx.org.schema.objects.values()].flatMap((child) =>
        [...child.fields.values()]
            .filter((f) => f.type === 'reference' && f.referenceTo?.includes(object.name))
            .map((f) => ({ child: child.name, field: f }))
    );
    ctx.org.store.remove(ctx.tx, object.name, before.Id, ctx.userId);
    // Children that cascade go to the recycle bin with their parent; other lookups are cleared.
    for (const { child, field } of children) {
        const cascades = cascadesOnDelete(ctx.org, object.name, {
            childSObject: child,
            field: field.name
        });
        for (const record of ctx.org.store.all(child)) {
            if (record[field.name] !== before.Id) continue;
            if (cascades) deleteRecord({ ...ctx, options: { system: true } }, child, record.Id);
            else ctx.org.store.put(ctx.tx, child, { ...record, [field.name]: null }, ctx.userId);
        }
    }
    cascade(ctx, object.name, undefined, before);
}

/** Upsert by external id (reference §A.4): `created` tells 201 from 200. */
export function upsertRecord(
    ctx: DmlContext,
    objectName: string,
    fieldName: string,
    value: string,
    body: Record<string, unknown>
): { record: SObjectRecord; created: boolean } {
    const object = resolveObject(ctx.org, objectName);
    const field = findField(object, fieldName);
    if (!field || (!field.externalId && field.type !== 'id'))
        throw notFound(
            `Provided external ID field does not exist or is not accessible: ${fieldName}`
        );
    const matches = matchExternalId(ctx.org, object, field.name, value);
    if (matches.length > 1)
        throw new SalesforceError('MULTIPLE_CHOICES', `${matches.map((m) => m.Id).join(',')}`, {
            status: 300
        });
    const rest = Object.fromEntries(
        Object.entries(body).filter(([k]) => k.toLowerCase() !== field.name.toLowerCase())
    );
    if (matches[0])
        return { record: updateRecord(ctx, object.name, matches[0].Id, rest), created: false };
    if (field.type === 'id' && value) throw notFound();
    const withKey = field.type === 'id' ? rest : { ...rest, [field.name]: value };
    return { record: insertRecord(ctx, object.name, withKey), created: true };
}

export function matchExternalId(
    org: Org,
    object: ObjectDef,
    fieldName: string,
    value: string
): SObjectRecord[] {
    const field = findField(object, fieldName)!;
    if (field.type === 'id') {
        const id = normalizeId(value);
        const record = id ? org.store.get(object.name, id) : undefined;
        return record ? [record] : [];
    }
    const same = (v: unknown) =>
        field.caseSensitive ? String(v) === value : String(v).toLowerCase() === value.toLowerCase();
    return org.store
        .all(object.name)
        .filter(
            (r) => r[field.name] !== null && r[field.name] !== undefined && same(r[field.name])
        );
}
