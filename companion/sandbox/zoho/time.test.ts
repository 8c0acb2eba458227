import { describe, expect, it } from 'vitest';

import { addDays, formatZohoTime, isDate, orgToday, parseZohoTime } from './time.ts';

const T = Date.UTC(2013, 10, 18, 10, 17, 40);

describe('zoho time formats', () => {
    it.each([
        { name: 'UTC', offset: 0, want: '2013-11-18T10:17:40+0000' },
        { name: 'Pacific', offset: -480, want: '2013-11-18T02:17:40-0800' },
        { name: 'India, half-hour offset', offset: 330, want: '2013-11-18T15:47:40+0530' }
    ])('formats timestamps without a colon in the offset: $name', ({ offset, want }) => {
        expect(formatZohoTime(T, offset)).toBe(want);
        expect(parseZohoTime(want)).toBe(T);
    });

    it.each([
        { text: '2013-11-18T02:17:40-08:00', want: T },
        { text: '2013-11-18T10:17:40Z', want: T },
        { text: '2013-11-18T02:17:40 0800', want: Number.NaN },
        { text: 'yesterday', want: Number.NaN }
    ])('parses $text', ({ text, want }) => {
        expect(parseZohoTime(text)).toBe(want);
    });

    it('knows the org’s today and adds days across months', () => {
        expect(orgToday(Date.UTC(2026, 0, 15, 23, 30), 60)).toBe('2026-01-16');
        expect(addDays('2026-01-15', 30)).toBe('2026-02-14');
        expect([isDate('2026-02-30'), isDate('2026-02-28'), isDate('15/01/2026')]).toEqual([
            false,
            true,
            false
        ]);
    });
});
