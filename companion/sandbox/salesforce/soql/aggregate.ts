import type { FieldType as SelectField, OrderByClause, Query } from '@jetstreamapp/soql-parser-js';

import { unsupported } from '../errors.ts';
import type { SObjectRecord } from '../records.ts';
import type { FieldDef, FieldType, ObjectDef } from '../schema/types.ts';
import { valueOf } from './aggregate-run.ts';
import { compileHaving } from './having.ts';
import { type FieldPath, type QueryContext, queryError, resolvePath } from './paths.ts';
import type { Predicate } from './where.ts';

/**
 * Aggregate SOQL: COUNT(field), COUNT_DISTINCT, SUM, AVG, MIN, MAX, with or without GROUP BY,
 * answered as `AggregateResult` rows whose unaliased aggregates are named expr0, expr1, …
 * (SOQL reference, "Aggregate Functions", "Support for Field Types in Aggregate Functions").
 */
export type AggregateFunction = 'COUNT' | 'COUNT_DISTINCT' | 'SUM' | 'AVG' | 'MIN' | 'MAX';

export type AggregateColumn =
    | { kind: 'group'; path: FieldPath; name: string }
    | { kind: 'aggregate'; fn: AggregateFunction; path: FieldPath; name: string; display: string };

type FunctionRef = { functionName?: string; parameters?: unknown[]; rawValue?: string };

type Order = { column: AggregateColumn; descending: boolean; nullsLast: boolean };

export type AggregatePlan = {
    object: ObjectDef;
    columns: AggregateColumn[];
    groupBy: FieldPath[];
    where: Predicate;
    having: (group: SObjectRecord[]) => boolean;
    order: Order[];
    limit?: number;
    offset?: number;
};

const NUMERIC = new Set<FieldType>(['int', 'double', 'currency', 'percent']);
/** Types no aggregate function takes (the documented table: boolean, multipicklist, …). */
const NO_AGGREGATE = new Set<FieldType>([
    'boolean',
    'multipicklist',
    'encryptedstring',
    'time',
    'address'
]);
const UNGROUPABLE = new Set<FieldType>([
    'double',
    'currency',
    'percent',
    'datetime',
    'textarea',
    'multipicklist',
    'encryptedstring',
    'time',
    'address'
]);
const FUNCTIONS = new Set<string>(['COUNT', 'COUNT_DISTINCT', 'SUM', 'AVG', 'MIN', 'MAX']);

/** `groupable` in describe: numbers with decimals, datetimes and long texts are not. */
export function groupable(field: FieldDef): boolean {
    return !UNGROUPABLE.has(field.type);
}

function supports(fn: AggregateFunction, field: FieldDef): boolean {
    if (NO_AGGREGATE.has(field.type)) return false;
    return fn === 'SUM' || fn === 'AVG' ? NUMERIC.has(field.type) : true;
}

const normalize = (raw: string) => raw.replace(/\s+/g, '').toUpperCase();

function aggregateColumn(
    ctx: QueryContext,
    object: ObjectDef,
    fn: string,
    parameters: unknown[],
    rawValue: string
): Omit<Extract<AggregateColumn, { kind: 'aggregate' }>, 'name'> {
    const name = fn.toUpperCase();
    if (!FUNCTIONS.has(name) || parameters.length !== 1 || typeof parameters[0] !== 'string')
        throw unsupported(`the function ${rawValue}`);
    const path = resolvePath(ctx, object, parameters[0]);
    const aggregate = name as AggregateFunction;
    if (!supports(aggregate, path.field))
        throw queryError(
            ctx,
            rawValue,
            'INVALID_FIELD',
            `field ${path.field.name} does not support aggregate operator ${aggregate}`
        );
    return { kind: 'aggregate', fn: aggregate, path, display: rawValue };
}

export function compileAggregate(
    ctx: QueryContext,
    object: ObjectDef,
    query: Query,
    where: Predicate
): AggregatePlan {
    const groupBy = (query.groupBy ? [query.groupBy].flat() : []).map((clause) => {
        if (!('field' in clause) || !clause.field)
            throw unsupported('GROUP BY ROLLUP, CUBE or functions');
        const path = resolvePath(ctx, object, clause.field);
        if (!groupable(path.field))
            throw queryError(
                ctx,
                clause.field,
                'INVALID_FIELD',
                `field '${path.field.name}' can not be grouped in a query call`
            );
        return path;
    });
    const grouped = (path: FieldPath) =>
        groupBy.some((g) => g.names.join('.').toLowerCase() === path.names.join('.').toLowerCase());
    let unnamed = 0;
    const columns = (query.fields ?? []).map((field: SelectField): AggregateColumn => {
        if (field.type === 'Field' || field.type === 'FieldRelationship') {
            const raw = field.type === 'Field' ? field.field : (field.rawValue ?? field.field);
            const path = resolvePath(ctx, object, raw);
            if (!grouped(path))
                throw queryError(
                    ctx,
                    raw,
                    'MALFORMED_QUERY',
                    `Field must be grouped or aggregated: ${path.field.name}`
                );
            const alias = 'alias' in field ? field.alias : undefined;
            return { kind: 'group', path, name: alias ?? path.field.name };
        }
        if (field.type !== 'FieldFunctionExpression') throw unsupported(`${field.type} here`);
        if (field.parameters.length === 0)
            throw queryError(
                ctx,
                'COUNT',
                'MALFORMED_QUERY',
                'COUNT() must be the only element in the SELECT list'
            );
        const column = aggregateColumn(
            ctx,
            object,
            field.functionName,
            field.parameters,
            field.rawValue ?? field.functionName
        );
        return { ...column, name: field.alias ?? `expr${unnamed++}` };
    });
    // An aggregate or a grouped field named outside SELECT (ORDER BY, HAVING).
    const refer = (ref: { fn?: FunctionRef; field?: string }, what: string): AggregateColumn => {
        if (ref.fn) {
            const wanted = normalize(ref.fn.rawValue ?? '');
            const selected = columns.find(
                (c) => c.kind === 'aggregate' && normalize(c.display) === wanted
            );
            return (
                selected ?? {
                    ...aggregateColumn(
                        ctx,
                        object,
                        ref.fn.functionName ?? '',
                        ref.fn.parameters ?? [],
                        ref.fn.rawValue ?? ''
                    ),
                    name: ''
                }
            );
        }
        const raw = ref.field ?? '';
        const path = resolvePath(ctx, object, raw);
        if (!grouped(path))
            throw queryError(
                ctx,
                raw,
                'MALFORMED_QUERY',
                `${what} must be grouped or aggregated: ${path.field.name}`
            );
        return { kind: 'group', path, name: '' };
    };
    const orders = query.orderBy ? [query.orderBy].flat() : [];
    const order = orders.map((clause: OrderByClause): Order => {
        const descending = clause.order === 'DESC';
        const nullsLast = clause.nulls ? clause.nulls === 'LAST' : descending;
        const ref = 'fn' in clause ? { fn: clause.fn } : { field: clause.field };
        return { column: refer(ref, 'Ordered field'), descending, nullsLast };
    });
    if (groupBy.length === 0 && query.limit !== undefined)
        throw queryError(
            ctx,
            'LIMIT',
            'MALFORMED_QUERY',
            'An aggregate query with a LIMIT clause must have a GROUP BY clause'
        );
    const having = compileHaving(
        ctx,
        query.having,
        (condition) =>
            refer(
                {
                    ...(condition.fn ? { fn: condition.fn as FunctionRef } : {}),
                    ...(typeof condition.field === 'string' ? { field: condition.field } : {})
                },
                'Field'
            ),
        (column, group) => valueOf(ctx, column, group)
    );
    return {
        object,
        columns,
        groupBy,
        where,
        having,
        order,
        ...(query.limit === undefined ? {} : { limit: query.limit }),
        ...(query.offset === undefined ? {} : { offset: query.offset })
    };
}
