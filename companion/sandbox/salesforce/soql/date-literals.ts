import { unsupported } from '../errors.ts';

/** A half-open range of calendar days, `YYYY-MM-DD` strings (org time zone: GMT). */
export type DayRange = { start: string; end: string };

type Unit = 'day' | 'week' | 'month' | 'quarter' | 'year';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Start (UTC ms) of the unit containing `ms`; weeks start on Sunday (en_US locale). */
function unitStart(ms: number, unit: Unit): number {
    const d = new Date(ms);
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth();
    switch (unit) {
        case 'day':
            return Date.UTC(y, m, d.getUTCDate());
        case 'week':
            return Date.UTC(y, m, d.getUTCDate() - d.getUTCDay());
        case 'month':
            return Date.UTC(y, m, 1);
        case 'quarter':
            return Date.UTC(y, m - (m % 3), 1);
        case 'year':
            return Date.UTC(y, 0, 1);
    }
}

function shift(ms: number, unit: Unit, count: number): number {
    const d = new Date(ms);
    switch (unit) {
        case 'day':
            return ms + count * DAY;
        case 'week':
            return ms + count * 7 * DAY;
        case 'month':
            return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + count, d.getUTCDate());
        case 'quarter':
            return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 3 * count, d.getUTCDate());
        case 'year':
            return Date.UTC(d.getUTCFullYear() + count, d.getUTCMonth(), d.getUTCDate());
    }
}

/** `count` units starting `offset` units from the current one. */
function units(now: number, unit: Unit, offset: number, count: number): DayRange {
    const start = shift(unitStart(now, unit), unit, offset);
    return { start: iso(start), end: iso(shift(start, unit, count)) };
}

const UNIT_OF: Record<string, Unit> = {
    DAYS: 'day',
    WEEKS: 'week',
    MONTHS: 'month',
    QUARTERS: 'quarter',
    FISCAL_QUARTERS: 'quarter',
    YEARS: 'year',
    FISCAL_YEARS: 'year'
};

/**
 * The day range a SOQL date literal covers on `now` (fiscal year = calendar year, starting in
 * January, as FiscalYearStartMonth says). `n` is the number of `LAST_N_DAYS:n`-style literals.
 */
export function dateLiteralRange(literal: string, now: number, n?: number): DayRange {
    const name = literal.toUpperCase().split(':')[0] ?? '';
    const fixed: Record<string, () => DayRange> = {
        YESTERDAY: () => units(now, 'day', -1, 1),
        TODAY: () => units(now, 'day', 0, 1),
        TOMORROW: () => units(now, 'day', 1, 1),
        LAST_90_DAYS: () => ({
            start: iso(unitStart(now, 'day') - 90 * DAY),
            end: iso(unitStart(now, 'day') + DAY)
        }),
        NEXT_90_DAYS: () => units(now, 'day', 1, 90)
    };
    if (fixed[name]) return fixed[name]();
    const relative = /^(LAST|THIS|NEXT)_(FISCAL_)?(WEEK|MONTH|QUARTER|YEAR)$/.exec(name);
    if (relative) {
        const unit = relative[3]!.toLowerCase() as Unit;
        return units(
            now,
            unit,
            { LAST: -1, THIS: 0, NEXT: 1 }[relative[1] as 'LAST' | 'THIS' | 'NEXT'],
            1
        );
    }
    const counted =
        /^(LAST_N|NEXT_N|N)_((?:FISCAL_)?(?:DAYS|WEEKS|MONTHS|QUARTERS|YEARS))(_AGO)?$/.exec(name);
    if (counted && n !== undefined) {
        const unit = UNIT_OF[counted[2]!]!;
        if (counted[1] === 'N' && counted[3]) return units(now, unit, -n, 1);
        if (counted[1] === 'NEXT_N') return units(now, unit, 1, n);
        // LAST_N_DAYS:n includes today; the other LAST_N_* end where the current unit starts.
        if (unit === 'day')
            return {
                start: iso(unitStart(now, 'day') - n * DAY),
                end: iso(unitStart(now, 'day') + DAY)
            };
        return units(now, unit, -n, n);
    }
    throw unsupported(`the date literal ${literal}`);
}
