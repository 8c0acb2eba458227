/**
 * Invoice and credit-note totals as Zoho computes them (reference §6.5 "Money/rounding", §9.11).
 * Pure: no clock, no state. Rules:
 * - a line's gross is `rate × quantity` rounded to the currency precision;
 * - a line discount is a percentage (`"10%"`) of the gross or a fixed amount; `item_total` is
 *   the gross less it, and `sub_total` the sum of item totals;
 * - tax is computed per line and per tax (a tax group contributes one tax per member), each
 *   rounded, then summed into `taxes[]` and `tax_total`;
 * - an entity-level discount before tax is spread over the lines in proportion to their item
 *   totals and lowers each line's taxable amount; after tax it is taken off
 *   `sub_total + tax_total` (a percentage applies to that sum);
 * - `total = sub_total − discount_total + tax_total + shipping_charge + adjustment`.
 */

export type Discount = { kind: 'percent'; value: number } | { kind: 'amount'; value: number };

export type LineTax = { taxId: string; taxName: string; percentage: number };

export type LineInput = {
    rate: number;
    quantity: number;
    discount?: Discount | undefined;
    taxes: LineTax[];
};

export type TotalsInput = {
    lines: LineInput[];
    discount?: Discount | undefined;
    isDiscountBeforeTax: boolean;
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

/** `value × 10^places` on its decimal text, also in exponent notation (`1.7e-17`, `1e+21`). */
function shift(value: number, places: number): number {
    const [digits, exponent = '0'] = String(value).split('e');
    return Number(`${digits}e${Number(exponent) + places}`);
}

/** Rounds half away from zero at `precision` decimals, without binary drift (1.005 → 1.01). */
export function roundTo(value: number, precision: number): number {
    const scaled = Math.round(shift(Math.abs(value), precision));
    return scaled === 0 ? 0 : Math.sign(value) * shift(scaled, -precision);
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

function discountOn(base: number, discount: Discount | undefined, precision: number): number {
    if (!discount) return 0;
    return discount.kind === 'percent'
        ? roundTo((base * discount.value) / 100, precision)
        : roundTo(discount.value, precision);
}

export function computeTotals(input: TotalsInput): Totals {
    const p = input.precision;
    const bases = input.lines.map((line) => {
        const gross = roundTo(line.rate * line.quantity, p);
        const discountAmount = Math.min(gross, discountOn(gross, line.discount, p));
        return { line, discountAmount, itemTotal: roundTo(gross - discountAmount, p) };
    });
    const subTotal = roundTo(
        bases.reduce((sum, b) => sum + b.itemTotal, 0),
        p
    );
    const before = input.isDiscountBeforeTax;
    const beforeTaxDiscount = before
        ? Math.min(subTotal, discountOn(subTotal, input.discount, p))
        : 0;

    const byTax = new Map<string, { taxId: string; taxName: string; taxAmount: number }>();
    const lines = bases.map(({ line, discountAmount, itemTotal }) => {
        const share = subTotal === 0 ? 0 : (itemTotal / subTotal) * beforeTaxDiscount;
        const taxable = itemTotal - share;
        let taxAmount = 0;
        for (const tax of line.taxes) {
            const amountForTax = roundTo((taxable * tax.percentage) / 100, p);
            taxAmount += amountForTax;
            const entry = byTax.get(tax.taxId) ?? { ...tax, taxAmount: 0 };
            entry.taxAmount = roundTo(entry.taxAmount + amountForTax, p);
            byTax.set(tax.taxId, {
                taxId: tax.taxId,
                taxName: tax.taxName,
                taxAmount: entry.taxAmount
            });
        }
        return { discountAmount, itemTotal, taxAmount: roundTo(taxAmount, p) };
    });
    const taxTotal = roundTo(
        lines.reduce((sum, l) => sum + l.taxAmount, 0),
        p
    );
    const discountTotal = before
        ? beforeTaxDiscount
        : Math.min(subTotal + taxTotal, discountOn(subTotal + taxTotal, input.discount, p));
    const total = roundTo(
        subTotal - discountTotal + taxTotal + input.shippingCharge + input.adjustment,
        p
    );
    return { lines, subTotal, discountTotal, taxes: [...byTax.values()], taxTotal, total };
}
