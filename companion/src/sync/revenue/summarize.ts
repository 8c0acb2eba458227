import type { WritebackRecord } from '../../store/writebacks.ts';
import { round } from '../invoice/totals.ts';

/**
 * Revenue per account and month (flow F7), a pure function of Zoho's documents: what was
 * invoiced (invoices dated in the month, neither draft nor void), collected (customer payments
 * dated in it), credited (credit notes dated in it, not void) and is still outstanding (the
 * balance left on that month's invoices), each in the document currency and in the Zoho
 * organization's base currency (each document at its own exchange rate, as Zoho booked it).
 */

export type InvoiceFigures = {
    customer_id: string;
    date: string;
    status: string;
    currency_code: string;
    exchange_rate: number;
    total: number;
    balance: number;
};
export type PaymentFigures = {
    customer_id: string;
    date: string;
    amount: number;
    currency_code?: string | undefined;
    exchange_rate?: number | undefined;
    bcy_amount?: number | undefined;
};
export type CreditNoteFigures = {
    customer_id: string;
    date: string;
    status: string;
    currency_code: string;
    exchange_rate: number;
    total: number;
};

type Amounts = { invoiced: number; collected: number; outstanding: number; credited: number };

export type RevenueSummary = {
    accountId: string;
    /** `YYYY-MM` */
    month: string;
    /** The document currency, or null when the month mixes currencies (then only base figures hold). */
    currency: string | null;
    document: Amounts | null;
    base: Amounts;
    baseCurrency: string;
};

const ZERO: Amounts = { invoiced: 0, collected: 0, outstanding: 0, credited: 0 };

/** `YYYY-MM` of a Zoho business date, or undefined for an empty or malformed one. */
export function monthOf(date: string): string | undefined {
    return /^\d{4}-\d{2}-\d{2}$/.test(date) ? date.slice(0, 7) : undefined;
}

/** The `count` months ending with `through` (`YYYY-MM`), oldest first. */
export function monthsBack(through: string, count: number): string[] {
    const [y, m] = through.split('-').map(Number) as [number, number];
    return Array.from({ length: count }, (_, i) => {
        const d = new Date(Date.UTC(y, m - 1 - (count - 1 - i), 1));
        return d.toISOString().slice(0, 7);
    });
}

const base = (amount: number, rate: number | undefined) => round(amount * (rate ?? 1), 2);

/**
 * Adds up documents as they are read, into one sum per account and month: it holds those sums,
 * not the documents. `accountId` is the document's customer's account; documents with none, or
 * outside `months`, are left out.
 */
export function createRevenueTally(input: { months: readonly string[]; baseCurrency: string }) {
    const wanted = new Set(input.months);
    const sums = new Map<
        string,
        { accountId: string; month: string; currencies: Set<string>; doc: Amounts; base: Amounts }
    >();
    const add = (
        accountId: string | undefined,
        date: string,
        currency: string | undefined,
        doc: Partial<Amounts>,
        inBase: Partial<Amounts>
    ) => {
        const month = monthOf(date);
        if (!accountId || !month || !wanted.has(month)) return;
        const key = `${accountId}:${month}`;
        const entry = sums.get(key) ?? {
            accountId,
            month,
            currencies: new Set<string>(),
            doc: { ...ZERO },
            base: { ...ZERO }
        };
        if (currency) entry.currencies.add(currency);
        for (const k of Object.keys(ZERO) as (keyof Amounts)[]) {
            entry.doc[k] = round(entry.doc[k] + (doc[k] ?? 0), 2);
            entry.base[k] = round(entry.base[k] + (inBase[k] ?? 0), 2);
        }
        sums.set(key, entry);
    };
    return {
        invoice(i: InvoiceFigures, accountId: string | undefined) {
            if (i.status === 'draft' || i.status === 'void') return;
            add(
                accountId,
                i.date,
                i.currency_code,
                { invoiced: i.total, outstanding: i.balance },
                {
                    invoiced: base(i.total, i.exchange_rate),
                    outstanding: base(i.balance, i.exchange_rate)
                }
            );
        },
        payment(p: PaymentFigures, accountId: string | undefined) {
            add(
                accountId,
                p.date,
                p.currency_code,
                { collected: p.amount },
                { collected: p.bcy_amount ?? base(p.amount, p.exchange_rate) }
            );
        },
        creditNote(n: CreditNoteFigures, accountId: string | undefined) {
            if (n.status === 'draft' || n.status === 'void') return;
            add(
                accountId,
                n.date,
                n.currency_code,
                { credited: n.total },
                { credited: base(n.total, n.exchange_rate) }
            );
        },
        /** One summary per account and month that had any document, by account then month. */
        summaries(): RevenueSummary[] {
            return [...sums.values()]
                .map((s) => {
                    const single = s.currencies.size <= 1;
                    return {
                        accountId: s.accountId,
                        month: s.month,
                        currency: single ? ([...s.currencies][0] ?? input.baseCurrency) : null,
                        document: single ? s.doc : null,
                        base: s.base,
                        baseCurrency: input.baseCurrency
                    };
                })
                .sort(
                    (a, b) =>
                        a.accountId.localeCompare(b.accountId) || a.month.localeCompare(b.month)
                );
        }
    };
}

/** The tally of documents already at hand (`accounts`: customer id → account id). */
export function summarize(input: {
    invoices: readonly InvoiceFigures[];
    payments: readonly PaymentFigures[];
    creditNotes: readonly CreditNoteFigures[];
    accounts: ReadonlyMap<string, string>;
    months: readonly string[];
    baseCurrency: string;
}): RevenueSummary[] {
    const tally = createRevenueTally(input);
    const account = (customerId: string) => input.accounts.get(customerId);
    for (const i of input.invoices) tally.invoice(i, account(i.customer_id));
    for (const p of input.payments) tally.payment(p, account(p.customer_id));
    for (const n of input.creditNotes) tally.creditNote(n, account(n.customer_id));
    return tally.summaries();
}

/** A month that had figures and has none now (its documents voided or deleted): all zero. */
export function emptySummary(
    accountId: string,
    month: string,
    baseCurrency: string
): RevenueSummary {
    return { accountId, month, currency: null, document: ZERO, base: ZERO, baseCurrency };
}

/** The unique key of `Zoho_Revenue_Summary__c`: account id and month. */
export const summaryKey = (accountId: string, month: string) => `${accountId}:${month}`;

/** The `Zoho_Revenue_Summary__c` upsert of one summary. */
export function summaryRecord(summary: RevenueSummary, nowIso: string): WritebackRecord {
    const doc = summary.document;
    return {
        op: 'upsert',
        sobject: 'Zoho_Revenue_Summary__c',
        externalIdField: 'Summary_Key__c',
        fields: {
            Summary_Key__c: summaryKey(summary.accountId, summary.month),
            Name: `${summary.month} revenue`,
            Account__c: summary.accountId,
            Month__c: `${summary.month}-01`,
            Currency_Code__c: summary.currency,
            Invoiced__c: doc?.invoiced ?? null,
            Collected__c: doc?.collected ?? null,
            Outstanding__c: doc?.outstanding ?? null,
            Credits__c: doc?.credited ?? null,
            Base_Currency_Code__c: summary.baseCurrency,
            Invoiced_Base__c: summary.base.invoiced,
            Collected_Base__c: summary.base.collected,
            Outstanding_Base__c: summary.base.outstanding,
            Credits_Base__c: summary.base.credited,
            Last_Synced__c: nowIso
        }
    };
}
