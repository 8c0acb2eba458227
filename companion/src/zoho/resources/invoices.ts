import {
    actionResponseSchema,
    invoicePaymentsResponseSchema,
    invoiceResponseSchema,
    invoicesResponseSchema
} from '../schemas/responses.ts';
import type { AppliedPayment, Invoice, InvoiceRow } from '../schemas/sales.ts';
import {
    listPage,
    allPages,
    call,
    collect,
    type CallOptions,
    type CustomFieldInput,
    type Filters,
    type ResourceContext
} from './common.ts';
import { recordCalls, type UniqueUpsert } from './record.ts';

/** Invoices (reference §6.5, §3.4). */

export type LineItemInput = {
    item_id?: string;
    line_item_id?: string;
    name?: string;
    description?: string;
    rate?: number;
    quantity?: number;
    unit?: string;
    /** A number is an amount; a percentage is a string ending in `%`. */
    discount?: number | string;
    tax_id?: string;
    item_order?: number;
} & Record<string, unknown>;

export type InvoiceInput = {
    customer_id?: string;
    line_items?: LineItemInput[];
    invoice_number?: string;
    reference_number?: string;
    date?: string;
    due_date?: string;
    payment_terms?: number;
    payment_terms_label?: string;
    currency_id?: string;
    exchange_rate?: number;
    discount?: number | string;
    is_discount_before_tax?: boolean;
    discount_type?: 'entity_level' | 'item_level';
    /** Line rates include tax; Zoho extracts it (amount × rate ÷ (100 + rate)). */
    is_inclusive_tax?: boolean;
    shipping_charge?: number;
    adjustment?: number;
    notes?: string;
    terms?: string;
    custom_fields?: CustomFieldInput[];
} & Record<string, unknown>;

/** `GET /invoices` filters; `last_modified_time` is `yyyy-MM-ddTHH:mm:ss±hhmm`. */
export type InvoiceFilters = Filters & {
    reference_number?: string;
    customer_id?: string;
    invoice_number?: string;
    status?: string;
    filter_by?: string;
    last_modified_time?: string;
    due_date_before?: string;
    custom_field?: string;
    search_text?: string;
    sort_column?: string;
    sort_order?: 'A' | 'D';
};

export function invoicesResource(ctx: ResourceContext) {
    const list = listPage<typeof invoicesResponseSchema, InvoiceFilters, InvoiceRow>(
        ctx,
        '/invoices',
        invoicesResponseSchema,
        (d) => d.invoices
    );
    const action = async (invoiceId: string, status: 'sent' | 'void', options?: CallOptions) => {
        // Both actions are idempotent in effect: marking a sent invoice sent, or a void one
        // void, changes nothing, so a lost answer may be retried.
        await call(
            ctx,
            {
                method: 'POST',
                path: `/invoices/${invoiceId}/status/${status}`,
                idempotent: true,
                schema: actionResponseSchema
            },
            options
        );
    };
    const record = recordCalls<typeof invoiceResponseSchema, Invoice, InvoiceInput>(
        ctx,
        '/invoices',
        invoiceResponseSchema,
        (d) => d.invoice
    );
    const listAll = (filters: InvoiceFilters = {}, options?: CallOptions) =>
        allPages((n) => list(filters, n, options));
    return {
        /**
         * Creates an invoice. Never retried on a lost answer: on `outcomeUnknown` the caller
         * looks for it (`findByReference`, `upsertByUniqueField`) before creating again.
         */
        async create(
            body: InvoiceInput,
            flags: { send?: boolean; ignoreAutoNumberGeneration?: boolean } = {},
            options?: CallOptions
        ): Promise<Invoice> {
            const { data } = await call(
                ctx,
                {
                    method: 'POST',
                    path: '/invoices',
                    query: {
                        send: flags.send,
                        ignore_auto_number_generation: flags.ignoreAutoNumberGeneration
                    },
                    body,
                    schema: invoiceResponseSchema
                },
                options
            );
            return data.invoice;
        },
        /** Creates or updates by a unique custom field; repeating it never makes a duplicate. */
        async upsertByUniqueField(
            input: UniqueUpsert<InvoiceInput>,
            options?: CallOptions
        ): Promise<{ invoice: Invoice; created: boolean }> {
            const { record: invoice, created } = await record.upsert(input, options);
            return { invoice, created };
        },
        update: record.update,
        get: record.get,
        /** The payments applied to an invoice (`GET /invoices/{id}/payments`, reference §6.5). */
        async payments(invoiceId: string, options?: CallOptions): Promise<AppliedPayment[]> {
            const { data } = await call(
                ctx,
                {
                    method: 'GET',
                    path: `/invoices/${invoiceId}/payments`,
                    schema: invoicePaymentsResponseSchema
                },
                options
            );
            return data.payments;
        },
        list,
        listAll,
        /** Invoices carrying this exact reference number (not unique in Zoho: may be several). */
        async findByReference(reference: string, options?: CallOptions): Promise<InvoiceRow[]> {
            const rows = await collect(listAll({ reference_number: reference }, options));
            return rows.filter((r) => r.reference_number === reference);
        },
        markSent: (invoiceId: string, options?: CallOptions) => action(invoiceId, 'sent', options),
        void: (invoiceId: string, options?: CallOptions) => action(invoiceId, 'void', options)
    };
}
