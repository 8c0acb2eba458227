import { Decimal } from 'decimal.js';

/**
 * What the invoice should total, worked out from the Salesforce side with Zoho Books' own
 * rounding (reference §6.5, §9.11), in decimal (decimal.js) so binary floating point never
 * moves a cent: each line's gross is rate × quantity rounded to the currency's precision;
 * an invoice carries either line discounts (`item_level`: a percentage of the gross or a fixed
 * amount) or one document discount (`entity_level`, before tax: spread over the lines in
 * proportion, lowering each line's taxable amount), never both; tax is rounded per line, half
 * away from zero. When prices include tax the tax is extracted (amount × rate ÷ (100 + rate),
 * Zoho's help) and not added to the total. Kept apart from the Zoho simulator's arithmetic on
 * purpose: the two check each other.
 */
export type PricedLine = {
    rate: number;
    quantity: number;
    taxPercent: number;
};

export type LineDiscount = { percent: number } | { amount: number };

/** The discounts one invoice carries: Zoho applies one level per invoice (`discount_type`). */
export type InvoiceDiscounts =
    | { level: 'item_level'; perLine: readonly (LineDiscount | null)[] }
    | { level: 'entity_level'; percent: number };

export type TotalsInput = {
    lines: readonly PricedLine[];
    discounts: InvoiceDiscounts;
    pricesIncludeTax: boolean;
    precision: number;
};

export type ExpectedTotals = {
    lineTotals: number[];
    subTotal: number;
    discountTotal: number;
    taxTotal: number;
    total: number;
};

const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

function atPrecision(value: Decimal.Value, precision: number): Decimal {
    return new Dec(value).toDecimalPlaces(precision, Decimal.ROUND_HALF_UP);
}

function toNumber(value: Decimal): number {
    const n = value.toNumber();
    return n === 0 ? 0 : n;
}

/** Half away from zero at `precision` decimals, on the number's decimal text (1.005 → 1.01). */
export function round(value: number, precision: number): number {
    return toNumber(atPrecision(value, precision));
}

/** `a − b` in decimal at `precision` (how far Zoho's figure is from ours; 0 when they agree). */
export function difference(a: number, b: number, precision: number): number {
    return toNumber(atPrecision(new Dec(a).minus(b), precision));
}

/** Each line's gross and its item total after its own discount, in decimal at `precision`. */
export function lineAmounts(
    lines: readonly PricedLine[],
    perLine: readonly (LineDiscount | null)[],
    precision: number
): { gross: Decimal; discount: Decimal; itemTotal: Decimal }[] {
    return lines.map((line, i) => {
        const gross = atPrecision(new Dec(line.rate).times(line.quantity), precision);
        const d = perLine[i] ?? null;
        const raw =
            d !== null && 'percent' in d
                ? atPrecision(gross.times(d.percent).dividedBy(100), precision)
                : atPrecision(d?.amount ?? 0, precision);
        // Zoho takes no more than the line: a discount never makes a line negative.
        const discount = d === null ? raw : Dec.min(gross, raw);
        return { gross, discount, itemTotal: gross.minus(discount) };
    });
}

export function expectedTotals(input: TotalsInput): ExpectedTotals {
    const { lines, discounts, precision } = input;
    const perLine = discounts.level === 'item_level' ? discounts.perLine : [];
    const itemTotals = lineAmounts(lines, perLine, precision).map((a) => a.itemTotal);
    const subTotal = itemTotals.reduce((a, b) => a.plus(b), new Dec(0));
    const documentPercent = discounts.level === 'entity_level' ? discounts.percent : 0;
    const discountTotal = Dec.min(
        subTotal,
        atPrecision(subTotal.times(documentPercent).dividedBy(100), precision)
    );
    const taxTotal = lines.reduce((sum, line, i) => {
        const itemTotal = itemTotals[i]!;
        const share = subTotal.isZero()
            ? new Dec(0)
            : itemTotal.times(discountTotal).dividedBy(subTotal);
        const taxable = itemTotal.minus(share);
        const divisor = input.pricesIncludeTax ? new Dec(100).plus(line.taxPercent) : 100;
        return sum.plus(atPrecision(taxable.times(line.taxPercent).dividedBy(divisor), precision));
    }, new Dec(0));
    const total = subTotal.minus(discountTotal).plus(input.pricesIncludeTax ? 0 : taxTotal);
    return {
        lineTotals: itemTotals.map(toNumber),
        subTotal: toNumber(subTotal),
        discountTotal: toNumber(discountTotal),
        taxTotal: toNumber(taxTotal),
        total: toNumber(total)
    };
}
