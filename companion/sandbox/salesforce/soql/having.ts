import type { LiteralType, WhereClause } from '@jetstreamapp/soql-parser-js';

import { unsupported } from '../errors.ts';
import type { SObjectRecord } from '../records.ts';
import type { AggregateColumn } from './aggregate.ts';
import { comparedAs } from './aggregate-run.ts';
import type { QueryContext } from './paths.ts';
import { compare, compileConditions, equals, keyOf, literal } from './where.ts';

type Group = SObjectRecord[];

/**
 * HAVING: conditions on aggregates (`COUNT(Id) > 1`) or grouped fields, with AND, OR, NOT,
 * compared the way WHERE compares (SOQL reference, "HAVING").
 */
export function compileHaving(
    ctx: QueryContext,
    having: WhereClause | undefined,
    columnOf: (condition: Record<string, unknown>) => AggregateColumn,
    valueOf: (column: AggregateColumn, group: Group) => unknown
): (group: Group) => boolean {
    return compileConditions<Group>(having, (condition) => {
        const column = columnOf(condition);
        const field = comparedAs(column);
        const operator = String(condition.operator);
        const raw = [condition.value ?? ''].flat() as string[];
        const types = condition.literalType as LiteralType | LiteralType[] | undefined;
        const lits = raw.map((v, i) =>
            literal(ctx, field, v, Array.isArray(types) ? types[i] : types)
        );
        const key = (group: Group) => keyOf(field, valueOf(column, group));
        switch (operator) {
            case 'IN':
                return (g) => lits.some((lit) => equals(key(g), lit));
            case 'NOT IN':
                return (g) => !lits.some((lit) => equals(key(g), lit));
            case '=':
            case '!=':
            case '<':
            case '<=':
            case '>':
            case '>=':
                return (g) => compare(operator, key(g), lits[0]!);
            default:
                throw unsupported(`${operator} in HAVING`);
        }
    });
}
