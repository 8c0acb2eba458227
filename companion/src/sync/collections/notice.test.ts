import { describe, expect, it } from 'vitest';

import { daysOverdue, dueFollowUp, notice, parseOffsets, taskSubject } from './notice.ts';

const invoice = {
    number: 'INV-000042',
    total: 1190,
    balance: 690.5,
    currency: 'EUR',
    url: 'https://books.zoho.eu/app/1#/invoices/42'
};

describe('collections notices', () => {
    it.each([
        { due: '2026-11-30', today: '2026-12-01', want: 1 },
        { due: '2026-11-30', today: '2026-11-30', want: 0 },
        { due: '2026-02-28', today: '2026-03-30', want: 30 },
        { due: '2026-12-31', today: '2027-01-07', want: 7 }
    ])('$today is $want days after $due', ({ due, today, want }) => {
        expect(daysOverdue(due, today)).toBe(want);
    });

    it.each([
        { value: '3,7,14', want: [3, 7, 14] },
        { value: ' 30, 7 ,7,x,-1,0 ', want: [7, 30] },
        { value: '', want: [] },
        { value: null, want: [] }
    ])('reads offsets "$value"', ({ value, want }) => {
        expect(parseOffsets(value)).toEqual(want);
    });

    it.each([
        { name: 'before the first offset', days: 2, last: 0, want: undefined },
        { name: 'on the first offset', days: 3, last: 0, want: 3 },
        { name: 'the next, after the first was sent', days: 8, last: 3, want: 7 },
        { name: 'only the latest when several passed', days: 20, last: 0, want: 14 },
        { name: 'nothing once the last was sent', days: 40, last: 14, want: undefined }
    ])('follow-up: $name', ({ days, last, want }) => {
        expect(dueFollowUp([3, 7, 14], days, last)).toBe(want);
    });

    it('says the number, the amount due, the days and the link', () => {
        const said = notice({ invoice, accountName: 'Acme GmbH', overdueDays: 8, followUpDay: 7 });
        expect(said.subject).toBe(
            'Follow-up (day 7): Invoice INV-000042 for Acme GmbH is 8 days overdue'
        );
        expect(said.text).toContain('Balance due: EUR 690.50 of EUR 1190.00.');
        expect(said.text).toContain(invoice.url);
    });

    it('gives each offset its own stable task subject', () => {
        expect(taskSubject(invoice, 'Acme GmbH', 0)).toBe(
            'Collect overdue invoice INV-000042 from Acme GmbH'
        );
        expect(taskSubject(invoice, 'Acme GmbH', 7)).toBe(
            'Follow-up (day 7): Collect overdue invoice INV-000042 from Acme GmbH'
        );
    });
});
