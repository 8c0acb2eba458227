import {
    creditNoteResponseSchema,
    creditNotesResponseSchema,
    invoicesCreditedResponseSchema,
    paymentResponseSchema,
    paymentsResponseSchema
} from '../schemas/responses.ts';
import type { CreditNote, Payment, PaymentRow } from '../schemas/sales.ts';
import {
    listPage,
    allPages,
    call,
    type CallOptions,
    type Filters,
    type ResourceContext
} from './common.ts';
import { recordCalls } from './record.ts';

/** Customer payments and credit notes, read-only (reference §6.6). */

export type PaymentFilters = Filters & {
    customer_id?: string;
    reference_number?: string;
    date?: string;
    last_modified_time?: string;
    sort_column?: string;
    sort_order?: 'A' | 'D';
};

export function paymentsResource(ctx: ResourceContext) {
    const list = listPage<typeof paymentsResponseSchema, PaymentFilters, PaymentRow>(
        ctx,
        '/customerpayments',
        paymentsResponseSchema,
        (d) => d.customerpayments
    );
    return {
        list,
        listAll: (filters: PaymentFilters = {}, options?: CallOptions) =>
            allPages((n) => list(filters, n, options)),
        get: recordCalls(ctx, '/customerpayments', paymentResponseSchema, (d): Payment => d.payment)
            .get
    };
}

export function creditNotesResource(ctx: ResourceContext) {
    const list = listPage(ctx, '/creditnotes', creditNotesResponseSchema, (d) => d.creditnotes);
    return {
        list,
        listAll: (filters: Filters = {}, options?: CallOptions) =>
            allPages((n) => list(filters, n, options)),
        get: recordCalls(
            ctx,
            '/creditnotes',
            creditNoteResponseSchema,
            (d): CreditNote => d.creditnote
        ).get,
        /** The invoices a credit note was applied to (`GET /creditnotes/{id}/invoices`). */
        async invoicesCredited(creditNoteId: string, options?: CallOptions) {
            const { data } = await call(
                ctx,
                {
                    method: 'GET',
                    path: `/creditnotes/${creditNoteId}/invoices`,
                    schema: invoicesCreditedResponseSchema
                },
                options
            );
            return data.invoices_credited;
        }
    };
}
