import { describe, expect, it } from 'vitest';

import { dateLiteralRange } from './date-literals.ts';

// Wednesday 2026-11-25, 16:40 UTC.
const now = Date.UTC(2026, 10, 25, 16, 40);

describe('dateLiteralRange', () => {
    it.each([
        { literal: 'TODAY', want: { start: '2026-11-25', end: '2026-11-26' } },
        { literal: 'YESTERDAY', want: { start: '2026-11-24', end: '2026-11-25' } },
        { literal: 'THIS_WEEK', want: { start: '2026-11-22', end: '2026-11-29' } },
        { literal: 'LAST_MONTH', want: { start: '2026-10-01', end: '2026-11-01' } },
        { literal: 'THIS_MONTH', want: { start: '2026-11-01', end: '2026-12-01' } },
        { literal: 'NEXT_MONTH', want: { start: '2026-12-01', end: '2027-01-01' } },
        { literal: 'THIS_QUARTER', want: { start: '2026-10-01', end: '2027-01-01' } },
        { literal: 'LAST_YEAR', want: { start: '2025-01-01', end: '2026-01-01' } },
        { literal: 'THIS_FISCAL_YEAR', want: { start: '2026-01-01', end: '2027-01-01' } },
        { literal: 'LAST_N_DAYS', n: 30, want: { start: '2026-10-26', end: '2026-11-26' } },
        { literal: 'NEXT_N_DAYS', n: 3, want: { start: '2026-11-26', end: '2026-11-29' } },
        { literal: 'N_DAYS_AGO', n: 2, want: { start: '2026-11-23', end: '2026-11-24' } },
        { literal: 'LAST_N_MONTHS', n: 2, want: { start: '2026-09-01', end: '2026-11-01' } }
    ])('$literal $n', ({ literal, n, want }) => {
        expect(dateLiteralRange(literal, now, n)).toEqual(want);
    });

    it('refuses a literal it does not know, naming it', () => {
        expect(() => dateLiteralRange('LAST_FORTNIGHT', now)).toThrow(/LAST_FORTNIGHT/);
    });
});
