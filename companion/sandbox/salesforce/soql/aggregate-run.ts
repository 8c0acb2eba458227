import type { SObjectRecord } from '../records.ts';
import { field } from '../schema/field-builders.ts';
import type { FieldDef } from '../schema/types.ts';
import type { AggregateColumn, AggregatePlan } from './aggregate.ts';
import { type QueryContext, readPath } from './paths.ts';
import { sortByKeys } from './order.ts';
import { type Key, keyOf } from './where.ts';

// Running an aggregate plan: grouping, the functions' values, HAVING, ORDER BY, LIMIT.

const COUNT_FIELD = field('COUNT', 'int');

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

/** The field a column's values compare as: counts are integers whatever they count. */
export function comparedAs(column: AggregateColumn): FieldDef {
    return column.kind === 'aggregate' && column.fn.startsWith('COUNT')
        ? COUNT_FIELD
        : column.path.field;
}

export function valueOf(
    ctx: QueryContext,
    column: AggregateColumn,
    group: SObjectRecord[]
): unknown {
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
    const list = [...groups.values()].filter(plan.having);
    sortByKeys(list, plan.order, (group) =>
        plan.order.map(({ column }) => keyOf(comparedAs(column), valueOf(ctx, column, group)))
    );
    const start = plan.offset ?? 0;
    const page = list.slice(start, plan.limit === undefined ? undefined : start + plan.limit);
    return page.map((group) => {
        const row: Record<string, unknown> = { attributes: { type: 'AggregateResult' } };
        for (const column of plan.columns) row[column.name] = valueOf(ctx, column, group);
        return row;
    });
}
