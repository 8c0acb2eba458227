import { isOverdue, type InvoiceMoney } from '../payments/map.ts';

/**
 * When an invoice counts as overdue for collections (flow F4), as pure functions: the
 * organization's own date, and the grace period of the package settings.
 */

const DAY_MS = 86_400_000;

/**
 * The calendar date (`yyyy-mm-dd`) at `nowMs` in an IANA time zone, as Zoho's organization
 * settings name it; UTC when the zone is missing or unknown to this runtime.
 */
export function dateInZone(nowMs: number, timeZone: string | undefined): string {
    const utc = new Date(nowMs).toISOString().slice(0, 10);
    if (!timeZone) return utc;
    try {
        // en-CA writes dates as yyyy-mm-dd.
        return new Intl.DateTimeFormat('en-CA', {
            timeZone,
            year: 'numeric',
            month: '2-digit',
            day: '2-digit'
        }).format(nowMs);
    } catch {
        return utc;
    }
}

/** `date` (`yyyy-mm-dd`) moved by whole days. */
export function addDays(date: string, days: number): string {
    return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Overdue for collections: the invoice owes money and its due date plus the grace period has
 * passed on the organization's `today`. Zoho's own `overdue` status counts as the due date
 * having passed (an invoice without a due date then counts at once), but never cuts the grace
 * period short: a finance team that gives customers five days gets five days, whether Zoho has
 * marked the invoice (untouched ones) or not (partly paid ones).
 */
export function overdueForCollections(
    invoice: Pick<InvoiceMoney, 'status' | 'balance' | 'due_date'>,
    today: string,
    graceDays: number
): boolean {
    const graceEnded = addDays(today, -Math.max(0, Math.trunc(graceDays)));
    if (invoice.status === 'overdue')
        return invoice.balance > 0 && (!invoice.due_date || invoice.due_date < graceEnded);
    if (!invoice.due_date) return false;
    return isOverdue(invoice, graceEnded);
}
