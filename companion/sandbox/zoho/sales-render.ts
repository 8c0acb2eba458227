import { renderCustomFields } from './custom-fields.ts';
import { formatDiscount, roundTo } from './money.ts';
import { omit } from './routes/common.ts';
import { currencyOf, totalsOf } from './sales.ts';
import type { CreditNote, Invoice, OrgData, SalesDocument } from './state.ts';
import { formatZohoTime, orgToday } from './time.ts';

/** Renders invoices and credit notes the way GET returns them (reference §6.5). */

function primaryEmail(data: OrgData, customerId: string): string {
    const contact = data.contacts.get(customerId);
    return contact?.contact_persons.find((p) => p.is_primary_contact)?.email ?? '';
}

function renderDocument(data: OrgData, doc: SalesDocument) {
    const currency = currencyOf(data, doc.currency_id);
    const totals = totalsOf(data, doc);
    const p = currency.price_precision;
    const base = currencyOf(data, data.org.currency_id).price_precision;
    const off = data.org.utcOffsetMinutes;
    return {
        totals,
        body: {
            customer_id: doc.customer_id,
            customer_name: data.contacts.get(doc.customer_id)?.contact_name ?? '',
            email: primaryEmail(data, doc.customer_id),
            date: doc.date,
            due_date: doc.due_date,
            payment_terms: doc.payment_terms,
            payment_terms_label: doc.payment_terms_label,
            reference_number: doc.reference_number,
            currency_id: currency.currency_id,
            currency_code: currency.currency_code,
            currency_symbol: currency.currency_symbol,
            exchange_rate: doc.exchange_rate,
            price_precision: p,
            discount: formatDiscount(doc.discount),
            discount_percent: doc.discount?.kind === 'percent' ? doc.discount.value : 0,
            is_discount_before_tax: doc.is_discount_before_tax,
            discount_type: doc.discount_type,
            discount_amount: totals.discountTotal,
            discount_total: totals.discountTotal,
            is_inclusive_tax: doc.is_inclusive_tax,
            line_items: doc.line_items.map((line, i) => ({
                line_item_id: line.line_item_id,
                item_id: line.item_id,
                name: line.name,
                description: line.description,
                item_order: line.item_order,
                rate: line.rate,
                bcy_rate: roundTo(line.rate * doc.exchange_rate, base),
                quantity: line.quantity,
                unit: line.unit,
                discount: formatDiscount(line.discount),
                discount_amount: totals.lines[i]?.discountAmount ?? 0,
                tax_id: line.tax_id,
                tax_name: line.taxes.map((t) => t.taxName).join(' + '),
                tax_type: line.taxes.length > 1 ? 'tax_group' : 'tax',
                tax_percentage: line.taxes.reduce((s, t) => s + t.percentage, 0),
                item_total: totals.lines[i]?.itemTotal ?? 0,
                line_item_category: 'line_item'
            })),
            shipping_charge: doc.shipping_charge,
            adjustment: doc.adjustment,
            sub_total: totals.subTotal,
            tax_total: totals.taxTotal,
            total: totals.total,
            bcy_sub_total: roundTo(totals.subTotal * doc.exchange_rate, base),
            bcy_tax_total: roundTo(totals.taxTotal * doc.exchange_rate, base),
            bcy_total: roundTo(totals.total * doc.exchange_rate, base),
            taxes: totals.taxes.map((t) => ({
                tax_id: t.taxId,
                tax_name: t.taxName,
                tax_amount: t.taxAmount
            })),
            ...renderCustomFields(data, doc.custom_fields),
            notes: '',
            terms: '',
            ...doc.extra,
            created_time: formatZohoTime(doc.created, off),
            last_modified_time: formatZohoTime(doc.modified, off)
        }
    };
}

export function invoiceAmounts(data: OrgData, invoice: Invoice) {
    const { total } = totalsOf(data, invoice);
    const p = currencyOf(data, invoice.currency_id).price_precision;
    const paid = roundTo(
        invoice.applied.filter((a) => a.source === 'payment').reduce((s, a) => s + a.amount, 0),
        p
    );
    const credits = roundTo(
        invoice.applied.filter((a) => a.source === 'creditnote').reduce((s, a) => s + a.amount, 0),
        p
    );
    return {
        total,
        paid,
        credits,
        balance: invoice.status === 'void' ? 0 : roundTo(total - paid - credits, p)
    };
}

/** Status as Zoho shows it: stored draft/sent/void, the rest derived from balance and due date. */
export function invoiceStatus(data: OrgData, invoice: Invoice, now: number): string {
    if (invoice.status === 'void' || invoice.status === 'draft') return invoice.status;
    const { total, balance } = invoiceAmounts(data, invoice);
    if (balance <= 0) return 'paid';
    if (balance < total) return 'partially_paid';
    return invoice.due_date < orgToday(now, data.org.utcOffsetMinutes) ? 'overdue' : 'sent';
}

export function renderInvoice(data: OrgData, invoice: Invoice, now: number) {
    const { body } = renderDocument(data, invoice);
    const amounts = invoiceAmounts(data, invoice);
    const lastPayment = invoice.applied.filter((a) => a.source === 'payment').at(-1);
    return {
        invoice_id: invoice.id,
        invoice_number: invoice.number,
        status: invoiceStatus(data, invoice, now),
        ...body,
        payment_made: amounts.paid,
        credits_applied: amounts.credits,
        write_off_amount: 0,
        balance: amounts.balance,
        bcy_balance: roundTo(
            amounts.balance * invoice.exchange_rate,
            currencyOf(data, data.org.currency_id).price_precision
        ),
        last_payment_date: lastPayment?.date ?? '',
        is_emailed: invoice.extra.is_emailed === true
    };
}

/** The thinner list row (reference §6.5: list rows drop line items). */
export function invoiceRow(data: OrgData, invoice: Invoice, now: number) {
    return omit(renderInvoice(data, invoice, now), ['line_items', 'taxes']);
}

export function creditNoteAmounts(data: OrgData, note: CreditNote) {
    const { total } = totalsOf(data, note);
    const p = currencyOf(data, note.currency_id).price_precision;
    const used = [...data.invoices.values()]
        .flatMap((inv) => inv.applied)
        .filter((a) => a.source === 'creditnote' && a.sourceId === note.id)
        .reduce((s, a) => s + a.amount, 0);
    return { total, balance: note.status === 'void' ? 0 : roundTo(total - used, p) };
}

export function renderCreditNote(data: OrgData, note: CreditNote) {
    const { body } = renderDocument(data, note);
    const { balance } = creditNoteAmounts(data, note);
    return {
        creditnote_id: note.id,
        creditnote_number: note.number,
        status: note.status === 'void' ? 'void' : balance <= 0 ? 'closed' : 'open',
        ...body,
        balance
    };
}
