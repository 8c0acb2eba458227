import type { LiteralType, Query, WhereClause } from '@jetstreamapp/soql-parser-js';

import { unsupported } from '../errors.ts';
import { normalizeId } from '../ids.ts';
import type { SObjectRecord } from '../records.ts';
import type { FieldDef, ObjectDef } from '../schema/types.ts';
import { parseDateTime } from '../values.ts';
import { dateLiteralRange } from './date-literals.ts';
import { type QueryContext, queryError, readPath, resolvePath } from './paths.ts';

export type Predicate = (record: SObjectRecord) => boolean;
/** Runs a semi-join subquery: the values of its single selected field. */
export type SubqueryRunner = (query: Query) => unknown[];

type Token = '(' | ')' | 'AND' | 'OR' | 'NOT' | { condition: Record<string, unknown> };
export type Key = string | number | boolean | null;
export type Literal = { key: Key } | { range: { start: Key; end: Key } };

function flatten(clause: WhereClause | undefined, out: Token[]): Token[] {
    if (!clause) return out;
    const left = clause.left as
        (Record<string, unknown> & { openParen?: number; closeParen?: number }) | null;
    if (left) {
        for (let i = 0; i < (left.openParen ?? 0); i++) out.push('(');
        if ('field' in left || 'fn' in left) out.push({ condition: left });
        for (let i = 0; i < (left.closeParen ?? 0); i++) out.push(')');
    }
    if ('operator' in clause && clause.operator) out.push(clause.operator);
    if ('right' in clause) flatten(clause.right, out);
    return out;
}

/** The comparable form of a stored value: dates as text, datetimes as ms, text lower-cased. */
export function keyOf(field: FieldDef, value: unknown): Key {
    if (value === null || value === undefined) return null;
    switch (field.type) {
        case 'datetime':
            return parseDateTime(String(value)) ?? null;
        case 'int':
        case 'double':
        case 'currency':
        case 'percent':
            return Number(value);
        case 'boolean':
            return value === true;
        case 'id':
        case 'reference':
            return normalizeId(String(value)) ?? String(value);
        case 'date':
            return String(value);
        default:
            return String(value).toLowerCase();
    }
}

const NUMERIC = new Set(['int', 'double', 'currency', 'percent']);
const TEXTUAL = new Set([
    'string',
    'textarea',
    'picklist',
    'multipicklist',
    'email',
    'phone',
    'url',
    'id',
    'reference',
    'encryptedstring'
]);

function unquote(text: string): string {
    return text
        .slice(1, -1)
        .replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r' })[c] ?? c);
}

export function literal(
    ctx: QueryContext,
    field: FieldDef,
    raw: string,
    type: LiteralType | undefined,
    n?: number
): Literal {
    const soapType = NUMERIC.has(field.type)
        ? 'double'
        : field.type === 'datetime'
          ? 'dateTime'
          : field.type;
    // The message says how the field's own values are written: text in quotes, the rest bare.
    const typeError = () =>
        queryError(
            ctx,
            raw,
            'INVALID_FIELD',
            `value of filter criterion for field '${field.name}' must be of type ${soapType} and should ${TEXTUAL.has(field.type) ? '' : 'not '}be enclosed in quotes`
        );
    switch (type) {
        case 'NULL':
            return { key: null };
        case 'STRING':
            if (!TEXTUAL.has(field.type)) throw typeError();
            return { key: keyOf(field, unquote(raw)) };
        case 'INTEGER':
        case 'DECIMAL':
            if (!NUMERIC.has(field.type)) throw typeError();
            return { key: Number(raw) };
        case 'BOOLEAN':
            if (field.type !== 'boolean') throw typeError();
            return { key: raw.toUpperCase() === 'TRUE' };
        case 'DATE':
            // A datetime field takes only a datetime (`2026-01-01T00:00:00Z`), never a date.
            if (field.type === 'date') return { key: raw };
            throw typeError();
        case 'DATETIME':
            if (field.type === 'datetime') return { key: parseDateTime(raw) ?? null };
            throw typeError();
        case 'DATE_LITERAL':
        case 'DATE_N_LITERAL': {
            if (field.type !== 'date' && field.type !== 'datetime') throw typeError();
            const range = dateLiteralRange(raw, ctx.now, n);
            if (field.type === 'date') return { range };
            return {
                range: {
                    start: Date.parse(`${range.start}T00:00:00Z`),
                    end: Date.parse(`${range.end}T00:00:00Z`)
                }
            };
        }
        default:
            throw unsupported(`${String(type)} values in WHERE`);
    }
}

export function equals(key: Key, lit: Literal): boolean {
    if ('range' in lit) return key !== null && key >= lit.range.start! && key < lit.range.end!;
    return key === lit.key;
}

export function compare(operator: string, key: Key, lit: Literal): boolean {
    if (operator === '=') return equals(key, lit);
    if (operator === '!=') return !equals(key, lit);
    if (key === null) return false;
    if ('range' in lit) {
        const { start, end } = lit.range;
        return (
            { '<': key < start!, '<=': key < end!, '>': key >= end!, '>=': key >= start! }[
                operator
            ] ?? false
        );
    }
    if (lit.key === null) return false;
    return (
        { '<': key < lit.key, '<=': key <= lit.key, '>': key > lit.key, '>=': key >= lit.key }[
            operator
        ] ?? false
    );
}

function likePattern(raw: string): RegExp {
    const text = unquote(raw);
    let source = '';
    for (let i = 0; i < text.length; i++) {
        const c = text.charAt(i);
        if (c === '\\' && i + 1 < text.length)
            source += text.charAt(++i).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        else if (c === '%') source += '.*';
        else if (c === '_') source += '.';
        else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
    return new RegExp(`^${source}$`, 'is');
}

function conditionPredicate(
    ctx: QueryContext,
    object: ObjectDef,
    condition: Record<string, unknown>,
    runSubquery: SubqueryRunner
): Predicate {
    if ('fn' in condition) throw unsupported('functions in WHERE');
    const path = resolvePath(ctx, object, String(condition.field));
    if (!filterable(path.field))
        throw queryError(
            ctx,
            path.raw,
            'INVALID_FIELD',
            `field '${path.field.name}' can not be filtered in a query call`
        );
    const operator = String(condition.operator);
    const value = condition.value as string | string[] | undefined;
    const types = condition.literalType as LiteralType | LiteralType[] | undefined;
    const read = (r: SObjectRecord) => keyOf(path.field, readPath(ctx.org, r, path));
    if (condition.valueQuery) {
        let values: Set<Key> | undefined;
        const inSet = (r: SObjectRecord) => {
            values ??= new Set(
                runSubquery(condition.valueQuery as Query).map((v) => keyOf(path.field, v))
            );
            return values.has(read(r));
        };
        if (operator === 'IN') return inSet;
        if (operator === 'NOT IN') return (r) => !inSet(r);
        throw unsupported(`${operator} with a subquery`);
    }
    const list = Array.isArray(value) ? value : [value ?? ''];
    const typeAt = (i: number) => (Array.isArray(types) ? types[i] : types);
    const n = condition.dateLiteralVariable as number | number[] | undefined;
    const lits = list.map((v, i) =>
        literal(ctx, path.field, v, typeAt(i), Array.isArray(n) ? n[i] : n)
    );
    switch (operator) {
        case 'IN':
            return (r) => lits.some((lit) => equals(read(r), lit));
        case 'NOT IN':
            return (r) => !lits.some((lit) => equals(read(r), lit));
        case 'LIKE': {
            const pattern = likePattern(list[0]!);
            return (r) => {
                const v = readPath(ctx.org, r, path);
                return v !== null && pattern.test(String(v));
            };
        }
        case 'INCLUDES':
        case 'EXCLUDES': {
            const wanted = list.map((v) => unquote(v).toLowerCase().split(';').sort().join(';'));
            const has = (r: SObjectRecord) => {
                const chosen = String(readPath(ctx.org, r, path) ?? '')
                    .toLowerCase()
                    .split(';');
                return wanted.some((w) => w.split(';').every((part) => chosen.includes(part)));
            };
            return operator === 'INCLUDES' ? has : (r) => !has(r);
        }
        default:
            return (r) => compare(operator, read(r), lits[0]!);
    }
}

/** Long text areas and compound fields can be neither filtered nor sorted. */
export function filterable(field: FieldDef): boolean {
    if (field.type === 'address') return false;
    return field.type !== 'textarea' || (field.length ?? 0) <= 255;
}

/**
 * Compiles a condition tree (WHERE or HAVING) with AND, OR, NOT and parentheses into one
 * test; `leaf` compiles each condition now, so errors come before any row is read.
 */
export function compileConditions<T>(
    clause: WhereClause | undefined,
    leaf: (condition: Record<string, unknown>) => (item: T) => boolean
): (item: T) => boolean {
    type Test = (item: T) => boolean;
    const tokens = flatten(clause, []);
    let position = 0;
    const peek = () => tokens[position];
    const expression = (): Test => {
        let left = conjunction();
        while (peek() === 'OR') {
            position++;
            const [a, b] = [left, conjunction()];
            left = (r) => a(r) || b(r);
        }
        return left;
    };
    const conjunction = (): Test => {
        let left = unary();
        while (peek() === 'AND') {
            position++;
            const [a, b] = [left, unary()];
            left = (r) => a(r) && b(r);
        }
        return left;
    };
    const unary = (): Test => {
        const token = tokens[position++];
        if (token === 'NOT') {
            const inner = unary();
            return (r) => !inner(r);
        }
        if (token === '(') {
            const inner = expression();
            position++;
            return inner;
        }
        if (typeof token === 'object') return leaf(token.condition);
        throw unsupported(`the condition near ${String(token)}`);
    };
    return tokens.length === 0 ? () => true : expression();
}

/** Compiles a WHERE clause into a predicate; every field is resolved now, so errors come first. */
export function compileWhere(
    ctx: QueryContext,
    object: ObjectDef,
    where: WhereClause | undefined,
    runSubquery: SubqueryRunner
): Predicate {
    return compileConditions<SObjectRecord>(where, (condition) =>
        conditionPredicate(ctx, object, condition, runSubquery)
    );
}
