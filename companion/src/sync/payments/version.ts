import { digestRequest } from '../../store/journal.ts';
import type { InvoiceRow } from '../../zoho/schemas/sales.ts';

/**
 * The invoice fields the payments sync maps (`InvoiceMoney`, and the customer that names the
 * account): a list row and a full read of the same version agree on them.
 */
const MAPPED = [
    'invoice_id',
    'invoice_number',
    'customer_id',
    'status',
    'date',
    'due_date',
    'currency_code',
    'total',
    'balance',
    'sub_total',
    'tax_total',
    'payment_made',
    'credits_applied',
    'last_payment_date'
] as const satisfies readonly (keyof InvoiceRow)[];

/**
 * Which version of a Zoho invoice a sync worked from, and on which day of the organization.
 * Zoho's `last_modified_time` changes with every edit, payment, credit and void of the invoice,
 * but only to the second, so two changes within one second share it: the digest of the mapped
 * fields tells those apart, and the day is part of it because an invoice turns overdue with no
 * change in Zoho. Undefined when Zoho gave no modified time (never skipped then).
 */
export function invoiceVersion(invoice: InvoiceRow, today: string): string | undefined {
    if (!invoice.last_modified_time) return undefined;
    const mapped = Object.fromEntries(MAPPED.map((field) => [field, invoice[field] ?? null]));
    return `${invoice.last_modified_time} ${digestRequest({ mapped, today })}`;
}
