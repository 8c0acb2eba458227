import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { computeTotals } from '../../../sandbox/zoho/money.ts';
import { expectedTotals, round, type TotalsLine } from './totals.ts';

function line(rate: number, quantity: number, extra: Partial<TotalsLine> = {}): TotalsLine {
    return { rate, quantity, discountPercent: 0, taxPercent: 0, ...extra };
}

describe('round', () => {
    it.each([
        [1.005, 2, 1.01],
        [-1.005, 2, -1.01],
        [1.004999, 2, 1],
        [2.5, 0, 3],
        [-2.5, 0, -3],
        [0.125, 2, 0.13],
        [1234.5678, 0, 1235],
        [0, 2, 0],
        [1.7e-17, 2, 0],
        [-3e-20, 0, 0],
        [-0.001, 2, 0],
        [1e21, 2, 1e21]
    ])('round(%s, %s) is %s (half away from zero)', (value, precision, expected) => {
        expect(round(value, precision)).toBe(expected);
    });
});

describe('expectedTotals', () => {
    it('takes a percentage line discount off the line gross', () => {
        // 33.33 × 3 = 99.99; 15% = 14.9985 → 15.00; 99.99 − 15.00 = 84.99
        const t = expectedTotals([line(33.33, 3, { discountPercent: 15 })], 0, 2);
        expect(t).toEqual({
            lineTotals: [84.99],
            subTotal: 84.99,
            discountTotal: 0,
            taxTotal: 0,
            total: 84.99
        });
    });

    it('spreads a document discount over lines before two different tax rates', () => {
        // sub 300, 10% = 30; A's share 20 → taxable 180 × 10% = 18; B's 10 → 90 × 20% = 18
        const t = expectedTotals(
            [line(200, 1, { taxPercent: 10 }), line(100, 1, { taxPercent: 20 })],
            10,
            2
        );
        expect(t).toEqual({
            lineTotals: [200, 100],
            subTotal: 300,
            discountTotal: 30,
            taxTotal: 36,
            total: 306
        });
    });

    it('rounds tax per line, so two half cents become two cents', () => {
        // each line: 0.10 × 5% = 0.005 → 0.01 (summing first would give 0.01 for both)
        const t = expectedTotals(
            [line(0.1, 1, { taxPercent: 5 }), line(0.1, 1, { taxPercent: 5 })],
            0,
            2
        );
        expect(t.taxTotal).toBe(0.02);
        expect(t.total).toBe(0.22);
    });

    it('rounds the gross half away from zero without binary drift (1.005 → 1.01)', () => {
        const t = expectedTotals([line(1.005, 1)], 0, 2);
        expect(t.lineTotals).toEqual([1.01]);
        expect(t.total).toBe(1.01);
    });

    it('combines line discount, document discount and tax with hand-worked figures', () => {
        // A: 19.99 × 7 = 139.93, 12.5% = 17.49125 → 17.49, total 122.44, VAT 19
        // B: 5.5 × 3 = 16.5, no discount, VAT 7; sub 138.94; 5% = 6.947 → 6.95
        // A share 122.44/138.94 × 6.95 = 6.12464…, taxable 116.31536… × 19% = 22.0999… → 22.10
        // B share 16.5/138.94 × 6.95 = 0.82536…, taxable 15.67464… × 7% = 1.09722… → 1.10
        const t = expectedTotals(
            [
                line(19.99, 7, { discountPercent: 12.5, taxPercent: 19 }),
                line(5.5, 3, { taxPercent: 7 })
            ],
            5,
            2
        );
        expect(t).toEqual({
            lineTotals: [122.44, 16.5],
            subTotal: 138.94,
            discountTotal: 6.95,
            taxTotal: 23.2,
            total: 155.19
        });
    });

    it('a 100% document discount leaves no tax and a zero total (never NaN)', () => {
        // each share is (item / sub) × sub, a hair off the item total in binary floating point
        const t = expectedTotals(
            [
                line(346.61, 2, { taxPercent: 20 }),
                line(205.13, 4, { taxPercent: 10 }),
                line(723.84, 4, { taxPercent: 20 }),
                line(257.19, 5, { taxPercent: 7 })
            ],
            100,
            2
        );
        expect(t).toEqual({
            lineTotals: [693.22, 820.52, 2895.36, 1285.95],
            subTotal: 5695.05,
            discountTotal: 5695.05,
            taxTotal: 0,
            total: 0
        });
    });

    it('handles a zero sub total without dividing by zero', () => {
        const t = expectedTotals([line(0, 5, { taxPercent: 10 })], 10, 2);
        expect(t).toEqual({
            lineTotals: [0],
            subTotal: 0,
            discountTotal: 0,
            taxTotal: 0,
            total: 0
        });
    });

    it('a 100% line discount leaves nothing to tax', () => {
        const t = expectedTotals([line(50, 2, { discountPercent: 100, taxPercent: 20 })], 0, 2);
        expect(t.lineTotals).toEqual([0]);
        expect(t.total).toBe(0);
    });

    it('rounds to whole units at precision 0', () => {
        // 99.5 → 100, 8% tax = 8; 10.4 × 1 → 10 with 5% = 0.5 → 1 (half away from zero)
        const t = expectedTotals(
            [line(99.5, 1, { taxPercent: 8 }), line(10.4, 1, { taxPercent: 5 })],
            0,
            0
        );
        expect(t).toEqual({
            lineTotals: [100, 10],
            subTotal: 110,
            discountTotal: 0,
            taxTotal: 9,
            total: 119
        });
    });
});

/** A number with at most two decimals, built from whole hundredths so there is no drift. */
const hundredths = (min: number, max: number) =>
    fc.integer({ min, max }).map((n) => Number((n / 100).toFixed(2)));

const totalsLine = fc.record({
    rate: hundredths(0, 10_000_000),
    quantity: hundredths(1, 100_000),
    discountPercent: hundredths(0, 10_000),
    taxPercent: hundredths(0, 10_000)
});

describe('expectedTotals against the Zoho simulator', () => {
    it('agrees with computeTotals on sub total, discount, tax and total', () => {
        fc.assert(
            fc.property(
                fc.array(totalsLine, { minLength: 1, maxLength: 8 }),
                fc.oneof(hundredths(0, 10_000), fc.constant(100)),
                fc.constantFrom(0, 2),
                (lines, documentDiscount, precision) => {
                    const ours = expectedTotals(lines, documentDiscount, precision);
                    const zoho = computeTotals({
                        lines: lines.map((l) => ({
                            rate: l.rate,
                            quantity: l.quantity,
                            discount: { kind: 'percent', value: l.discountPercent },
                            taxes: [{ taxId: 't', taxName: 'Tax', percentage: l.taxPercent }]
                        })),
                        discount: { kind: 'percent', value: documentDiscount },
                        isDiscountBeforeTax: true,
                        shippingCharge: 0,
                        adjustment: 0,
                        precision
                    });
                    expect(Number.isFinite(ours.total)).toBe(true);
                    expect({
                        lineTotals: ours.lineTotals,
                        subTotal: ours.subTotal,
                        discountTotal: ours.discountTotal,
                        taxTotal: ours.taxTotal,
                        total: ours.total
                    }).toEqual({
                        lineTotals: zoho.lines.map((l) => l.itemTotal),
                        subTotal: zoho.subTotal,
                        discountTotal: zoho.discountTotal,
                        taxTotal: zoho.taxTotal,
                        total: zoho.total
                    });
                }
            ),
            { numRuns: 1000 }
        );
    });
});
