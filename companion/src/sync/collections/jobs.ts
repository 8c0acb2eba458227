import { z } from 'zod';

import type { NewJob } from '../../store/jobs.ts';
import type { InvoiceRow } from '../../zoho/schemas/sales.ts';

export const COLLECTIONS_OPEN_JOB = 'salesforce.collections.open';
export const COLLECTIONS_CLOSE_JOB = 'salesforce.collections.close';
export const COLLECTIONS_FOLLOW_UP_JOB = 'salesforce.collections.follow_up';
export const COLLECTIONS_NOTICE_JOB = 'notify.collections';

export const openSchema = z.object({
    invoiceId: z.string(),
    accountId: z.string(),
    opportunityId: z.string().nullable(),
    dueDate: z.string(),
    invoice: z.object({
        number: z.string(),
        total: z.number(),
        balance: z.number(),
        currency: z.string(),
        url: z.string()
    })
});

/** The job that opens the collections case of an invoice that became overdue. */
function overdueJob(connectionId: string, input: z.infer<typeof openSchema>): NewJob {
    return {
        kind: COLLECTIONS_OPEN_JOB,
        partitionKey: `collections:${connectionId}`,
        connectionId,
        payload: input
    };
}

/** The job that closes an invoice's case (paid or void). */
function settledJob(connectionId: string, invoiceId: string): NewJob {
    return {
        kind: COLLECTIONS_CLOSE_JOB,
        partitionKey: `collections:${connectionId}`,
        connectionId,
        payload: { invoiceId }
    };
}

/** An invoice turning overdue opens its collections case; settling it closes the case. */
export function collectionJobs(
    connectionId: string,
    input: {
        invoice: InvoiceRow;
        accountId: string;
        opportunityId: string | null;
        url: string;
        overdue: boolean;
        wasOverdue: boolean;
    }
): NewJob[] {
    const { invoice } = input;
    if (input.overdue && !input.wasOverdue && invoice.due_date)
        return [
            overdueJob(connectionId, {
                invoiceId: invoice.invoice_id,
                accountId: input.accountId,
                opportunityId: input.opportunityId,
                dueDate: invoice.due_date,
                invoice: {
                    number: invoice.invoice_number,
                    total: invoice.total,
                    balance: invoice.balance,
                    currency: invoice.currency_code,
                    url: input.url
                }
            })
        ];
    if (!input.overdue && input.wasOverdue) return [settledJob(connectionId, invoice.invoice_id)];
    return [];
}

/** What one sync is asked to bring up to date; ids are re-read from Zoho, rows are used as read. */
