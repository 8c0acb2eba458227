import { deleteRecord, existingRecord, resolveObject, type DmlContext } from './dml.ts';
import { SalesforceError } from './errors.ts';

/** The objects of the simulator Salesforce can merge (Apex `merge`; Lead and Case are not modelled). */
const MERGEABLE = new Set(['Account', 'Contact']);

/**
 * A merge as Salesforce does it (Apex `Database.merge`, SOAP `merge()`): the master and one or
 * two other records of the same object; the related records of the others are re-parented to
 * the master, then the others are deleted with `MasterRecordId` naming the master, so they stay
 * visible to `queryAll` with `IsDeleted = true` until the recycle bin is emptied.
 */
export function mergeRecords(
    ctx: DmlContext,
    objectName: string,
    masterId: string,
    mergedIds: readonly string[]
): void {
    const object = resolveObject(ctx.org, objectName);
    if (!MERGEABLE.has(object.name))
        throw new SalesforceError('INVALID_TYPE', `${object.name} records cannot be merged`, {
            status: 400
        });
    if (mergedIds.length < 1 || mergedIds.length > 2)
        throw new SalesforceError(
            'INVALID_OPERATION',
            'A merge takes the master record and one or two records to merge into it',
            { status: 400 }
        );
    const master = existingRecord(ctx, object, masterId);
    const children = [...ctx.org.schema.objects.values()].flatMap((child) =>
        [...child.fields.values()]
            .filter(
                (f) =>
                    f.type === 'reference' &&
                    f.referenceTo?.includes(object.name) &&
                    f.name !== 'MasterRecordId'
            )
            .map((f) => ({ child: child.name, field: f.name }))
    );
    for (const id of mergedIds) {
        const merged = existingRecord(ctx, object, id);
        if (merged.Id === master.Id)
            throw new SalesforceError('INVALID_OPERATION', 'A record cannot merge into itself', {
                status: 400
            });
        for (const { child, field } of children)
            for (const record of ctx.org.store.all(child))
                if (record[field] === merged.Id)
                    ctx.org.store.put(ctx.tx, child, { ...record, [field]: master.Id }, ctx.userId);
        ctx.org.store.put(
            ctx.tx,
            object.name,
            { ...merged, MasterRecordId: master.Id },
            ctx.userId
        );
        deleteRecord(ctx, object.name, merged.Id);
    }
}
