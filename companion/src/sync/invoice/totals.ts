/**
 * What the invoice should total, worked out from the Salesforce side with Zoho Books' own
 * rounding (reference §6.5): each line's gross is rate × quantity rounded to the currency's
 * precision; a percentage line discount comes off it; a document discount before tax is
 * spread over the lines in proportion and lowers each line's taxable amount; tax is rounded
 * per line and per tax. Kept apart from the Zoho simulator's arithmetic on purpose: the two
 * check each other.
 */
export type TotalsLine = {
    rate: number;
    quantity: number;
    discountPercent: number;
    taxPercent: number;
};

export type ExpectedTotals = {
    lineTotals: number[];
    subTotal: number;
    discountTotal: number;
    taxTotal: number;
    total: number;
};

/**
 * `value × 10^places` by moving the decimal point in its text, so it is exact; also for text in
 * exponent notation (`1.7e-17`, `1e+21`), where appending `e2` would make NaN.
 */
function shift(value: number, places: number): number {
    const [digits, exponent = '0'] = String(value).split('e');
    return Number(`${digits}e${Number(exponent) + places}`);
}

/** Half away from zero at `precision` decimals, computed on the decimal string (no 1.005 drift). */
export function round(value: number, precision: number): number {
    const scaled = Math.round(shift(Math.abs(value), precision));
    return scaled === 0 ? 0 : Math.sign(value) * shift(scaled, -precision);
}

export function expectedTotals(
    lines: readonly TotalsLine[],
    documentDiscountPercent: number,
    precision: number
): ExpectedTotals {
    const lineTotals = lines.map((l) => {
        const gross = round(l.rate * l.quantity, precision);
        const discount = round((gross * l.discountPercent) / 100, precision);
        return round(gross - Math.min(gross, discount), precision);
    });
    const subTotal = round(
        lineTotals.reduce((a, b) => a + b, 0),
        precision
    );
    const discountTotal = Math.min(
        subTotal,
        round((subTotal * documentDiscountPercent) / 100, precision)
    );
    const taxTotal = round(
        lines.reduce((sum, l, i) => {
            const itemTotal = lineTotals[i]!;
            const share = subTotal === 0 ? 0 : (itemTotal / subTotal) * discountTotal;
            return sum + round(((itemTotal - share) * l.taxPercent) / 100, precision);
        }, 0),
        precision
    );
    return {
        lineTotals,
        subTotal,
        discountTotal,
        taxTotal,
        total: round(subTotal - discountTotal + taxTotal, precision)
    };
}
