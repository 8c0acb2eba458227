import { describe, expect, it } from 'vitest';

import type { InvoiceMoney } from '../payments/map.ts';
import { addDays, dateInZone, overdueForCollections } from './overdue.ts';

describe('dateInZone', () => {
    // 4 December 2026, 23:30 UTC: already the 5th in Kolkata, still the 4th in Los Angeles.
    const late = Date.UTC(2026, 11, 4, 23, 30);

    it("gives the organization's calendar date, not the UTC one", () => {
        expect(dateInZone(late, 'Asia/Kolkata')).toBe('2026-12-05');
        expect(dateInZone(late, 'America/Los_Angeles')).toBe('2026-12-04');
        expect(dateInZone(Date.UTC(2026, 11, 5, 5), 'America/Los_Angeles')).toBe('2026-12-04');
    });

    it('falls back to the UTC date when the zone is missing or unknown', () => {
        expect(dateInZone(late, undefined)).toBe('2026-12-04');
        expect(dateInZone(late, 'Not/AZone')).toBe('2026-12-04');
    });
});

describe('addDays', () => {
    it('crosses month and year ends', () => {
        expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
        expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    });
});

describe('overdueForCollections', () => {
    const partlyPaid: Pick<InvoiceMoney, 'status' | 'balance' | 'due_date'> = {
        status: 'partially_paid',
        balance: 40,
        due_date: '2026-12-01'
    };

    it('counts a partly paid invoice only once its due date plus the grace period has passed', () => {
        expect(overdueForCollections(partlyPaid, '2026-12-02', 0)).toBe(true);
        expect(overdueForCollections(partlyPaid, '2026-12-04', 3)).toBe(false);
        expect(overdueForCollections(partlyPaid, '2026-12-05', 3)).toBe(true);
    });

    it('holds back an invoice Zoho marks overdue until the grace period has passed too', () => {
        const marked = { ...partlyPaid, status: 'overdue' as const };
        expect(overdueForCollections(marked, '2026-12-02', 0)).toBe(true);
        expect(overdueForCollections(marked, '2026-12-02', 30)).toBe(false);
        expect(overdueForCollections(marked, '2026-12-31', 30)).toBe(false);
        expect(overdueForCollections(marked, '2027-01-01', 30)).toBe(true);
        expect(overdueForCollections({ ...marked, due_date: '' }, '2026-12-02', 30)).toBe(true);
        expect(overdueForCollections({ ...marked, balance: 0 }, '2026-12-20', 0)).toBe(false);
    });

    it('never counts a paid, void or draft invoice, nor one with no due date', () => {
        for (const status of ['paid', 'void', 'draft'] as const)
            expect(overdueForCollections({ ...partlyPaid, status }, '2027-01-01', 0)).toBe(false);
        expect(overdueForCollections({ ...partlyPaid, due_date: '' }, '2027-01-01', 0)).toBe(false);
    });
});
