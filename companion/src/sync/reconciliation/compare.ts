import { Decimal } from 'decimal.js';

/**
 * The totals reconciliation as a pure comparison: Salesforce's copy of the money (the
 * `Zoho_Invoice__c` mirrors and the won deals' invoice links) against Zoho's invoices, per
 * invoice and per account and currency, in decimal at each currency's precision. No I/O.
 */

/** A Zoho invoice as the report needs it; `key` is the Salesforce Opportunity id it carries. */
export type ZohoInvoiceFacts = {
    invoiceId: string;
    number: string;
    key: string | null;
    accountId: string | null;
    status: string;
    currency: string;
    total: number;
    tax: number;
    balance: number;
};

/** A `Zoho_Invoice__c` mirror. */
export type MirrorFacts = {
    zohoInvoiceId: string;
    number: string | null;
    accountId: string | null;
    opportunityId: string | null;
    currency: string | null;
    total: number | null;
    tax: number | null;
    balance: number | null;
};

/** A Closed Won Opportunity with its invoice link (`Zoho_Invoice_Id__c`). */
export type WonDealFacts = {
    opportunityId: string;
    name: string;
    accountId: string | null;
    zohoInvoiceId: string | null;
};

export type Figure = 'total' | 'tax' | 'balance';

export type Difference = {
    figure: Figure;
    salesforce: number | null;
    zoho: number;
    /** Zoho minus Salesforce (Salesforce missing: Zoho's figure). */
    difference: number;
};

export type InvoiceRowKind =
    /** The mirror's figures differ from Zoho's. */
    | 'differs'
    /** A mirror of an invoice Zoho does not have (deleted there, or another organization's). */
    | 'missing_in_zoho'
    /** A Zoho invoice carrying our key that Salesforce has no mirror of. */
    | 'missing_in_salesforce'
    /** A won deal whose invoice link points at no Zoho invoice. */
    | 'broken_deal_link';

export type InvoiceRow = {
    kind: InvoiceRowKind;
    zohoInvoiceId: string;
    invoiceNumber: string | null;
    opportunityId: string | null;
    accountId: string | null;
    currency: string | null;
    differences: Difference[];
};

export type AccountRow = {
    accountId: string;
    currency: string;
    invoices: number;
    salesforceTotal: number;
    zohoTotal: number;
    totalDifference: number;
    salesforceTax: number;
    zohoTax: number;
    /** Zoho's tax minus Salesforce's: the tax drift of the account. */
    taxDrift: number;
    differs: boolean;
};

export type ReconciliationReport = {
    summary: {
        zohoInvoices: number;
        mirrors: number;
        matching: number;
        differing: number;
        missingInZoho: number;
        missingInSalesforce: number;
        brokenDealLinks: number;
        accountsDiffering: number;
    };
    invoices: InvoiceRow[];
    accounts: AccountRow[];
};

const FIGURES: readonly Figure[] = ['total', 'tax', 'balance'];

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
function differences(mirror: MirrorFacts, zoho: ZohoInvoiceFacts): Difference[] {
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

type Sums = { invoices: number; sfTotal: Decimal; zTotal: Decimal; sfTax: Decimal; zTax: Decimal };

/** Adds an invoice to its account and currency: each side counts what it has. */
function addTo(
    sums: Map<string, Sums>,
    accountId: string | null,
    currency: string,
    sf: { total: number | null; tax: number | null } | undefined,
    zoho: { total: number; tax: number } | undefined
) {
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

/**
 * Compares both sides. Zoho invoices count when they carry our key or Salesforce mirrors them;
 * void invoices are left out of the account sums (they owe nothing) but still compared.
 */
export function reconcile(input: {
    zoho: readonly ZohoInvoiceFacts[];
    mirrors: readonly MirrorFacts[];
    deals: readonly WonDealFacts[];
}): ReconciliationReport {
    const zohoById = new Map(input.zoho.map((z) => [z.invoiceId, z]));
    const mirrorById = new Map(input.mirrors.map((m) => [m.zohoInvoiceId, m]));
    const dealById = new Map(input.deals.map((d) => [d.opportunityId, d]));
    const rows: InvoiceRow[] = [];
    const sums = new Map<string, Sums>();
    let matching = 0;

    for (const mirror of input.mirrors) {
        const zoho = zohoById.get(mirror.zohoInvoiceId);
        const accountId = mirror.accountId ?? zoho?.accountId ?? null;
        if (!zoho) {
            rows.push({
                kind: 'missing_in_zoho',
                zohoInvoiceId: mirror.zohoInvoiceId,
                invoiceNumber: mirror.number,
                opportunityId: mirror.opportunityId,
                accountId,
                currency: mirror.currency,
                differences: []
            });
            addTo(sums, accountId, mirror.currency ?? '', mirror, undefined);
            continue;
        }
        if (zoho.status !== 'void') addTo(sums, accountId, zoho.currency, mirror, zoho);
        const found = differences(mirror, zoho);
        if (found.length === 0) {
            matching++;
            continue;
        }
        rows.push({
            kind: 'differs',
            zohoInvoiceId: zoho.invoiceId,
            invoiceNumber: zoho.number,
            opportunityId: mirror.opportunityId ?? zoho.key,
            accountId,
            currency: zoho.currency,
            differences: found
        });
    }

    for (const zoho of input.zoho) {
        if (mirrorById.has(zoho.invoiceId) || zoho.key === null) continue;
        const accountId = zoho.accountId ?? dealById.get(zoho.key)?.accountId ?? null;
        if (zoho.status !== 'void') addTo(sums, accountId, zoho.currency, undefined, zoho);
        const places = currencyPrecision(zoho.currency);
        rows.push({
            kind: 'missing_in_salesforce',
            zohoInvoiceId: zoho.invoiceId,
            invoiceNumber: zoho.number,
            opportunityId: zoho.key,
            accountId,
            currency: zoho.currency,
            differences: FIGURES.map((figure) => ({
                figure,
                salesforce: null,
                zoho: money(zoho[figure], places).toNumber(),
                difference: money(zoho[figure], places).toNumber()
            }))
        });
    }

    for (const deal of input.deals) {
        if (!deal.zohoInvoiceId || zohoById.has(deal.zohoInvoiceId)) continue;
        if (mirrorById.has(deal.zohoInvoiceId)) continue; // already reported as missing in Zoho
        rows.push({
            kind: 'broken_deal_link',
            zohoInvoiceId: deal.zohoInvoiceId,
            invoiceNumber: null,
            opportunityId: deal.opportunityId,
            accountId: deal.accountId,
            currency: null,
            differences: []
        });
    }

    const accounts = accountRows(sums);
    const count = (kind: InvoiceRowKind) => rows.filter((r) => r.kind === kind).length;
    return {
        summary: {
            zohoInvoices: input.zoho.length,
            mirrors: input.mirrors.length,
            matching,
            differing: count('differs'),
            missingInZoho: count('missing_in_zoho'),
            missingInSalesforce: count('missing_in_salesforce'),
            brokenDealLinks: count('broken_deal_link'),
            accountsDiffering: accounts.filter((a) => a.differs).length
        },
        invoices: rows,
        accounts
    };
}
