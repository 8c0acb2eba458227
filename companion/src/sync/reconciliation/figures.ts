import { Decimal } from 'decimal.js';

import type { AccountRow, Difference, Figure, MirrorFacts, ZohoInvoiceFacts } from './compare.ts';

/** The figures compared per invoice, in decimal at each currency's precision. */

export const FIGURES: readonly Figure[] = ['total', 'tax', 'balance'];

/** Decimal places of a currency (JPY 0, USD 2, KWD 3); 2 when the code is unknown. */
export function currencyPrecision(currency: string | null | undefined): number {
    if (!currency) return 2;
    try {
        return (
            new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
                .maximumFractionDigits ?? 2
        );
    } catch {
        return 2;
    }
}

const money = (value: number | null, places: number) =>
    new Decimal(value ?? 0).toDecimalPlaces(places, Decimal.ROUND_HALF_UP);

/** The figures of a mirror that differ from Zoho's at the currency's precision. */
export function differences(mirror: MirrorFacts, zoho: ZohoInvoiceFacts): Difference[] {
    const places = currencyPrecision(zoho.currency);
    const found: Difference[] = [];
    for (const figure of FIGURES) {
        const sf = mirror[figure];
        const z = money(zoho[figure], places);
        const diff = z.minus(money(sf, places));
        if (sf === null || !diff.isZero())
            found.push({
                figure,
                salesforce: sf === null ? null : money(sf, places).toNumber(),
                zoho: z.toNumber(),
                difference: diff.toNumber()
            });
    }
    return found;
}

/** Every figure of a Zoho invoice Salesforce has no mirror of: Zoho's whole figure differs. */
export function unmirroredDifferences(zoho: ZohoInvoiceFacts): Difference[] {
    const places = currencyPrecision(zoho.currency);
    return FIGURES.map((figure) => ({
        figure,
        salesforce: null,
        zoho: money(zoho[figure], places).toNumber(),
        difference: money(zoho[figure], places).toNumber()
    }));
}

type Sums = { invoices: number; sfTotal: Decimal; zTotal: Decimal; sfTax: Decimal; zTax: Decimal };

export type AccountSums = {
    /** Adds an invoice to its account and currency: each side counts what it has. */
    add(
        accountId: string | null,
        currency: string,
        sf: { total: number | null; tax: number | null } | undefined,
        zoho: { total: number; tax: number } | undefined
    ): void;
    /** Per account and currency, each side's sums at the currency's precision. */
    rows(): AccountRow[];
};

/** Sums per account and currency, one entry per pair (as many as the report has rows). */
export function createAccountSums(): AccountSums {
    const sums = new Map<string, Sums>();
    return {
        add(accountId, currency, sf, zoho) {
            if (!accountId) return;
            const key = `${accountId}\n${currency}`;
            const s = sums.get(key) ?? {
                invoices: 0,
                sfTotal: new Decimal(0),
                zTotal: new Decimal(0),
                sfTax: new Decimal(0),
                zTax: new Decimal(0)
            };
            s.invoices++;
            if (sf) {
                s.sfTotal = s.sfTotal.plus(sf.total ?? 0);
                s.sfTax = s.sfTax.plus(sf.tax ?? 0);
            }
            if (zoho) {
                s.zTotal = s.zTotal.plus(zoho.total);
                s.zTax = s.zTax.plus(zoho.tax);
            }
            sums.set(key, s);
        },
        rows: () => accountRows(sums)
    };
}

function accountRows(sums: Map<string, Sums>): AccountRow[] {
    return [...sums.entries()]
        .map(([key, s]) => {
            const [accountId = '', currency = ''] = key.split('\n');
            const places = currencyPrecision(currency);
            const round = (d: Decimal) => d.toDecimalPlaces(places, Decimal.ROUND_HALF_UP);
            const totalDifference = round(s.zTotal).minus(round(s.sfTotal));
            const taxDrift = round(s.zTax).minus(round(s.sfTax));
            return {
                accountId,
                currency,
                invoices: s.invoices,
                salesforceTotal: round(s.sfTotal).toNumber(),
                zohoTotal: round(s.zTotal).toNumber(),
                totalDifference: totalDifference.toNumber(),
                salesforceTax: round(s.sfTax).toNumber(),
                zohoTax: round(s.zTax).toNumber(),
                taxDrift: taxDrift.toNumber(),
                differs: !totalDifference.isZero() || !taxDrift.isZero()
            };
        })
        .sort(
            (a, b) => a.accountId.localeCompare(b.accountId) || a.currency.localeCompare(b.currency)
        );
}
