import type { FieldType as SelectField, OrderByClause, Query } from '@jetstreamapp/soql-parser-js';

import { unsupported } from '../errors.ts';
import type { SObjectRecord } from '../records.ts';
import type { FieldDef, FieldType, ObjectDef } from '../schema/types.ts';
import { type FieldPath, type QueryContext, queryError, readPath, resolvePath } from './paths.ts';
import { type Key, keyOf, type Predicate } from './where.ts';

/**
 * Aggregate SOQL: COUNT(field), COUNT_DISTINCT, SUM, AVG, MIN, MAX, with or without GROUP BY,
 * answered as `AggregateResult` rows whose unaliased aggregates are named expr0, expr1, …
 * (SOQL reference, "Aggregate Functions", "Support for Field Types in Aggregate Functions").
 */
export type AggregateFunction = 'COUNT' | 'COUNT_DISTINCT' | 'SUM' | 'AVG' | 'MIN' | 'MAX';

export type AggregateColumn =
    | { kind: 'group'; path: FieldPath; name: string }
    | { kind: 'aggregate'; fn: AggregateFunction; path: FieldPath; name: string; display: string };

type Order = { column: AggregateColumn; descending: boolean; nullsLast: boolean };

export type AggregatePlan = {
    object: ObjectDef;
    columns: AggregateColumn[];
    groupBy: FieldPath[];
    where: Predicate;
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
    const orders = query.orderBy ? [query.orderBy].flat() : [];
    const order = orders.map((clause: OrderByClause): Order => {
        const descending = clause.order === 'DESC';
        const nullsLast = clause.nulls ? clause.nulls === 'LAST' : descending;
        let column: AggregateColumn | undefined;
        if ('fn' in clause && clause.fn) {
            const wanted = normalize(clause.fn.rawValue ?? '');
            column = columns.find((c) => c.kind === 'aggregate' && normalize(c.display) === wanted);
            column ??= {
                ...aggregateColumn(
                    ctx,
                    object,
                    clause.fn.functionName ?? '',
                    clause.fn.parameters ?? [],
                    clause.fn.rawValue ?? ''
                ),
                name: ''
            };
        } else {
            const raw = 'field' in clause ? (clause.field ?? '') : '';
            const path = resolvePath(ctx, object, raw);
            if (!grouped(path))
                throw queryError(
                    ctx,
                    raw,
                    'MALFORMED_QUERY',
                    `Ordered field must be grouped or aggregated: ${path.field.name}`
                );
            column = { kind: 'group', path, name: '' };
        }
        return { column, descending, nullsLast };
    });
    return {
        object,
        columns,
        groupBy,
        where,
        order,
        ...(query.limit === undefined ? {} : { limit: query.limit }),
        ...(query.offset === undefined ? {} : { offset: query.offset })
    };
}

function aggregate(
    ctx: QueryContext,
    column: Extract<AggregateColumn, { kind: 'aggregate' }>,
    records: SObjectRecord[]
): unknown {
    const values = records
        .map((r) => readPath(ctx.org, r, column.path))
        .filter((v) => v !== null && v !== undefined);
    const field = column.path.field;
    switch (column.fn) {
        case 'COUNT':
            return values.length;
        case 'COUNT_DISTINCT':
            return new Set(values.map((v) => keyOf(field, v))).size;
        case 'SUM':
            return values.length === 0 ? null : values.reduce<number>((s, v) => s + Number(v), 0);
        case 'AVG':
            return values.length === 0
                ? null
                : values.reduce<number>((s, v) => s + Number(v), 0) / values.length;
        case 'MIN':
        case 'MAX': {
            let best: unknown = null;
            let bestKey: Key = null;
            for (const v of values) {
                const key = keyOf(field, v);
                if (
                    bestKey === null ||
                    (key !== null && (column.fn === 'MIN' ? key < bestKey : key > bestKey))
                ) {
                    best = v;
                    bestKey = key;
                }
            }
            return best;
        }
    }
}

function valueOf(ctx: QueryContext, column: AggregateColumn, group: SObjectRecord[]): unknown {
    if (column.kind === 'aggregate') return aggregate(ctx, column, group);
    return group[0] ? readPath(ctx.org, group[0], column.path) : null;
}

/** Groups the matching records and answers one `AggregateResult` row per group. */
export function runAggregate(
    ctx: QueryContext,
    plan: AggregatePlan,
    records: SObjectRecord[]
): Record<string, unknown>[] {
    const groups = new Map<string, SObjectRecord[]>();
    for (const record of records.filter(plan.where)) {
        const key = JSON.stringify(
            plan.groupBy.map((path) => keyOf(path.field, readPath(ctx.org, record, path)))
        );
        groups.set(key, [...(groups.get(key) ?? []), record]);
    }
    // Without GROUP BY, one row even when nothing matched (COUNT(Id) = 0).
    if (plan.groupBy.length === 0 && groups.size === 0) groups.set('[]', []);
    const list = [...groups.values()];
    if (plan.order.length > 0) {
        const keys = new Map(
            list.map((g) => [
                g,
                plan.order.map(({ column }) =>
                    keyOf(
                        column.kind === 'aggregate' && column.fn.startsWith('COUNT')
                            ? ({ type: 'int' } as FieldDef)
                            : column.path.field,
                        valueOf(ctx, column, g)
                    )
                )
            ])
        );
        list.sort((a, b) => {
            for (const [i, { descending, nullsLast }] of plan.order.entries()) {
                const x = keys.get(a)![i]!;
                const y = keys.get(b)![i]!;
                if (x === y) continue;
                if (x === null) return nullsLast ? 1 : -1;
                if (y === null) return nullsLast ? -1 : 1;
                return (x < y ? -1 : 1) * (descending ? -1 : 1);
            }
            return 0;
        });
    }
    const start = plan.offset ?? 0;
    const page = list.slice(start, plan.limit === undefined ? undefined : start + plan.limit);
    return page.map((group) => {
        const row: Record<string, unknown> = { attributes: { type: 'AggregateResult' } };
        for (const column of plan.columns) row[column.name] = valueOf(ctx, column, group);
        return row;
    });
}
