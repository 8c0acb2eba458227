import { countryCode } from './countries.ts';

export type TransformResult = { ok: true; value: unknown } | { ok: false; message: string };

/** One step of a chain; it is only called with a non-null value. */
type Step = (value: unknown) => TransformResult;

const ok = (value: unknown): TransformResult => ({ ok: true, value });
const fail = (message: string): TransformResult => ({ ok: false, message });

/** The text of a primitive (as Apex's String.valueOf), or undefined for objects and arrays. */
function asText(value: unknown): string | undefined {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return undefined;
}

function textStep(name: string, change: (text: string) => string): Step {
    return (value) => {
        const text = asText(value);
        return text === undefined ? fail(`${name} expects text`) : ok(change(text));
    };
}

const DATE_PREFIX =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

function isCalendarDate(year: number, month: number, day: number): boolean {
    const date = new Date(Date.UTC(year, month - 1, day));
    return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** `YYYY-MM-DD` from a date or datetime string (its date as written) or a Date. */
const toDate: Step = (value) => {
    if (value instanceof Date && !Number.isNaN(value.getTime()))
        return ok(value.toISOString().slice(0, 10));
    const text = asText(value)?.trim() ?? '';
    const parts = DATE_PREFIX.exec(text);
    if (!parts || !isCalendarDate(Number(parts[1]), Number(parts[2]), Number(parts[3])))
        return fail(`'${asText(value) ?? typeof value}' is not a date`);
    return ok(text.slice(0, 10));
};

const toCountry: Step = (value) => {
    const text = asText(value);
    if (text === undefined) return fail('iso_country expects text');
    if (!text.trim()) return ok(null);
    const code = countryCode(text);
    return code === undefined ? fail(`'${text}' is not a known country`) : ok(code);
};

/** `map:A=B;C=D`: keys compare trimmed and case-insensitively; `A=` maps A to null. */
function mapStep(body: string): Step | string {
    const entries = new Map<string, string | null>();
    for (const raw of body.split(';')) {
        if (!raw.trim()) continue;
        const equals = raw.indexOf('=');
        if (equals < 0) return `map entry '${raw.trim()}' has no '='`;
        const key = raw.slice(0, equals).trim();
        const target = raw.slice(equals + 1).trim();
        if (!key) return `map entry '${raw.trim()}' has no key`;
        if (entries.has(key.toLowerCase())) return `map has two entries for '${key}'`;
        entries.set(key.toLowerCase(), target === '' ? null : target);
    }
    if (entries.size === 0) return 'map has no entries';
    return (value) => {
        const text = asText(value);
        if (text === undefined) return fail('map expects text');
        const key = text.trim();
        if (!key) return ok(null);
        const found = entries.get(key.toLowerCase());
        return found === undefined ? fail(`no entry for '${key}' in map`) : ok(found);
    };
}

const NAMED: Record<string, Step> = {
    upper: textStep('upper', (t) => t.toUpperCase()),
    lower: textStep('lower', (t) => t.toLowerCase()),
    trim: textStep('trim', (t) => t.trim()),
    date: toDate,
    iso_country: toCountry
};

/**
 * One step of a chain, or why it is not valid. Whitespace around a step name is ignored; the
 * text after `prefix:` is kept exactly as written, as the Apex preview keeps it.
 */
function compileStep(raw: string): Step | string {
    const spec = raw.trimStart();
    if (spec.startsWith('prefix:')) {
        const text = spec.slice('prefix:'.length);
        return textStep('prefix', (t) => text + t);
    }
    if (spec.startsWith('map:')) return mapStep(spec.slice('map:'.length));
    const name = spec.trim();
    if (!name) return 'empty transform in the chain';
    return Object.hasOwn(NAMED, name) ? (NAMED[name] as Step) : `unknown transform '${name}'`;
}

/**
 * Applies a transform spec (`upper`, `lower`, `trim`, `date`, `iso_country`, `prefix:TEXT`,
 * `map:A=B;C=D`, chained with `|`) to a value. An invalid spec fails whatever the value; a
 * null or undefined value (or a step that yields null) passes through as null.
 */
export function applyTransform(spec: string | null, value: unknown): TransformResult {
    const steps: Step[] = [];
    if (spec !== null && spec.trim()) {
        for (const raw of spec.split('|')) {
            const step = compileStep(raw);
            if (typeof step === 'string') return fail(step);
            steps.push(step);
        }
    }
    let current: unknown = value ?? null;
    for (const step of steps) {
        if (current === null) break;
        const result = step(current);
        if (!result.ok) return result;
        current = result.value;
    }
    return ok(current);
}
