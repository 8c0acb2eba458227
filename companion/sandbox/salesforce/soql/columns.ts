import type { FieldDef, FieldType, ObjectDef } from '../schema/types.ts';
import type { AggregateColumn } from './aggregate.ts';
import type { FieldPath, QueryContext } from './paths.ts';
import { type Column, compileQuery } from './query.ts';

/**
 * `GET /query?q=…&columns=true`: what the query would return, column by column, without running
 * it. Relationship fields nest under their relationship (`Account` → `Name`), a child subquery
 * is an aggregate column with its own columns, and an aggregate function is named by its alias
 * or `exprN` with the function as its display name. The sf CLI reads this to lay out results.
 */
export type ColumnMetadata = {
    aggregate: boolean;
    apexType: string | null;
    booleanType: boolean;
    columnName: string;
    custom: boolean;
    displayName: string;
    foreignKeyName: string | null;
    insertable: boolean;
    joinColumns: ColumnMetadata[];
    numberType: boolean;
    textType: boolean;
    updatable: boolean;
};

const APEX_TYPES: Partial<Record<FieldType, string>> = {
    id: 'Id',
    reference: 'Id',
    boolean: 'Boolean',
    int: 'Integer',
    double: 'Double',
    percent: 'Double',
    currency: 'Decimal',
    date: 'Date',
    datetime: 'Datetime',
    time: 'Time'
};
const NUMBERS = new Set<FieldType>(['int', 'double', 'percent', 'currency']);

function column(
    name: string,
    display: string,
    options: Partial<ColumnMetadata> = {}
): ColumnMetadata {
    return {
        aggregate: false,
        apexType: null,
        booleanType: false,
        columnName: name,
        custom: false,
        displayName: display,
        foreignKeyName: null,
        insertable: false,
        joinColumns: [],
        numberType: false,
        textType: false,
        updatable: false,
        ...options
    };
}

function fieldColumn(field: FieldDef, display: string): ColumnMetadata {
    return column(field.name, display, {
        apexType: APEX_TYPES[field.type] ?? 'String',
        booleanType: field.type === 'boolean',
        custom: field.custom,
        insertable: field.createable,
        numberType: NUMBERS.has(field.type),
        textType: !APEX_TYPES[field.type],
        updatable: field.updateable
    });
}

/** Adds one field path to a column list, nesting it under the relationships it walks. */
function addPath(columns: ColumnMetadata[], path: FieldPath, depth = 0): void {
    const display = path.names.join('.');
    if (depth === path.steps.length) {
        columns.push(fieldColumn(path.field, display));
        return;
    }
    const name = path.names[depth]!;
    let parent = columns.find((c) => c.columnName === name && c.joinColumns.length > 0);
    if (!parent) {
        parent = column(name, path.names.slice(0, depth + 1).join('.'), {
            custom: path.steps[depth]!.custom
        });
        columns.push(parent);
    }
    addPath(parent.joinColumns, path, depth + 1);
}

function rowColumns(columns: Column[]): ColumnMetadata[] {
    const out: ColumnMetadata[] = [];
    for (const c of columns) {
        if (c.kind === 'path') addPath(out, c.path);
        else
            out.push(
                column(c.relationshipName, c.relationshipName, {
                    aggregate: true,
                    joinColumns: rowColumns(c.plan.columns)
                })
            );
    }
    return out;
}

function aggregateColumns(columns: AggregateColumn[]): ColumnMetadata[] {
    return columns.map((c) => {
        if (c.kind === 'group') return { ...fieldColumn(c.path.field, c.name), columnName: c.name };
        const counts = c.fn === 'COUNT' || c.fn === 'COUNT_DISTINCT';
        return column(c.name, c.display, {
            aggregate: true,
            apexType: counts ? 'Integer' : (APEX_TYPES[c.path.field.type] ?? 'String'),
            numberType: counts || NUMBERS.has(c.path.field.type),
            textType: !counts && !APEX_TYPES[c.path.field.type]
        });
    });
}

export function queryColumns(ctx: QueryContext) {
    const compiled = compileQuery(ctx);
    const object: ObjectDef = compiled.plan.object;
    const grouped = compiled.kind === 'aggregate';
    const columnMetadata = grouped
        ? aggregateColumns(compiled.plan.columns)
        : rowColumns(compiled.plan.columns);
    return {
        columnMetadata,
        entityName: grouped ? 'AggregateResult' : object.name,
        groupBy: grouped && compiled.plan.groupBy.length > 0,
        idSelected: columnMetadata.some((c) => c.columnName === 'Id' && c.joinColumns.length === 0),
        keyPrefix: grouped ? null : object.keyPrefix
    };
}
