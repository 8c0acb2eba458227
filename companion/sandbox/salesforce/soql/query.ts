import {
    type FieldType as SelectField,
    parseQuery,
    type Query,
    type Subquery
} from '@jetstreamapp/soql-parser-js';

import { SalesforceError, unsupported } from '../errors.ts';
import { recordUrl } from '../http.ts';
import type { SObjectRecord } from '../records.ts';
import { findObject, type ObjectDef } from '../schema/types.ts';
import {
    type FieldPath,
    parentOf,
    type QueryContext,
    queryError,
    readPath,
    resolvePath
} from './paths.ts';
import { type AggregatePlan, compileAggregate } from './aggregate.ts';
import { runAggregate } from './aggregate-run.ts';
import { sortByKeys } from './order.ts';
import { compileWhere, filterable, type Predicate } from './where.ts';

export type Column =
    | { kind: 'path'; path: FieldPath }
    | { kind: 'child'; relationshipName: string; field: string; plan: Plan };

type Order = { path: FieldPath; descending: boolean; nullsLast: boolean };

export type Plan = {
    object: ObjectDef;
    columns: Column[];
    where: Predicate;
    order: Order[];
    limit?: number;
    offset?: number;
    count: boolean;
};

export type QueryResult = { totalSize: number; rows: Record<string, unknown>[] };

function checkClauses(query: Query | Subquery) {
    if (query.having && !query.groupBy)
        throw new SalesforceError('MALFORMED_QUERY', 'HAVING can only be used with GROUP BY');
    if (query.for) throw unsupported(`FOR ${query.for}`);
    if (query.update) throw unsupported(`UPDATE ${query.update}`);
    if (query.withDataCategory) throw unsupported('WITH DATA CATEGORY');
    if (query.usingScope) throw unsupported('USING SCOPE');
    if (query.sObjectAlias) throw unsupported('object aliases');
    // WITH SECURITY_ENFORCED / USER_MODE / SYSTEM_MODE are accepted: every simulated user can
    // read every object and field, so they cannot change a result here.
}

export function resolveObject(ctx: QueryContext, name: string): ObjectDef {
    const object = findObject(ctx.org.schema, name);
    if (!object || !object.queryable)
        throw queryError(
            ctx,
            name,
            'INVALID_TYPE',
            `sObject type '${name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`
        );
    return object;
}

function compileColumns(
    ctx: QueryContext,
    object: ObjectDef,
    fields: SelectField[],
    allowChildren: boolean
): { columns: Column[]; count: boolean } {
    const columns: Column[] = [];
    let count = false;
    const seen = new Set<string>();
    for (const field of fields) {
        if (field.type === 'Field' || field.type === 'FieldRelationship') {
            if ('objectPrefix' in field && field.objectPrefix) throw unsupported('object aliases');
            if ('alias' in field && field.alias) throw unsupported('field aliases');
            const raw =
                field.type === 'Field'
                    ? field.field
                    : (field.rawValue ?? [...field.relationships, field.field].join('.'));
            const path = resolvePath(ctx, object, raw);
            const key = path.names.join('.').toLowerCase();
            if (seen.has(key))
                throw queryError(
                    ctx,
                    raw,
                    'MALFORMED_QUERY',
                    `duplicate field selected: ${path.names.join('.')}`
                );
            seen.add(key);
            columns.push({ kind: 'path', path });
        } else if (field.type === 'FieldSubquery') {
            if (!allowChildren) throw unsupported('nested child subqueries');
            const sub = field.subquery;
            const relationship = object.childRelationships.find(
                (r) => r.relationshipName.toLowerCase() === sub.relationshipName.toLowerCase()
            );
            if (!relationship)
                throw queryError(
                    ctx,
                    sub.relationshipName,
                    'INVALID_TYPE',
                    `Didn't understand relationship '${sub.relationshipName}' in FROM part of query call. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`
                );
            const child = resolveObject(ctx, relationship.childSObject);
            columns.push({
                kind: 'child',
                relationshipName: relationship.relationshipName,
                field: relationship.field,
                plan: compile(ctx, child, sub, false)
            });
        } else if (field.type === 'FieldFunctionExpression') {
            if (field.functionName.toUpperCase() !== 'COUNT' || field.parameters.length > 0)
                throw unsupported(`the function ${field.functionName}()`);
            count = true;
        } else throw unsupported('TYPEOF');
    }
    if (count && columns.length > 0)
        throw queryError(
            ctx,
            'COUNT',
            'MALFORMED_QUERY',
            'COUNT() must be the only element in the SELECT list'
        );
    return { columns, count };
}

function compile(
    ctx: QueryContext,
    object: ObjectDef,
    query: Query | Subquery,
    allowChildren: boolean
): Plan {
    checkClauses(query);
    const { columns, count } = compileColumns(ctx, object, query.fields ?? [], allowChildren);
    const orders = query.orderBy
        ? Array.isArray(query.orderBy)
            ? query.orderBy
            : [query.orderBy]
        : [];
    const order = orders.map((clause) => {
        if (!('field' in clause) || !clause.field) throw unsupported('functions in ORDER BY');
        const path = resolvePath(ctx, object, clause.field);
        if (!filterable(path.field))
            throw queryError(
                ctx,
                clause.field,
                'INVALID_FIELD',
                `field '${path.field.name}' can not be sorted in a query call`
            );
        const descending = clause.order === 'DESC';
        return {
            path,
            descending,
            nullsLast: clause.nulls ? clause.nulls === 'LAST' : descending
        };
    });
    if ((query.offset ?? 0) > 2000)
        throw new SalesforceError(
            'NUMBER_OUTSIDE_VALID_RANGE',
            'Maximum SOQL offset allowed is 2000'
        );
    const where = compileFilter(ctx, object, query);
    return {
        object,
        columns,
        where,
        order,
        count,
        ...(query.limit === undefined ? {} : { limit: query.limit }),
        ...(query.offset === undefined ? {} : { offset: query.offset })
    };
}

/** The WHERE clause as a predicate, semi-join subqueries included. */
export function compileFilter(ctx: QueryContext, object: ObjectDef, query: Query | Subquery) {
    const runSubquery = (sub: Query) => {
        const subObject = resolveObject(ctx, sub.sObject ?? '');
        const plan = compile(ctx, subObject, sub, false);
        const first = plan.columns[0];
        if (plan.columns.length !== 1 || first?.kind !== 'path')
            throw unsupported('a semi-join subquery selecting more than one field');
        return select(ctx, plan, ctx.org.store.all(subObject.name)).map((r) =>
            readPath(ctx.org, r, first.path)
        );
    };
    return compileWhere(ctx, object, query.where, runSubquery);
}

function sortKey(value: unknown): string | number | boolean | null {
    if (value === null || value === undefined) return null;
    return typeof value === 'string' ? value.toLowerCase() : (value as number | boolean);
}

function select(ctx: QueryContext, plan: Plan, records: SObjectRecord[]): SObjectRecord[] {
    const matched = records.filter(plan.where);
    sortByKeys(matched, plan.order, (record) =>
        plan.order.map(({ path }) => sortKey(readPath(ctx.org, record, path)))
    );
    const start = plan.offset ?? 0;
    return matched.slice(start, plan.limit === undefined ? undefined : start + plan.limit);
}

function setPath(
    ctx: QueryContext,
    version: string,
    target: Record<string, unknown>,
    record: SObjectRecord,
    path: FieldPath
) {
    let node = target;
    let current: SObjectRecord | undefined = record;
    for (const [i, step] of path.steps.entries()) {
        const name = path.names[i]!;
        const parent = parentOf(ctx.org, current, step);
        if (!parent) {
            if (!(name in node)) node[name] = null;
            return;
        }
        node[name] ??= {
            attributes: {
                type: parent.object,
                url: recordUrl(version, parent.object, parent.record.Id)
            }
        };
        node = node[name] as Record<string, unknown>;
        current = parent.record;
    }
    node[path.field.name] = readPath(ctx.org, record, path);
}

function project(
    ctx: QueryContext,
    plan: Plan,
    record: SObjectRecord,
    version: string
): Record<string, unknown> {
    const row: Record<string, unknown> = {
        attributes: { type: plan.object.name, url: recordUrl(version, plan.object.name, record.Id) }
    };
    for (const column of plan.columns) {
        if (column.kind === 'path') setPath(ctx, version, row, record, column.path);
        else {
            const children = ctx.org.store
                .all(column.plan.object.name)
                .filter((c) => c[column.field] === record.Id);
            const rows = select(ctx, column.plan, children).map((c) =>
                project(ctx, column.plan, c, version)
            );
            row[column.relationshipName] =
                rows.length === 0 ? null : { totalSize: rows.length, done: true, records: rows };
        }
    }
    return row;
}

export type CompiledQuery =
    { kind: 'rows'; plan: Plan } | { kind: 'aggregate'; plan: AggregatePlan };

const isAggregate = (query: Query) =>
    query.groupBy !== undefined ||
    (query.fields ?? []).some(
        (f) => f.type === 'FieldFunctionExpression' && f.isAggregateFn && f.parameters.length > 0
    );

/** Parses and compiles a query: every name is resolved now, so errors come before rows. */
export function compileQuery(ctx: QueryContext): CompiledQuery {
    let query: Query;
    try {
        query = parseQuery(ctx.soql);
    } catch (error) {
        throw new SalesforceError(
            'MALFORMED_QUERY',
            error instanceof Error ? error.message : String(error)
        );
    }
    const object = resolveObject(ctx, query.sObject ?? '');
    if (isAggregate(query)) {
        checkClauses(query);
        return {
            kind: 'aggregate',
            plan: compileAggregate(ctx, object, query, compileFilter(ctx, object, query))
        };
    }
    return { kind: 'rows', plan: compile(ctx, object, query, true) };
}

function candidates(ctx: QueryContext, object: ObjectDef): SObjectRecord[] {
    const stored = ctx.org.store.all(object.name);
    return ctx.includeDeleted ? [...stored, ...ctx.org.store.allDeleted(object.name)] : stored;
}

/** Parses and runs a SOQL query over the org's records (reference §A.5). */
export function runQuery(ctx: QueryContext, version: string): QueryResult {
    const compiled = compileQuery(ctx);
    if (compiled.kind === 'aggregate') {
        const rows = runAggregate(ctx, compiled.plan, candidates(ctx, compiled.plan.object));
        return { totalSize: rows.length, rows };
    }
    const { plan } = compiled;
    const rows = select(ctx, plan, candidates(ctx, plan.object));
    if (plan.count) return { totalSize: rows.length, rows: [] };
    return { totalSize: rows.length, rows: rows.map((r) => project(ctx, plan, r, version)) };
}
