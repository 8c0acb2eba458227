import { describe, expect, it } from 'vitest';

import type { InvoiceRow } from '../../zoho/schemas/sales.ts';
import { latestModified, parseZohoTime, untouchedByMoney, zohoTime } from './sweep.ts';

describe('Zoho timestamps of the sweep', () => {
    it.each([
        {
            name: 'offset without a colon',
            value: '2026-11-02T14:30:00+0530',
            want: Date.UTC(2026, 10, 2, 9)
        },
        {
            name: 'offset with a colon',
            value: '2026-11-02T04:00:00-05:00',
            want: Date.UTC(2026, 10, 2, 9)
        },
        { name: 'UTC', value: '2026-11-02T09:00:00+0000', want: Date.UTC(2026, 10, 2, 9) },
        { name: 'not a timestamp', value: '2026-11-02', want: Number.NaN },
        { name: 'missing', value: undefined, want: Number.NaN }
    ])('reads $name', ({ value, want }) => {
        expect(parseZohoTime(value)).toBe(want);
    });

    it('writes the filter form Zoho documents, and reads it back', () => {
        const ms = Date.UTC(2026, 10, 2, 9, 15, 7);
        expect(zohoTime(ms)).toBe('2026-11-02T09:15:07+0000');
        expect(parseZohoTime(zohoTime(ms))).toBe(ms);
    });

    it('finds the latest modified time of a list too long to spread into Math.max', () => {
        const start = Date.UTC(2026, 10, 2, 9);
        const rows = Array.from({ length: 300_000 }, (_, i) => ({
            last_modified_time: zohoTime(start + (i % 1_000) * 1_000)
        }));
        rows.push({ last_modified_time: 'not a time' }, { last_modified_time: '' });
        expect(latestModified(rows, 0)).toBe(start + 999_000);
        expect(latestModified(rows, start + 5_000_000)).toBe(start + 5_000_000);
        expect(latestModified([], 7)).toBe(7);
    });
});

describe('untouchedByMoney', () => {
    const row = (over: Partial<InvoiceRow>): InvoiceRow => ({
        invoice_id: '1',
        invoice_number: 'INV-1',
        status: 'sent',
        customer_id: '2',
        date: '2026-11-01',
        due_date: '2026-12-01',
        currency_id: '3',
        currency_code: 'USD',
        exchange_rate: 1,
        total: 100,
        balance: 100,
        payment_made: 0,
        credits_applied: 0,
        ...over
    });
    it.each([
        { name: 'sent, nothing paid, not due', over: {}, want: true },
        { name: 'draft', over: { status: 'draft' as const }, want: true },
        { name: 'part paid', over: { payment_made: 10, balance: 90 }, want: false },
        { name: 'credited', over: { credits_applied: 10, balance: 90 }, want: false },
        { name: 'overdue', over: { due_date: '2026-11-10' }, want: false },
        { name: 'void', over: { status: 'void' as const, balance: 0 }, want: false }
    ])('$name → $want', ({ over, want }) => {
        expect(untouchedByMoney(row(over), '2026-11-20')).toBe(want);
    });
});
