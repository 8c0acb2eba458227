import { describe, expect, it } from 'vitest';

import { parseZohoTime, zohoTime } from './sweep.ts';

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
});
