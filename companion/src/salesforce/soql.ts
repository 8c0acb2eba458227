import { SalesforceInputError } from './errors.ts';
import { assertApiName, assertSalesforceId } from './names.ts';

/** A SOQL statement built by `soql`: its values were escaped, its names checked. */
export class Soql {
    constructor(readonly text: string) {}
    toString(): string {
        return this.text;
    }
}

/** A field or object name spliced in as a name, not as a string literal. */
class SoqlName {
    constructor(readonly name: string) {}
}

/** A record id, checked by shape and written as a string literal. */
class SoqlId {
    constructor(readonly id: string) {}
}

type Scalar = string | number | boolean | null | Date | SoqlId;
export type SoqlValue = Scalar | SoqlName | Soql | readonly Scalar[];

/** Escapes a SOQL string literal: backslash first, then quotes and control characters. */
export function escapeSoqlString(value: string): string {
    return value.replace(/[\\'"\n\r\t\b\f]/g, (c) => {
        const named: Record<string, string> = {
            '\n': 'n',
            '\r': 'r',
            '\t': 't',
            '\b': 'b',
            '\f': 'f'
        };
        return `\\${named[c] ?? c}`;
    });
}

/** Names a field or object; only API-name characters pass. Dotted relationship paths allowed. */
export function soqlName(name: string): SoqlName {
    name.split('.').forEach((part) => assertApiName(part, 'SOQL name'));
    return new SoqlName(name);
}

export function soqlId(value: string): SoqlId {
    return new SoqlId(assertSalesforceId(value));
}

function scalar(value: Scalar): string {
    if (value === null) return 'NULL';
    if (value instanceof SoqlId) return `'${value.id}'`;
    if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) throw new SalesforceInputError('invalid date in SOQL');
        return value.toISOString().replace(/\.\d{3}Z$/, 'Z');
    }
    switch (typeof value) {
        case 'string':
            return `'${escapeSoqlString(value)}'`;
        case 'boolean':
            return value ? 'TRUE' : 'FALSE';
        case 'number':
            if (!Number.isFinite(value))
                throw new SalesforceInputError('non-finite number in SOQL');
            return String(value);
        default:
            throw new SalesforceInputError(`cannot put a ${typeof value} into SOQL`);
    }
}

function render(value: SoqlValue): string {
    if (value instanceof Soql) return value.text;
    if (value instanceof SoqlName) return value.name;
    if (Array.isArray(value)) {
        if (value.length === 0) throw new SalesforceInputError('empty list in SOQL IN (…)');
        return `(${value.map(scalar).join(', ')})`;
    }
    return scalar(value as Scalar);
}

/**
 * Builds SOQL from a template: every `${value}` becomes a literal (strings quoted and
 * escaped, lists as `(a, b)`), unless wrapped in `soqlName` (checked name) or already `Soql`.
 * There is no way to splice raw text.
 */
export function soql(strings: TemplateStringsArray, ...values: SoqlValue[]): Soql {
    let text = strings[0] ?? '';
    values.forEach((value, i) => {
        text += render(value) + (strings[i + 1] ?? '');
    });
    return new Soql(text);
}

/** A checked, comma-separated field list for a SELECT (duplicates dropped, case-insensitive). */
export function soqlFields(names: readonly string[]): Soql {
    const seen = new Map<string, string>();
    for (const name of names) seen.set(name.toLowerCase(), soqlName(name).name);
    if (seen.size === 0) throw new SalesforceInputError('empty field list in SOQL');
    return new Soql([...seen.values()].join(', '));
}
