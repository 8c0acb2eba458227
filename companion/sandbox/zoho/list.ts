import type { Context } from 'hono';

import { zohoErrors } from './errors.ts';
import { parseZohoTime } from './time.ts';

/**
 * Pagination, sorting and the common search operators of Zoho list endpoints (reference
 * §3.3–§3.5). `per_page` defaults to 200 and is capped at 200.
 */

export type PageContext = {
    page: number;
    per_page: number;
    has_more_page: boolean;
    report_name: string;
    applied_filter: string;
    sort_column: string;
    sort_order: 'A' | 'D';
};

type Row = Record<string, unknown>;

function positiveInt(c: Context, name: string, fallback: number): number {
    const raw = c.req.query(name);
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw zohoErrors.invalidValue(name);
    return n;
}

/**
 * Sorts and cuts one page. `valueOf` gives a row's value in a sort column (default: the row's
 * own field), so a list can sort its stored records and render only the page it answers.
 */
export function paginate<T>(
    c: Context,
    rows: T[],
    meta: {
        reportName: string;
        sortColumns: string[];
        defaultSort?: string;
        defaultOrder?: 'A' | 'D';
        appliedFilter?: string;
    },
    valueOf: (row: T, column: string) => unknown = (row, column) => (row as Row)[column]
): { rows: T[]; page_context: PageContext } {
    const page = positiveInt(c, 'page', 1);
    const perPage = Math.min(200, positiveInt(c, 'per_page', 200));
    const sortColumn = c.req.query('sort_column') ?? meta.defaultSort ?? 'created_time';
    if (!meta.sortColumns.includes(sortColumn)) throw zohoErrors.invalidValue('sort_column');
    const orderRaw = (
        c.req.query('sort_order') ?? (c.req.query('sort_column') ? 'A' : (meta.defaultOrder ?? 'D'))
    ).toUpperCase();
    if (orderRaw !== 'A' && orderRaw !== 'D') throw zohoErrors.invalidValue('sort_order');
    const direction = orderRaw === 'A' ? 1 : -1;
    const keyed = rows.map((row) => ({ row, key: sortKey(valueOf(row, sortColumn)) }));
    const sorted = keyed.sort((a, b) => direction * compare(a.key, b.key)).map((k) => k.row);
    const start = (page - 1) * perPage;
    return {
        rows: sorted.slice(start, start + perPage),
        page_context: {
            page,
            per_page: perPage,
            has_more_page: start + perPage < sorted.length,
            report_name: meta.reportName,
            applied_filter: meta.appliedFilter ?? 'Status.All',
            sort_column: sortColumn,
            sort_order: orderRaw
        }
    };
}

/** A sort value with its time read once (strings that parse as Zoho times sort as instants). */
type SortKey = { value: unknown; time: number };

function sortKey(value: unknown): SortKey {
    return { value, time: typeof value === 'string' ? parseZohoTime(value) : Number.NaN };
}

function compare(ka: SortKey, kb: SortKey): number {
    const a = ka.value;
    const b = kb.value;
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    if (typeof a === 'string' && typeof b === 'string') {
        if (!Number.isNaN(ka.time) && !Number.isNaN(kb.time)) return ka.time - kb.time;
        return a.localeCompare(b, 'en', { sensitivity: 'base' });
    }
    return String(a ?? '').localeCompare(String(b ?? ''));
}

/**
 * Applies `<field>`, `<field>_startswith` and `<field>_contains` (case-insensitive) for each
 * field; `search_text` is always a partial match.
 */
export function textFilters<T>(
    c: Context,
    rows: T[],
    fields: Record<string, (row: T) => string[]>
): T[] {
    let out = rows;
    for (const [name, get] of Object.entries(fields)) {
        const exact = name === 'search_text' ? undefined : c.req.query(name);
        const starts = c.req.query(`${name}_startswith`);
        const contains = c.req.query(name === 'search_text' ? name : `${name}_contains`);
        if (exact !== undefined)
            out = out.filter((r) => get(r).some((v) => v.toLowerCase() === exact.toLowerCase()));
        if (starts !== undefined)
            out = out.filter((r) =>
                get(r).some((v) => v.toLowerCase().startsWith(starts.toLowerCase()))
            );
        if (contains !== undefined)
            out = out.filter((r) =>
                get(r).some((v) => v.toLowerCase().includes(contains.toLowerCase()))
            );
    }
    return out;
}

/** `last_modified_time`: records modified strictly after the given instant. */
export function modifiedAfter<T extends { modified: number }>(c: Context, rows: T[]): T[] {
    const raw = c.req.query('last_modified_time');
    if (raw === undefined) return rows;
    const since = parseZohoTime(raw);
    if (Number.isNaN(since)) throw zohoErrors.invalidValue('last_modified_time');
    return rows.filter((r) => r.modified > since);
}
