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
        discountType: 'item_level',
        isDiscountBeforeTax: true,
        isInclusiveTax: false,
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
                discountType: 'entity_level',
                discount: { kind: 'percent', value: 10 }
            }),
            want: { subTotal: 150, discountTotal: 15, taxTotal: 20.25, total: 155.25 }
        },
        {
            // tax 19 + 3.5 = 22.50; 10 % of (150 + 22.50) = 17.25; total 172.50 − 17.25 = 155.25
            name: 'entity discount after tax applies to sub total plus tax',
            totals: input([line(100, 1, { taxes: [vat19] }), line(50, 1, { taxes: [vat7] })], {
                discountType: 'entity_level',
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
            // 4.10 × 15 % is exactly 0.615: half a cent, rounded up (binary floating point
            // makes it 0.61499… and 0.61)
            name: 'an exact half cent of tax rounds up',
            totals: input([line(4.1, 1, { taxes: [{ ...vat7, percentage: 15 }] })]),
            want: { subTotal: 4.1, taxTotal: 0.62, total: 4.72 }
        },
        {
            // 1.15 × 3 = 3.45 exactly (3.4499… in binary)
            name: 'an exact half-cent gross rounds up',
            totals: input([line(1.15, 3), line(0.335, 1)]),
            want: { subTotal: 3.79, total: 3.79 }
        },
        {
            // entity level: the line's 10 % is not applied; 5 % of 200 = 10; tax 19 % of 190
            name: 'entity level ignores line discounts',
            totals: input(
                [line(200, 1, { discount: { kind: 'percent', value: 10 }, taxes: [vat19] })],
                { discountType: 'entity_level', discount: { kind: 'percent', value: 5 } }
            ),
            want: {
                lines: [{ discountAmount: 0, itemTotal: 200, taxAmount: 36.1 }],
                subTotal: 200,
                discountTotal: 10,
                taxTotal: 36.1,
                total: 226.1
            }
        },
        {
            // item level: the entity 5 % is not applied; the line's 10 % is: 180, tax 34.20
            name: 'item level ignores the entity discount',
            totals: input(
                [line(200, 1, { discount: { kind: 'percent', value: 10 }, taxes: [vat19] })],
                { discountType: 'item_level', discount: { kind: 'percent', value: 5 } }
            ),
            want: { subTotal: 180, discountTotal: 0, taxTotal: 34.2, total: 214.2 }
        },
        {
            // 100 includes 19 %: 100 × 19 ÷ 119 = 15.966… → 15.97; nothing is added
            name: 'inclusive tax is extracted from the line',
            totals: input([line(100, 1, { taxes: [vat19] })], { isInclusiveTax: true }),
            want: {
                lines: [{ discountAmount: 0, itemTotal: 100, taxAmount: 15.97 }],
                subTotal: 100,
                taxTotal: 15.97,
                total: 100
            }
        },
        {
            // 126 includes a 19 % + 7 % group: 126 × 19 ÷ 126 = 19.00 and 126 × 7 ÷ 126 = 7.00
            name: 'inclusive tax group members share the denominator',
            totals: input([line(126, 1, { taxes: [vat19, vat7] })], { isInclusiveTax: true }),
            want: { subTotal: 126, taxTotal: 26, total: 126 }
        },
        {
            // 10 % of 150 before tax = 15, shares 10 and 5; 90 × 19 ÷ 119 = 14.369… → 14.37,
            // 45 × 7 ÷ 107 = 2.943… → 2.94; total 150 − 15 = 135 (tax inside)
            name: 'inclusive tax after an entity discount before tax',
            totals: input([line(100, 1, { taxes: [vat19] }), line(50, 1, { taxes: [vat7] })], {
                discountType: 'entity_level',
                discount: { kind: 'percent', value: 10 },
                isInclusiveTax: true
            }),
            want: { subTotal: 150, discountTotal: 15, taxTotal: 17.31, total: 135 }
        },
        {
            // after tax: 10 % of the inclusive 150 = 15; tax 15.97 + 3.27 (50 × 7 ÷ 107 = 3.271…)
            name: 'inclusive tax with an entity discount after tax',
            totals: input([line(100, 1, { taxes: [vat19] }), line(50, 1, { taxes: [vat7] })], {
                discountType: 'entity_level',
                discount: { kind: 'percent', value: 10 },
                isDiscountBeforeTax: false,
                isInclusiveTax: true
            }),
            want: { subTotal: 150, discountTotal: 15, taxTotal: 19.24, total: 135 }
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
