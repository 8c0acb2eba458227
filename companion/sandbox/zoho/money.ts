import { Decimal } from 'decimal.js';

/**
 * Invoice and credit-note totals as Zoho computes them (reference §6.5 "Money/rounding", §9.11).
 * Pure: no clock, no state. All arithmetic is decimal (decimal.js), rounded half away from zero
 * to the currency's `price_precision` at the points below, so binary floating point never
 * moves a cent (4.10 × 15 % is 0.615 and becomes 0.62, not 0.61). Rules:
 * - a line's gross is `rate × quantity` rounded to the currency precision;
 * - one invoice carries line discounts or an entity discount, never both (`discount_type`,
 *   OAS invoices.yml; Zoho's help: "Do you give discounts? At line item level / at transaction
 *   level"). With `item_level` a line discount is a percentage (`"10%"`) of the gross or a fixed
 *   amount, and `item_total` is the gross less it; the entity `discount` is ignored. With
 *   `entity_level` the lines' discounts are ignored. Zoho's documents do not say whether the
 *   other level's discount is refused or dropped; dropping it silently is the harder case for a
 *   client (its totals are wrong without an error), so the simulator drops it;
 * - `sub_total` is the sum of item totals;
 * - tax is computed per line and per tax (a tax group contributes one tax per member), each
 *   rounded, then summed into `taxes[]` and `tax_total`. With `is_inclusive_tax` the rates
 *   include tax and the tax is extracted as Zoho's help gives it: amount × rate ÷ (100 + rate),
 *   where a group's members share the denominator (100 + the group's total rate), and "no
 *   additional amount will be added to the items' amount as tax" (Zoho Invoice help, tax
 *   preferences): the total is not raised by the tax. The documents do not say whether
 *   `item_total` and `sub_total` are then shown with or without tax; here they keep the
 *   amounts as entered, tax included (an assumption);
 * - an entity discount before tax is spread over the lines in proportion to their item totals
 *   and lowers each line's taxable amount; after tax it is taken off `sub_total + tax_total`
 *   (just `sub_total` when prices include tax) — a percentage applies to that sum;
 * - `total = sub_total − discount_total (+ tax_total unless inclusive) + shipping + adjustment`.
 */

const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
type Dec = Decimal;

export type Discount = { kind: 'percent'; value: number } | { kind: 'amount'; value: number };

export type DiscountType = 'entity_level' | 'item_level';

export type LineTax = { taxId: string; taxName: string; percentage: number };

export type LineInput = {
    rate: number;
    quantity: number;
    discount?: Discount | undefined;
    taxes: LineTax[];
};

export type TotalsInput = {
    lines: LineInput[];
    discountType: DiscountType;
    discount?: Discount | undefined;
    isDiscountBeforeTax: boolean;
    isInclusiveTax: boolean;
    shippingCharge: number;
    adjustment: number;
    precision: number;
};

type LineTotals = { discountAmount: number; itemTotal: number; taxAmount: number };

export type Totals = {
    lines: LineTotals[];
    subTotal: number;
    discountTotal: number;
    taxes: { taxId: string; taxName: string; taxAmount: number }[];
    taxTotal: number;
    total: number;
};

function at(value: Decimal.Value, precision: number): Dec {
    return new Dec(value).toDecimalPlaces(precision, Dec.ROUND_HALF_UP);
}

/** Rounds half away from zero at `precision` decimals, in decimal (1.005 → 1.01, 0.1 + 0.2 → 0.3). */
export function roundTo(value: number, precision: number): number {
    const rounded = at(value, precision).toNumber();
    return rounded === 0 ? 0 : rounded;
}

/** Reads Zoho's discount notation: `"12.5%"` is a percentage, a number or numeric string an amount. */
export function parseDiscount(raw: unknown): Discount | undefined | 'invalid' {
    if (raw === undefined || raw === null || raw === '') return undefined;
    if (typeof raw === 'number') return Number.isFinite(raw) && raw >= 0 ? amount(raw) : 'invalid';
    if (typeof raw !== 'string') return 'invalid';
    const text = raw.trim();
    const percent = text.endsWith('%');
    const value = Number(percent ? text.slice(0, -1) : text);
    if (!Number.isFinite(value) || value < 0 || (percent && value > 100)) return 'invalid';
    return percent ? { kind: 'percent', value } : amount(value);
}

function amount(value: number): Discount {
    return { kind: 'amount', value };
}

/** Renders a discount the way responses carry it: `"10.00%"` or a number. */
export function formatDiscount(discount: Discount | undefined): number | string {
    if (!discount) return 0;
    return discount.kind === 'percent' ? `${discount.value.toFixed(2)}%` : discount.value;
}

/** The discount on `base`, at most `base` (a fixed amount larger than the line takes it to 0). */
function discountOn(base: Dec, discount: Discount | undefined, precision: number): Dec {
    if (!discount) return new Dec(0);
    const value =
        discount.kind === 'percent'
            ? at(base.times(discount.value).dividedBy(100), precision)
            : at(discount.value, precision);
    return Dec.min(base, value);
}

export function computeTotals(input: TotalsInput): Totals {
    const p = input.precision;
    const itemLevel = input.discountType === 'item_level';
    const entityDiscount = itemLevel ? undefined : input.discount;
    const bases = input.lines.map((line) => {
        const gross = at(new Dec(line.rate).times(line.quantity), p);
        const discountAmount = itemLevel ? discountOn(gross, line.discount, p) : new Dec(0);
        return { line, discountAmount, itemTotal: gross.minus(discountAmount) };
    });
    const subTotal = bases.reduce((sum, b) => sum.plus(b.itemTotal), new Dec(0));
    const before = input.isDiscountBeforeTax;
    const beforeTaxDiscount = before ? discountOn(subTotal, entityDiscount, p) : new Dec(0);

    const byTax = new Map<string, { taxId: string; taxName: string; taxAmount: Dec }>();
    const lines = bases.map(({ line, discountAmount, itemTotal }) => {
        const share = subTotal.isZero()
            ? new Dec(0)
            : itemTotal.times(beforeTaxDiscount).dividedBy(subTotal);
        const taxable = itemTotal.minus(share);
        const groupRate = line.taxes.reduce((sum, t) => sum.plus(t.percentage), new Dec(100));
        let taxAmount = new Dec(0);
        for (const tax of line.taxes) {
            const amountForTax = at(
                taxable.times(tax.percentage).dividedBy(input.isInclusiveTax ? groupRate : 100),
                p
            );
            taxAmount = taxAmount.plus(amountForTax);
            const entry = byTax.get(tax.taxId) ?? { ...tax, taxAmount: new Dec(0) };
            entry.taxAmount = entry.taxAmount.plus(amountForTax);
            byTax.set(tax.taxId, entry);
        }
        return { discountAmount, itemTotal, taxAmount };
    });
    const taxTotal = lines.reduce((sum, l) => sum.plus(l.taxAmount), new Dec(0));
    const afterTaxBase = input.isInclusiveTax ? subTotal : subTotal.plus(taxTotal);
    const discountTotal = before ? beforeTaxDiscount : discountOn(afterTaxBase, entityDiscount, p);
    const total = subTotal
        .minus(discountTotal)
        .plus(input.isInclusiveTax ? 0 : taxTotal)
        .plus(at(input.shippingCharge, p))
        .plus(at(input.adjustment, p));
    const num = (d: Dec) => roundTo(d.toNumber(), p);
    return {
        lines: lines.map((l) => ({
            discountAmount: num(l.discountAmount),
            itemTotal: num(l.itemTotal),
            taxAmount: num(l.taxAmount)
        })),
        subTotal: num(subTotal),
        discountTotal: num(discountTotal),
        taxes: [...byTax.values()].map((t) => ({ ...t, taxAmount: num(t.taxAmount) })),
        taxTotal: num(taxTotal),
        total: num(total)
    };
}
