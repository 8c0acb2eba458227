import { z } from 'zod';

import {
    amountSchema,
    customFieldSchema,
    discountSchema,
    optionalZohoIdSchema,
    percentageSchema,
    zohoDateSchema,
    zohoIdSchema,
    zohoTimestampSchema
} from './common.ts';

/** Invoices, customer payments and credit notes (reference §6.5, §6.6). */

export const lineItemSchema = z.looseObject({
    line_item_id: zohoIdSchema,
    item_id: optionalZohoIdSchema.optional(),
    name: z.string().optional(),
    description: z.string().optional(),
    rate: amountSchema,
    quantity: amountSchema,
    discount: discountSchema.optional(),
    discount_amount: amountSchema.optional(),
    tax_id: optionalZohoIdSchema.optional(),
    tax_name: z.string().optional(),
    tax_percentage: percentageSchema.optional(),
    item_total: amountSchema
});
export type LineItem = z.infer<typeof lineItemSchema>;

export const invoiceStatusSchema = z.enum([
    'draft',
    'sent',
    'viewed',
    'overdue',
    'partially_paid',
    'paid',
    'unpaid',
    'void',
    'pending_approval',
    'approved'
]);
export type InvoiceStatus = z.infer<typeof invoiceStatusSchema>;

/** Fields of list rows and records; rows in the OAS examples lack the customer and the rate. */
const salesDocumentFields = {
    customer_id: zohoIdSchema.optional(),
    customer_name: z.string().optional(),
    date: zohoDateSchema,
    due_date: zohoDateSchema.optional(),
    reference_number: z.string().optional(),
    currency_id: zohoIdSchema,
    currency_code: z.string(),
    exchange_rate: z.number().optional(),
    discount: discountSchema.optional(),
    is_discount_before_tax: z.boolean().optional(),
    discount_type: z.string().optional(),
    sub_total: amountSchema.optional(),
    tax_total: amountSchema.optional(),
    total: amountSchema,
    balance: amountSchema,
    taxes: z.array(z.looseObject({ tax_name: z.string(), tax_amount: amountSchema })).optional(),
    custom_fields: z.array(customFieldSchema).optional(),
    custom_field_hash: z.record(z.string(), z.unknown()).optional(),
    created_time: zohoTimestampSchema.optional(),
    last_modified_time: zohoTimestampSchema.optional()
};

/** A list row: no line items. */
export const invoiceRowSchema = z.looseObject({
    invoice_id: zohoIdSchema,
    invoice_number: z.string(),
    status: invoiceStatusSchema,
    payment_terms: z.number().int().optional(),
    payment_terms_label: z.string().optional(),
    payment_made: amountSchema.optional(),
    credits_applied: amountSchema.optional(),
    last_payment_date: zohoDateSchema.optional(),
    ...salesDocumentFields
});
export type InvoiceRow = z.infer<typeof invoiceRowSchema>;

export const invoiceSchema = invoiceRowSchema.extend({
    customer_id: zohoIdSchema,
    exchange_rate: z.number(),
    line_items: z.array(lineItemSchema),
    price_precision: z.number().int().optional()
});
export type Invoice = z.infer<typeof invoiceSchema>;

export const creditNoteRowSchema = z.looseObject({
    creditnote_id: zohoIdSchema,
    creditnote_number: z.string(),
    status: z.string(),
    ...salesDocumentFields
});
export const creditNoteSchema = creditNoteRowSchema.extend({
    customer_id: zohoIdSchema,
    exchange_rate: z.number(),
    line_items: z.array(lineItemSchema)
});
export type CreditNote = z.infer<typeof creditNoteSchema>;

export const invoicePaymentSchema = z.looseObject({
    invoice_id: zohoIdSchema,
    invoice_payment_id: zohoIdSchema.optional(),
    invoice_number: z.string().optional(),
    amount_applied: amountSchema,
    // The SDK reads total/balance where the OAS says invoice_amount/balance_amount.
    total: amountSchema.optional(),
    balance: amountSchema.optional(),
    invoice_amount: amountSchema.optional(),
    balance_amount: amountSchema.optional()
});

export const paymentRowSchema = z.looseObject({
    payment_id: zohoIdSchema,
    payment_number: z.string().optional(),
    payment_mode: z.string(),
    amount: amountSchema,
    unused_amount: amountSchema.optional(),
    amount_refunded: amountSchema.optional(),
    currency_code: z.string().optional(),
    exchange_rate: z.number().optional(),
    bcy_amount: amountSchema.optional(),
    date: zohoDateSchema,
    reference_number: z.string().optional(),
    customer_id: zohoIdSchema.optional(),
    customer_name: z.string().optional(),
    last_modified_time: zohoTimestampSchema.optional()
});
export type PaymentRow = z.infer<typeof paymentRowSchema>;

export const paymentSchema = paymentRowSchema.extend({
    customer_id: zohoIdSchema,
    invoices: z.array(invoicePaymentSchema),
    custom_fields: z.array(customFieldSchema).optional()
});
export type Payment = z.infer<typeof paymentSchema>;

/** `GET /invoices/{id}/payments` rows. */
export const appliedPaymentSchema = z.looseObject({
    payment_id: zohoIdSchema,
    invoice_payment_id: zohoIdSchema.optional(),
    amount: amountSchema,
    date: zohoDateSchema
});
export type AppliedPayment = z.infer<typeof appliedPaymentSchema>;
