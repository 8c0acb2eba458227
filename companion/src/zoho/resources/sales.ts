import {
    creditNotesResponseSchema,
    paymentResponseSchema,
    paymentsResponseSchema
} from '../schemas/responses.ts';
import type { Payment, PaymentRow } from '../schemas/sales.ts';
import {
    allPages,
    call,
    page,
    PER_PAGE,
    type CallOptions,
    type Filters,
    type Page,
    type ResourceContext
} from './common.ts';

/** Customer payments and credit notes, read-only (reference §6.6). */

export type PaymentFilters = Filters & {
    customer_id?: string;
    reference_number?: string;
    date?: string;
    last_modified_time?: string;
    sort_column?: string;
};

export function paymentsResource(ctx: ResourceContext) {
    const list = async (
        filters: PaymentFilters = {},
        pageNumber = 1,
        options?: CallOptions
    ): Promise<Page<PaymentRow>> => {
        const { data } = await call(
            ctx,
            {
                method: 'GET',
                path: '/customerpayments',
                query: { ...filters, page: pageNumber, per_page: PER_PAGE },
                schema: paymentsResponseSchema
            },
            options
        );
        return page(data.customerpayments, data.page_context);
    };
    return {
        list,
        listAll: (filters: PaymentFilters = {}, options?: CallOptions) =>
            allPages((n) => list(filters, n, options)),
        async get(paymentId: string, options?: CallOptions): Promise<Payment> {
            const { data } = await call(
                ctx,
                {
                    method: 'GET',
                    path: `/customerpayments/${paymentId}`,
                    schema: paymentResponseSchema
                },
                options
            );
            return data.payment;
        }
    };
}

export function creditNotesResource(ctx: ResourceContext) {
    const list = async (filters: Filters = {}, pageNumber = 1, options?: CallOptions) => {
        const { data } = await call(
            ctx,
            {
                method: 'GET',
                path: '/creditnotes',
                query: { ...filters, page: pageNumber, per_page: PER_PAGE },
                schema: creditNotesResponseSchema
            },
            options
        );
        return page(data.creditnotes, data.page_context);
    };
    return {
        list,
        listAll: (filters: Filters = {}, options?: CallOptions) =>
            allPages((n) => list(filters, n, options))
    };
}
