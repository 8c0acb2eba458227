import { SalesforceError } from '../errors.ts';
import { fieldValue } from '../schema/compound.ts';
import { readOnly } from '../schema/field-builders.ts';
import type { Org } from '../org.ts';
import type { SObjectRecord } from '../records.ts';
import { type FieldDef, findField, type ObjectDef } from '../schema/types.ts';

/** A query being compiled: its text (for error positions) and the org it runs in. */
/** `includeDeleted`: queryAll, which also sees the recycle bin. */
export type QueryContext = { org: Org; soql: string; now: number; includeDeleted?: boolean };

/**
 * An error placed the way an org places it: the query line, a caret, `ERROR at Row:r:Column:c`
 * and the message (reference §A.5).
 */
export function queryError(
    ctx: QueryContext,
    token: string,
    errorCode: string,
    message: string
): SalesforceError {
    const lower = ctx.soql.toLowerCase();
    const found = new RegExp(
        `(^|[^A-Za-z0-9_.])${token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9_])`,
        'i'
    ).exec(lower);
    const index = found ? found.index + found[1]!.length : 0;
    const before = ctx.soql.slice(0, index);
    const row = before.split('\n').length;
    const lineStart = before.lastIndexOf('\n') + 1;
    const column = index - lineStart + 1;
    const line = ctx.soql.slice(lineStart).split('\n')[0];
    return new SalesforceError(
        errorCode,
        `\n${line}\n${' '.repeat(column - 1)}^\nERROR at Row:${row}:Column:${column}\n${message}`
    );
}

export const noSuchColumn = (ctx: QueryContext, token: string, field: string, object: string) =>
    queryError(
        ctx,
        token,
        'INVALID_FIELD',
        `No such column '${field}' on entity '${object}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`
    );

/** A resolved field reference: the lookups it walks, then the field at the end. */
export type FieldPath = {
    raw: string;
    steps: FieldDef[];
    field: FieldDef;
    names: string[];
    /** `What.Type`: the sObject type of a polymorphic parent, not a stored field. */
    objectType?: boolean;
};

const TYPE_FIELD: FieldDef = readOnly('Type', 'string', { length: 255, calculated: false });

function targets(ctx: QueryContext, step: FieldDef): ObjectDef[] {
    return (step.referenceTo ?? [])
        .map((name) => ctx.org.schema.objects.get(name.toLowerCase()))
        .filter((o): o is ObjectDef => o !== undefined);
}

/** Resolves `Name`, `Account.Name` or `Owner.Email` against an object, or throws INVALID_FIELD. */
export function resolvePath(ctx: QueryContext, object: ObjectDef, raw: string): FieldPath {
    const parts = raw.split('.');
    // `Opportunity.Name` in a query on Opportunity: the object's own name may prefix a field.
    if (
        parts.length > 1 &&
        parts[0]!.toLowerCase() === object.name.toLowerCase() &&
        !relationship(object, parts[0]!)
    )
        parts.shift();
    let current = [object];
    const steps: FieldDef[] = [];
    const names: string[] = [];
    for (const part of parts.slice(0, -1)) {
        const step = current.map((o) => relationship(o, part)).find((f) => f !== undefined);
        if (!step)
            throw queryError(
                ctx,
                raw,
                'INVALID_FIELD',
                `Didn't understand relationship '${part}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`
            );
        steps.push(step);
        names.push(step.relationshipName!);
        current = targets(ctx, step);
    }
    const last = parts[parts.length - 1]!;
    const polymorphic = (steps.at(-1)?.referenceTo?.length ?? 0) > 1;
    if (polymorphic && last.toLowerCase() === 'type')
        return { raw, steps, field: TYPE_FIELD, names: [...names, 'Type'], objectType: true };
    const field = current.map((o) => findField(o, last)).find((f) => f !== undefined);
    if (!field) throw noSuchColumn(ctx, raw, last, current[0]?.name ?? object.name);
    names.push(field.name);
    return { raw, steps, field, names };
}

function relationship(object: ObjectDef, name: string): FieldDef | undefined {
    for (const field of object.fields.values())
        if (
            field.type === 'reference' &&
            field.relationshipName?.toLowerCase() === name.toLowerCase()
        )
            return field;
    return undefined;
}

/** The parent a lookup points at, with the object it really is (polymorphic lookups). */
export function parentOf(org: Org, record: SObjectRecord | undefined, step: FieldDef) {
    const id = record?.[step.name];
    if (typeof id !== 'string') return undefined;
    const object = org.store.objectOf(id);
    const parent = object ? org.store.get(object, id) : undefined;
    return parent && object ? { object, record: parent } : undefined;
}

/** The value at the end of a path for one record (null when a lookup on the way is empty). */
export function readPath(org: Org, record: SObjectRecord, path: FieldPath): unknown {
    let current: SObjectRecord | undefined = record;
    let objectName: string | undefined;
    for (const step of path.steps) {
        const parent = parentOf(org, current, step);
        current = parent?.record;
        objectName = parent?.object;
    }
    if (path.objectType) return objectName ?? null;
    return current ? fieldValue(path.field, current) : null;
}
