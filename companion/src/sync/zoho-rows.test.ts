import { describe, expect, it } from 'vitest';

import { completeRows } from './zoho-rows.ts';

describe('completeRows', () => {
    it('keeps rows that carry the fields and reads the record of those that do not', async () => {
        const read: string[] = [];
        const rows: { invoice_id: string; customer_id?: string; exchange_rate?: number }[] = [
            { invoice_id: '1', customer_id: 'c-1', exchange_rate: 1.1 },
            { invoice_id: '2', exchange_rate: 1.2 },
            { invoice_id: '3', customer_id: 'c-row' }
        ];
        const got = await completeRows(
            rows,
            ['customer_id', 'exchange_rate'],
            (r) => r.invoice_id,
            async (id) => {
                read.push(id);
                return { customer_id: `c-${id}`, exchange_rate: 9 };
            }
        );
        expect(got).toEqual([
            { invoice_id: '1', customer_id: 'c-1', exchange_rate: 1.1 },
            { invoice_id: '2', customer_id: 'c-2', exchange_rate: 1.2 },
            { invoice_id: '3', customer_id: 'c-row', exchange_rate: 9 }
        ]);
        expect(read).toEqual(['2', '3']);
    });
});
