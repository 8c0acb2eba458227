import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { computeTotals, parseDiscount, type Discount } from '../../../sandbox/zoho/money.ts';
import { planDiscounts } from './discounts.ts';
import {
    difference,
    expectedTotals,
    round,
    type InvoiceDiscounts,
    type LineDiscount,
    type PricedLine
} from './totals.ts';

function line(rate: number, quantity: number, taxPercent = 0): PricedLine {
    return { rate, quantity, taxPercent };
}

const itemLevel = (...perLine: (LineDiscount | null)[]): InvoiceDiscounts => ({
    level: 'item_level',
    perLine
});
const entityLevel = (percent: number): InvoiceDiscounts => ({ level: 'entity_level', percent });

function totals(
    lines: PricedLine[],
    discounts: InvoiceDiscounts = itemLevel(),
    extra: { pricesIncludeTax?: boolean; precision?: number } = {}
) {
    return expectedTotals({
        lines,
        discounts,
        pricesIncludeTax: extra.pricesIncludeTax ?? false,
        precision: extra.precision ?? 2
    });
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

    it('takes a difference in decimal: 0.3 − 0.1 − 0.2 is no drift at all', () => {
        expect(difference(0.3, 0.1 + 0.2, 2)).toBe(0);
        expect(difference(1000, 999, 0)).toBe(1);
        expect(difference(10.01, 10, 2)).toBe(0.01);
    });
});

describe('expectedTotals', () => {
    it('takes a percentage line discount off the line gross', () => {
        // 33.33 × 3 = 99.99; 15% = 14.9985 → 15.00; 99.99 − 15.00 = 84.99
        expect(totals([line(33.33, 3)], itemLevel({ percent: 15 }))).toEqual({
            lineTotals: [84.99],
            subTotal: 84.99,
            discountTotal: 0,
            taxTotal: 0,
            total: 84.99
        });
    });

    it('takes a fixed line discount off the line gross', () => {
        // 19.99 × 3 = 59.97 − 5.25 = 54.72; VAT 19 % = 10.3968 → 10.40
        expect(totals([line(19.99, 3, 19)], itemLevel({ amount: 5.25 }))).toMatchObject({
            lineTotals: [54.72],
            taxTotal: 10.4,
            total: 65.12
        });
    });

    it('spreads a document discount over lines before two different tax rates', () => {
        // sub 300, 10% = 30; A's share 20 → taxable 180 × 10% = 18; B's 10 → 90 × 20% = 18
        expect(totals([line(200, 1, 10), line(100, 1, 20)], entityLevel(10))).toEqual({
            lineTotals: [200, 100],
            subTotal: 300,
            discountTotal: 30,
            taxTotal: 36,
            total: 306
        });
    });

    it('rounds tax per line, so two half cents become two cents', () => {
        // each line: 0.10 × 5% = 0.005 → 0.01 (summing first would give 0.01 for both)
        const t = totals([line(0.1, 1, 5), line(0.1, 1, 5)]);
        expect(t.taxTotal).toBe(0.02);
        expect(t.total).toBe(0.22);
    });

    it('rounds an exact half cent of tax up, which binary floating point rounds down', () => {
        // 4.10 × 15 % = 0.615 exactly → 0.62 (as doubles 4.1 × 15 / 100 is 0.61499…)
        expect(totals([line(4.1, 1, 15)])).toMatchObject({ taxTotal: 0.62, total: 4.72 });
    });

    it('rounds the gross half away from zero without binary drift (1.005 → 1.01)', () => {
        const t = totals([line(1.005, 1)]);
        expect(t.lineTotals).toEqual([1.01]);
        expect(t.total).toBe(1.01);
    });

    it('a 100% document discount leaves no tax and a zero total (never NaN)', () => {
        expect(
            totals(
                [line(346.61, 2, 20), line(205.13, 4, 10), line(723.84, 4, 20), line(257.19, 5, 7)],
                entityLevel(100)
            )
        ).toEqual({
            lineTotals: [693.22, 820.52, 2895.36, 1285.95],
            subTotal: 5695.05,
            discountTotal: 5695.05,
            taxTotal: 0,
            total: 0
        });
    });

    it('handles a zero sub total without dividing by zero', () => {
        expect(totals([line(0, 5, 10)], entityLevel(10))).toEqual({
            lineTotals: [0],
            subTotal: 0,
            discountTotal: 0,
            taxTotal: 0,
            total: 0
        });
    });

    it('a 100% line discount leaves nothing to tax', () => {
        const t = totals([line(50, 2, 20)], itemLevel({ percent: 100 }));
        expect(t.lineTotals).toEqual([0]);
        expect(t.total).toBe(0);
    });

    it('rounds to whole units at precision 0', () => {
        // 99.5 → 100, 8% tax = 8; 10.4 × 1 → 10 with 5% = 0.5 → 1 (half away from zero)
        expect(totals([line(99.5, 1, 8), line(10.4, 1, 5)], itemLevel(), { precision: 0 })).toEqual(
            { lineTotals: [100, 10], subTotal: 110, discountTotal: 0, taxTotal: 9, total: 119 }
        );
    });

    it('extracts tax from prices that include it and adds nothing', () => {
        // 100 includes 19 %: 100 × 19 ÷ 119 = 15.966… → 15.97; 50 includes 7 %: 3.271… → 3.27
        expect(
            totals([line(100, 1, 19), line(50, 1, 7)], itemLevel(), { pricesIncludeTax: true })
        ).toEqual({
            lineTotals: [100, 50],
            subTotal: 150,
            discountTotal: 0,
            taxTotal: 19.24,
            total: 150
        });
    });

    it('extracts tax after a document discount before tax when prices include tax', () => {
        // 10 % of 150 = 15, shares 10 and 5: 90 × 19 ÷ 119 = 14.37, 45 × 7 ÷ 107 = 2.94
        expect(
            totals([line(100, 1, 19), line(50, 1, 7)], entityLevel(10), {
                pricesIncludeTax: true
            })
        ).toMatchObject({ discountTotal: 15, taxTotal: 17.31, total: 135 });
    });
});

/** The request's discount as the plan writes it, read back the way Zoho reads it. */
function asZoho(d: LineDiscount | null): Discount | undefined {
    if (d === null) return undefined;
    const parsed = parseDiscount('percent' in d ? `${d.percent}%` : d.amount);
    if (parsed === 'invalid')
        throw new Error(`Zoho would refuse the discount ${JSON.stringify(d)}`);
    return parsed;
}

/** A number with `places` decimals at most, built from whole units so there is no drift. */
const decimals = (places: number, min: number, max: number) =>
    fc.integer({ min, max }).map((n) => Number((n / 10 ** places).toFixed(places)));

const dealLine = fc.record({
    rate: decimals(2, 0, 10_000_000),
    quantity: decimals(3, 1, 100_000),
    linePercent: fc.oneof(fc.constant(0), decimals(2, 0, 10_000)),
    taxPercent: fc.oneof(fc.constant(0), decimals(3, 0, 30_000))
});

describe('expectedTotals against the Zoho simulator', () => {
    it('agrees to the cent on every planned invoice: fractional quantities, rates, discounts, tax inside or on top', () => {
        fc.assert(
            fc.property(
                fc.array(dealLine, { minLength: 1, maxLength: 8 }),
                fc.oneof(fc.constant(0), decimals(2, 0, 10_000), fc.constant(100)),
                fc.constantFrom(0, 2, 3),
                fc.boolean(),
                (deal, documentPercent, precision, pricesIncludeTax) => {
                    const lines = deal.map((l) => line(l.rate, l.quantity, l.taxPercent));
                    const plan = planDiscounts(
                        lines,
                        deal.map((l) => l.linePercent),
                        documentPercent,
                        precision
                    );
                    if (!plan.ok) throw new Error(plan.reason);
                    const { discounts } = plan;
                    const ours = expectedTotals({ lines, discounts, pricesIncludeTax, precision });
                    const zoho = computeTotals({
                        lines: lines.map((l, i) => ({
                            rate: l.rate,
                            quantity: l.quantity,
                            discount:
                                discounts.level === 'item_level'
                                    ? asZoho(discounts.perLine[i] ?? null)
                                    : undefined,
                            taxes: [{ taxId: 't', taxName: 'Tax', percentage: l.taxPercent }]
                        })),
                        discountType: discounts.level,
                        discount:
                            discounts.level === 'entity_level'
                                ? asZoho({ percent: discounts.percent })
                                : undefined,
                        isDiscountBeforeTax: true,
                        isInclusiveTax: pricesIncludeTax,
                        shippingCharge: 0,
                        adjustment: 0,
                        precision
                    });
                    expect(Number.isFinite(ours.total)).toBe(true);
                    expect(ours).toEqual({
                        lineTotals: zoho.lines.map((l) => l.itemTotal),
                        subTotal: zoho.subTotal,
                        discountTotal: zoho.discountTotal,
                        taxTotal: zoho.taxTotal,
                        total: zoho.total
                    });
                    expect(difference(zoho.total, ours.total, precision)).toBe(0);
                }
            ),
            { numRuns: 1000 }
        );
    });
});
