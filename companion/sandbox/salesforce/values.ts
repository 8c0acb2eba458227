import { SalesforceError } from './errors.ts';
import { normalizeId } from './ids.ts';
import type { FieldDef } from './schema/types.ts';

const parserError = (type: string, value: unknown) =>
    new SalesforceError(
        'JSON_PARSER_ERROR',
        `Cannot deserialize instance of ${type} from VALUE_STRING value ${String(value)} or request may be missing a required field`
    );

/** `2026-11-25T16:40:00.000+0000`, the way record JSON carries datetimes (reference §A.3). */
export function formatDateTime(ms: number): string {
    return new Date(ms).toISOString().replace('Z', '+0000');
}

export function parseDateTime(value: string): number | undefined {
    const iso = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
    const ms = Date.parse(iso);
    return Number.isNaN(ms) ? undefined : ms;
}

function isValidDate(value: string): boolean {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
    const ms = Date.parse(`${value}T00:00:00Z`);
    return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(value);
}

function toNumber(field: FieldDef, value: unknown): number {
    const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isFinite(number))
        throw parserError(field.type === 'int' ? 'int' : 'double', value);
    if (field.type === 'int' && !Number.isInteger(number)) throw parserError('int', value);
    const digits = (field.precision ?? 18) - (field.scale ?? 0);
    if (Math.abs(Math.trunc(number)).toString().length > digits)
        throw new SalesforceError(
            'NUMBER_OUTSIDE_VALID_RANGE',
            `${field.label}: value outside of valid range on numeric field: ${number}`,
            { fields: [field.name] }
        );
    return number;
}

/**
 * Coerces one JSON value to what the org stores for the field's type, or throws the error an org
 * gives. Picklist membership and references are checked by the caller, which knows the org.
 */
export function coerceValue(field: FieldDef, value: unknown): unknown {
    if (value === null || value === undefined) return null;
    switch (field.type) {
        case 'boolean':
            if (typeof value === 'boolean') return value;
            if (value === 'true' || value === 'false') return value === 'true';
            throw parserError('boolean', value);
        case 'int':
        case 'double':
        case 'currency':
        case 'percent':
            return toNumber(field, value);
        case 'date': {
            const text = String(value);
            const date = /^\d{4}-\d{2}-\d{2}T/.test(text) ? text.slice(0, 10) : text;
            if (typeof value !== 'string' || !isValidDate(date)) throw parserError('date', value);
            return date;
        }
        case 'datetime': {
            const ms = typeof value === 'string' ? parseDateTime(value) : undefined;
            if (ms === undefined) throw parserError('datetime', value);
            return formatDateTime(ms);
        }
        case 'reference':
        case 'id': {
            const id = typeof value === 'string' ? normalizeId(value) : undefined;
            if (!id)
                throw new SalesforceError(
                    'MALFORMED_ID',
                    `${field.label}: id value of incorrect type: ${String(value)}`,
                    { fields: [field.name] }
                );
            return id;
        }
        default: {
            if (typeof value === 'object') throw parserError('String', JSON.stringify(value));
            const text = String(value);
            if (field.length !== undefined && text.length > field.length)
                throw new SalesforceError(
                    'STRING_TOO_LONG',
                    `${field.label}: data value too large: ${text} (max length=${field.length})`,
                    { fields: [field.name] }
                );
            if (field.type === 'email' && text !== '' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(text))
                throw new SalesforceError(
                    'INVALID_EMAIL_ADDRESS',
                    `${field.label}: invalid email address: ${text}`,
                    { fields: [field.name] }
                );
            return text === '' ? null : text;
        }
    }
}
