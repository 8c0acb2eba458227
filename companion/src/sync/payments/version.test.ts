import { describe, expect, it } from 'vitest';

import { invoiceRowSchema, invoiceSchema } from '../../zoho/schemas/sales.ts';
import { invoiceVersion } from './version.ts';

const invoice = invoiceSchema.parse({
    invoice_id: '460000000001',
    invoice_number: 'INV-000001',
    status: 'partially_paid',
    customer_id: '460000000009',
    date: '2026-11-02',
    due_date: '2026-11-30',
    currency_id: '460000000003',
    currency_code: 'USD',
    exchange_rate: 1,
    total: 1000,
    balance: 900,
    payment_made: 100,
    line_items: [],
    last_modified_time: '2026-11-02T09:00:05+0000'
});

describe('invoiceVersion', () => {
    it('is the same for the same invoice read twice on the same day', () => {
        expect(invoiceVersion({ ...invoice }, '2026-11-02')).toBe(
            invoiceVersion(invoice, '2026-11-02')
        );
    });

    it('is the same for a list row and a full read of the same version', () => {
        const row = invoiceRowSchema.parse(
            Object.fromEntries(Object.entries(invoice).filter(([key]) => key !== 'line_items'))
        );
        expect(row).not.toHaveProperty('line_items');
        expect(invoiceVersion(row, '2026-11-02')).toBe(invoiceVersion(invoice, '2026-11-02'));
    });

    it('tells apart two changes within the same second of last_modified_time', () => {
        const paidAgain = { ...invoice, balance: 800, payment_made: 200 };
        expect(invoiceVersion(paidAgain, '2026-11-02')).not.toBe(
            invoiceVersion(invoice, '2026-11-02')
        );
    });

    it('differs on another day of the organization (an invoice turns overdue unedited)', () => {
        expect(invoiceVersion(invoice, '2026-12-01')).not.toBe(
            invoiceVersion(invoice, '2026-11-02')
        );
    });

    it('is unknown when Zoho gives no modified time, so nothing is skipped', () => {
        expect(
            invoiceVersion({ ...invoice, last_modified_time: undefined }, '2026-11-02')
        ).toBeUndefined();
    });
});
