import { Decimal } from 'decimal.js';

import {
    lineAmounts,
    type InvoiceDiscounts,
    type LineDiscount,
    type PricedLine
} from './totals.ts';

const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

export type DiscountPlan =
    { ok: true; discounts: InvoiceDiscounts; lineSubTotal: number } | { ok: false; reason: string };

/**
 * Chooses how a deal's discounts reach Zoho. Zoho applies either line discounts
 * (`discount_type: item_level`) or one document discount (`entity_level`) on an invoice, never
 * both (its documents do not say whether the other level's discount is refused or dropped), so
 * the level is always chosen here and sent, never left to the organization's preference:
 * - no document discount: `item_level`, each line's Salesforce percentage as `"x%"`;
 * - a document discount and no line discounts: `entity_level`, the percentage before tax;
 * - both: the document discount is folded into the lines (`item_level`). It comes to
 *   D = round(S × d %), S being the lines' sub total after their own discounts (what Zoho
 *   would take off at entity level), and is split in proportion to each line's item total in
 *   the currency's smallest unit: every line first gets its share rounded down, then the units
 *   still missing go one each to the lines with the largest remainders (ties: the earlier
 *   line). Each line then carries one fixed discount (its own discount amount plus its share),
 *   so the invoice's sub total is S − D exactly. Zoho computes tax on those line amounts, and
 *   so do the expected totals.
 * A line with a negative amount cannot take a share of a discount (Zoho's line discount is
 * never negative and never more than the line), so such a deal is held.
 */
export function planDiscounts(
    lines: readonly PricedLine[],
    linePercents: readonly number[],
    documentPercent: number,
    precision: number
): DiscountPlan {
    const perLine: (LineDiscount | null)[] = linePercents.map((p) =>
        p > 0 ? { percent: p } : null
    );
    const amounts = lineAmounts(lines, perLine, precision);
    const subTotal = amounts.reduce((sum, a) => sum.plus(a.itemTotal), new Dec(0));
    const lineSubTotal = subTotal.toNumber();
    if (documentPercent <= 0)
        return { ok: true, discounts: { level: 'item_level', perLine }, lineSubTotal };
    if (perLine.every((d) => d === null))
        return {
            ok: true,
            discounts: { level: 'entity_level', percent: documentPercent },
            lineSubTotal
        };
    if (amounts.some((a) => a.itemTotal.isNegative()))
        return {
            ok: false,
            reason: `The deal has line discounts, a ${documentPercent}% invoice discount and a line with a negative amount; Zoho Books applies one discount level per invoice and the invoice discount cannot be spread over a negative line. Put the discount on the lines, or remove the negative line, then resync`
        };
    // Amounts in the currency's smallest unit (cents, or yen at precision 0).
    const unit = new Dec(10).pow(-precision);
    const target = subTotal
        .times(documentPercent)
        .dividedBy(100)
        .dividedBy(unit)
        .toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
    const exact = amounts.map((a) =>
        subTotal.isZero() ? new Dec(0) : a.itemTotal.times(target).dividedBy(subTotal)
    );
    const shares = exact.map((e) => e.floor());
    let missing = target.minus(shares.reduce((s, x) => s.plus(x), new Dec(0))).toNumber();
    const byRemainder = exact
        .map((e, i) => ({ i, remainder: e.minus(shares[i]!) }))
        .sort((a, b) => b.remainder.comparedTo(a.remainder) || a.i - b.i);
    for (const { i } of byRemainder) {
        if (missing <= 0) break;
        shares[i] = shares[i]!.plus(1);
        missing -= 1;
    }
    return {
        ok: true,
        discounts: {
            level: 'item_level',
            perLine: amounts.map((a, i) => ({
                amount: a.discount.plus(shares[i]!.times(unit)).toNumber()
            }))
        },
        lineSubTotal
    };
}
