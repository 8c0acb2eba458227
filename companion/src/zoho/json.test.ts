import { describe, expect, it } from 'vitest';

import { parseZohoJson } from './json.ts';

describe('parseZohoJson', () => {
    it.each([
        {
            name: 'a 19-digit id sent as a number keeps every digit',
            text: '{"invoice":{"invoice_id":9820000005671149999}}',
            want: { invoice: { invoice_id: '9820000005671149999' } }
        },
        {
            name: 'a small numeric id becomes a string',
            text: '{"contact_id":460000000026049}',
            want: { contact_id: '460000000026049' }
        },
        {
            name: 'a string id is left alone',
            text: '{"payment_id":"9820000005671149999"}',
            want: { payment_id: '9820000005671149999' }
        },
        {
            name: 'amounts stay numbers',
            text: '{"total":290.5,"balance":0,"line_items":[{"quantity":2}]}',
            want: { total: 290.5, balance: 0, line_items: [{ quantity: 2 }] }
        }
    ])('$name', ({ text, want }) => {
        expect(parseZohoJson(text)).toEqual(want);
    });

    it('refuses what is not JSON', () => {
        expect(() => parseZohoJson('{"invoice":')).toThrow(SyntaxError);
    });
});
