import { describe, expect, it } from 'vitest';

import {
    computeTotals,
    formatDiscount,
    parseDiscount,
    roundTo,
    type LineInput,
    type TotalsInput
} from './money.ts';

const vat19 = { taxId: 'a', taxName: 'VAT 19', percentage: 19 };
const vat7 = { taxId: 'b', taxName: 'VAT 7', percentage: 7 };

function line(rate: number, quantity: number, extra: Partial<LineInput> = {}): LineInput {
    return { rate, quantity, taxes: [], ...extra };
}

function input(lines: LineInput[], extra: Partial<TotalsInput> = {}): TotalsInput {
    return {
        lines,
        isDiscountBeforeTax: true,
        shippingCharge: 0,
        adjustment: 0,
        precision: 2,
        ...extra
    };
}

describe('money', () => {
    it.each([
        { name: 'half rounds away from zero', value: 1.005, precision: 2, want: 1.01 },
        { name: 'binary drift does not leak', value: 0.1 + 0.2, precision: 2, want: 0.3 },
        { name: 'zero-precision currency', value: 1234.5, precision: 0, want: 1235 },
        { name: 'negative half', value: -2.345, precision: 2, want: -2.35 },
        { name: 'three decimals', value: 1.23449, precision: 3, want: 1.234 }
    ])('roundTo: $name', ({ value, precision, want }) => {
        expect(roundTo(value, precision)).toBe(want);
    });

    it.each([
        { name: 'percentage string', raw: '12.5%', want: { kind: 'percent', value: 12.5 } },
        { name: 'amount number', raw: 5, want: { kind: 'amount', value: 5 } },
        { name: 'numeric string amount', raw: '7.25', want: { kind: 'amount', value: 7.25 } },
        { name: 'empty means none', raw: '', want: undefined },
        { name: 'over 100 percent', raw: '120%', want: 'invalid' },
        { name: 'negative amount', raw: -1, want: 'invalid' },
        { name: 'words', raw: 'ten percent', want: 'invalid' }
    ])('parseDiscount: $name', ({ raw, want }) => {
        expect(parseDiscount(raw)).toEqual(want);
    });

    it('formats discounts as the API does', () => {
        expect(formatDiscount({ kind: 'percent', value: 10 })).toBe('10.00%');
        expect(formatDiscount({ kind: 'amount', value: 4.5 })).toBe(4.5);
        expect(formatDiscount(undefined)).toBe(0);
    });

    it.each([
        {
            name: 'single untaxed line',
            totals: input([line(145, 2)]),
            want: { subTotal: 290, discountTotal: 0, taxTotal: 0, total: 290 }
        },
        {
            // 3 × 19.99 = 59.97; tax 19 % = 11.3943 → 11.39
            name: 'tax rounded per line',
            totals: input([line(19.99, 3, { taxes: [vat19] })]),
            want: { subTotal: 59.97, taxTotal: 11.39, total: 71.36 }
        },
        {
            // 100 − 10 % = 90; tax 7 % = 6.30
            name: 'percentage line discount lowers the taxable amount',
            totals: input([
                line(100, 1, { discount: { kind: 'percent', value: 10 }, taxes: [vat7] })
            ]),
            want: { subTotal: 90, taxTotal: 6.3, total: 96.3 }
        },
        {
            // lines 100 (19 %) and 50 (7 %); 10 % before tax = 15; taxable 90 and 45;
            // tax 17.10 + 3.15 = 20.25; total 150 − 15 + 20.25 = 155.25
            name: 'entity discount before tax is spread over the lines',
            totals: input([line(100, 1, { taxes: [vat19] }), line(50, 1, { taxes: [vat7] })], {
                discount: { kind: 'percent', value: 10 }
            }),
            want: { subTotal: 150, discountTotal: 15, taxTotal: 20.25, total: 155.25 }
        },
        {
            // tax 19 + 3.5 = 22.50; 10 % of (150 + 22.50) = 17.25; total 172.50 − 17.25 = 155.25
            name: 'entity discount after tax applies to sub total plus tax',
            totals: input([line(100, 1, { taxes: [vat19] }), line(50, 1, { taxes: [vat7] })], {
                discount: { kind: 'percent', value: 10 },
                isDiscountBeforeTax: false
            }),
            want: { subTotal: 150, discountTotal: 17.25, taxTotal: 22.5, total: 155.25 }
        },
        {
            // a tax group (19 % + 7 %) taxes each member separately: 19.00 + 7.00
            name: 'tax group contributes one tax per member',
            totals: input([line(100, 1, { taxes: [vat19, vat7] })]),
            want: {
                subTotal: 100,
                taxTotal: 26,
                total: 126,
                taxes: [
                    { taxId: 'a', taxName: 'VAT 19', taxAmount: 19 },
                    { taxId: 'b', taxName: 'VAT 7', taxAmount: 7 }
                ]
            }
        },
        {
            // 3 × 333.3 = 999.9 → 1000 in a zero-precision currency
            name: 'zero-precision currency',
            totals: input([line(333.3, 3)], { precision: 0 }),
            want: { subTotal: 1000, total: 1000 }
        },
        {
            name: 'shipping and adjustment are added last',
            totals: input([line(10, 1)], { shippingCharge: 4.5, adjustment: -0.5 }),
            want: { subTotal: 10, total: 14 }
        },
        {
            name: 'amount discount cannot exceed the line',
            totals: input([line(10, 1, { discount: { kind: 'amount', value: 25 } })]),
            want: { subTotal: 0, total: 0 }
        }
    ])('computeTotals: $name', ({ totals, want }) => {
        expect(computeTotals(totals)).toMatchObject(want);
    });
});
