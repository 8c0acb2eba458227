import { ZohoError, zohoErrors } from './errors.ts';
import { roundTo } from './money.ts';
import { currencyOf } from './sales.ts';
import { invoiceAmounts } from './sales-render.ts';
import type { Invoice, OrgData } from './state.ts';

/**
 * Applies money from a payment or a credit note to an invoice (reference §6.6): the amount
 * must be positive and at most the balance (over-application is refused, code 2 — Zoho's
 * exact answer is unconfirmed); a draft invoice becomes sent; a void one refuses.
 */
export function applyToInvoice(
    data: OrgData,
    invoice: Invoice,
    application: {
        source: 'payment' | 'creditnote';
        sourceId: string;
        amount: number;
        date: string;
    },
    ctx: { nextId: () => string; now: number }
): string {
    if (invoice.status === 'void')
        throw new ZohoError(400, 2, 'Payments cannot be applied to a void invoice.');
    const precision = currencyOf(data, invoice.currency_id).price_precision;
    const amount = roundTo(application.amount, precision);
    if (!(amount > 0)) throw zohoErrors.invalidValue('amount_applied');
    if (amount > invoiceAmounts(data, invoice).balance)
        throw zohoErrors.invalidValue('amount_applied');
    const id = ctx.nextId();
    invoice.applied.push({ ...application, amount, id });
    if (invoice.status === 'draft') invoice.status = 'sent';
    invoice.modified = ctx.now;
    return id;
}

/** Removes every application made by a payment or credit note (when it is deleted or voided). */
export function unapply(
    data: OrgData,
    source: 'payment' | 'creditnote',
    sourceId: string,
    now: number
): Invoice[] {
    const touched: Invoice[] = [];
    for (const invoice of data.invoices.values()) {
        const before = invoice.applied.length;
        invoice.applied = invoice.applied.filter(
            (a) => !(a.source === source && a.sourceId === sourceId)
        );
        if (invoice.applied.length !== before) {
            invoice.modified = now;
            touched.push(invoice);
        }
    }
    return touched;
}
