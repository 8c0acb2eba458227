import { createAccountSums, differences, unmirroredDifferences } from './figures.ts';

/**
 * The totals reconciliation as a pure comparison: Salesforce's copy of the money (the
 * `Zoho_Invoice__c` mirrors and the won deals' invoice links) against Zoho's invoices, per
 * invoice and per account and currency, in decimal at each currency's precision. No I/O: the
 * store-staged reading (`read.ts`) feeds the same report builder invoice by invoice that
 * `reconcile` feeds from arrays.
 */

export { currencyPrecision } from './figures.ts';

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

/** The order of the report's rows: by kind, each kind by Zoho invoice id. */
const KINDS: readonly InvoiceRowKind[] = [
    'differs',
    'missing_in_zoho',
    'missing_in_salesforce',
    'broken_deal_link'
];

/**
 * The report, built one invoice at a time. Each kind of row comes out in the order it was fed:
 * callers feed each side in Zoho invoice id order (byte-wise), so both ways of reading give the
 * same report.
 */
export type ReportBuilder = {
    /** A mirror, with Zoho's invoice of the same id when Zoho has one. */
    mirror(mirror: MirrorFacts, zoho: ZohoInvoiceFacts | undefined): void;
    /**
     * A Zoho invoice no mirror names; `dealAccountId`: the Account of the won deal its key names.
     * Only invoices carrying our key count (one made directly in Zoho was never mirrored).
     */
    unmirrored(zoho: ZohoInvoiceFacts, dealAccountId: string | null): void;
    /** A won deal whose invoice link names an invoice neither Zoho nor a mirror has. */
    brokenLink(deal: WonDealFacts): void;
    finish(counts: { zohoInvoices: number; mirrors: number }): ReconciliationReport;
};

/**
 * Void invoices are left out of the account sums (they owe nothing) but still compared; a
 * mirror of no Zoho invoice counts on Salesforce's side only, an invoice with no mirror on
 * Zoho's only.
 */
export function createReportBuilder(): ReportBuilder {
    const rows = new Map<InvoiceRowKind, InvoiceRow[]>(KINDS.map((kind) => [kind, []]));
    const push = (row: InvoiceRow) => rows.get(row.kind)?.push(row);
    const sums = createAccountSums();
    let matching = 0;
    return {
        mirror(mirror, zoho) {
            const accountId = mirror.accountId ?? zoho?.accountId ?? null;
            if (!zoho) {
                push({
                    kind: 'missing_in_zoho',
                    zohoInvoiceId: mirror.zohoInvoiceId,
                    invoiceNumber: mirror.number,
                    opportunityId: mirror.opportunityId,
                    accountId,
                    currency: mirror.currency,
                    differences: []
                });
                sums.add(accountId, mirror.currency ?? '', mirror, undefined);
                return;
            }
            if (zoho.status !== 'void') sums.add(accountId, zoho.currency, mirror, zoho);
            const found = differences(mirror, zoho);
            if (found.length === 0) {
                matching++;
                return;
            }
            push({
                kind: 'differs',
                zohoInvoiceId: zoho.invoiceId,
                invoiceNumber: zoho.number,
                opportunityId: mirror.opportunityId ?? zoho.key,
                accountId,
                currency: zoho.currency,
                differences: found
            });
        },
        unmirrored(zoho, dealAccountId) {
            if (zoho.key === null) return;
            const accountId = zoho.accountId ?? dealAccountId;
            if (zoho.status !== 'void') sums.add(accountId, zoho.currency, undefined, zoho);
            push({
                kind: 'missing_in_salesforce',
                zohoInvoiceId: zoho.invoiceId,
                invoiceNumber: zoho.number,
                opportunityId: zoho.key,
                accountId,
                currency: zoho.currency,
                differences: unmirroredDifferences(zoho)
            });
        },
        brokenLink(deal) {
            if (!deal.zohoInvoiceId) return;
            push({
                kind: 'broken_deal_link',
                zohoInvoiceId: deal.zohoInvoiceId,
                invoiceNumber: null,
                opportunityId: deal.opportunityId,
                accountId: deal.accountId,
                currency: null,
                differences: []
            });
        },
        finish(counts) {
            const accounts = sums.rows();
            const count = (kind: InvoiceRowKind) => rows.get(kind)?.length ?? 0;
            return {
                summary: {
                    zohoInvoices: counts.zohoInvoices,
                    mirrors: counts.mirrors,
                    matching,
                    differing: count('differs'),
                    missingInZoho: count('missing_in_zoho'),
                    missingInSalesforce: count('missing_in_salesforce'),
                    brokenDealLinks: count('broken_deal_link'),
                    accountsDiffering: accounts.filter((a) => a.differs).length
                },
                invoices: KINDS.flatMap((kind) => rows.get(kind) ?? []),
                accounts
            };
        }
    };
}

/** Ids compared byte-wise (code unit order), as the stage's `COLLATE "C"` orders them. */
export function compareIds(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

/** A copy in id order; items with the same id keep their order (the sort is stable). */
const byId = <T>(items: readonly T[], id: (item: T) => string): T[] =>
    [...items].sort((a, b) => compareIds(id(a), id(b)));

/**
 * The last one read of each id, in the order read: a record a paged read returned twice (the
 * list moved between pages) counts once, as the stage's "no later row of the id" does.
 */
function lastOfEach<T>(items: readonly T[], id: (item: T) => string): T[] {
    const last = new Map(items.map((item, index) => [id(item), index]));
    return items.filter((item, index) => last.get(id(item)) === index);
}

/**
 * Compares both sides held in memory (the stage does the same over the store). Zoho invoices
 * count when they carry our key or Salesforce mirrors them. Where an id repeats (a list page
 * read again after the list moved), the last one given is the one that counts, once.
 */
export function reconcile(input: {
    zoho: readonly ZohoInvoiceFacts[];
    mirrors: readonly MirrorFacts[];
    deals: readonly WonDealFacts[];
}): ReconciliationReport {
    const zoho = byId(
        lastOfEach(input.zoho, (z) => z.invoiceId),
        (z) => z.invoiceId
    );
    const mirrors = byId(
        lastOfEach(input.mirrors, (m) => m.zohoInvoiceId),
        (m) => m.zohoInvoiceId
    );
    const deals = lastOfEach(input.deals, (d) => d.opportunityId);
    const zohoById = new Map(zoho.map((z) => [z.invoiceId, z]));
    const mirrored = new Set(mirrors.map((m) => m.zohoInvoiceId));
    const dealById = new Map(deals.map((d) => [d.opportunityId, d]));
    const report = createReportBuilder();
    for (const mirror of mirrors) report.mirror(mirror, zohoById.get(mirror.zohoInvoiceId));
    for (const invoice of zoho)
        if (!mirrored.has(invoice.invoiceId))
            report.unmirrored(invoice, dealById.get(invoice.key ?? '')?.accountId ?? null);
    for (const deal of byId(deals, (d) => d.zohoInvoiceId ?? '')) {
        const id = deal.zohoInvoiceId ?? '';
        if (!zohoById.has(id) && !mirrored.has(id)) report.brokenLink(deal);
    }
    return report.finish({ zohoInvoices: zoho.length, mirrors: mirrors.length });
}
