import { digestRequest } from '../../store/journal.ts';
import type { InvoiceRow } from '../../zoho/schemas/sales.ts';

/**
 * Which version of a Zoho invoice, read in full, a sync worked from, and on which day of the
 * organization. Zoho's `last_modified_time` changes with every edit, payment, credit and void of
 * the invoice, but only to the second, so two changes within one second share it: the digest of
 * the whole record as read tells those apart, and the day is part of it because an invoice turns
 * overdue with no change in Zoho. Undefined when Zoho gave no modified time (never skipped then).
 */
export function invoiceVersion(invoice: InvoiceRow, today: string): string | undefined {
    if (!invoice.last_modified_time) return undefined;
    return `${invoice.last_modified_time} ${digestRequest({ invoice, today })}`;
}
