import { describe, expect, it } from 'vitest';

import { parseZohoJson } from '../json.ts';
import * as r from './responses.ts';

/**
 * The shapes Zoho's documentation shows that differ from the live API (reference §8 and its
 * OpenAPI examples), written here as our own minimal bodies so the tolerance is checked on every
 * machine, with or without Zoho's files (see oas-examples.test.ts for the walk over them).
 */

const read = (text: string) => parseZohoJson(text);

describe('schemas read the documented quirks', () => {
    it('reads an item tax percentage written as "70%" as the number', () => {
        const body = read(
            '{"code":0,"message":"success","item":{"item_id":460000000027009,"name":"Hard drive","status":"active","rate":120,"tax_percentage":"70%"}}'
        );
        const parsed = r.itemResponseSchema.parse(body);
        expect(parsed.item.tax_percentage).toBe(70);
        expect(parsed.item.item_id).toBe('460000000027009');
    });

    it('keeps all 19 digits of an id written as a bare number', () => {
        const parsed = r.invoiceResponseSchema.parse(
            read(
                '{"code":0,"message":"success","invoice":{"invoice_id":4815000000044895123,"invoice_number":"INV-1","status":"draft","customer_id":4815000000044080001,"date":"2026-01-05","currency_id":4815000000000099,"currency_code":"USD","exchange_rate":1,"total":10,"balance":10,"line_items":[]}}'
            )
        );
        expect(parsed.invoice.invoice_id).toBe('4815000000044895123');
        expect(parsed.invoice.customer_id).toBe('4815000000044080001');
    });

    it('reads custom fields that carry no customfield_id, and list rows without exchange_rate or customer_id', () => {
        const parsed = r.invoicesResponseSchema.parse(
            read(
                '{"code":0,"message":"success","invoices":[{"invoice_id":"1","invoice_number":"INV-9","status":"sent","date":"2026-02-01","currency_id":"9","currency_code":"EUR","total":"12.50","balance":"12.50","custom_fields":[{"api_name":"cf_sf_id","value":"006000000000001AAA"}]}]}'
            )
        );
        const [row] = parsed.invoices;
        expect(row?.custom_fields?.[0]).toMatchObject({ api_name: 'cf_sf_id' });
        expect(row?.exchange_rate).toBeUndefined();
        expect(row?.customer_id).toBeUndefined();
    });

    it('reads the customer payment list under the documented key and the live one alike', () => {
        const row =
            '{"payment_id":"5","customer_id":"2","date":"2026-03-01","payment_mode":"cash","amount":40}';
        for (const key of ['customer_payments', 'customerpayments']) {
            const parsed = r.paymentsResponseSchema.parse(
                read(`{"code":0,"message":"success","${key}":[${row}]}`)
            );
            expect(parsed.customerpayments.map((p) => p.payment_id)).toEqual(['5']);
        }
    });

    it('refuses a body that says it failed', () => {
        expect(
            r.invoiceResponseSchema.safeParse(
                read('{"code":1002,"message":"Invoice does not exist."}')
            ).success
        ).toBe(false);
    });
});
