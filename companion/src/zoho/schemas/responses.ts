import { z } from 'zod';

import {
    actionResponseSchema,
    addressSchema,
    amountSchema,
    listResponse,
    singleResponse,
    zohoDateSchema,
    zohoIdSchema
} from './common.ts';
import { contactPersonSchema, contactRowSchema, contactSchema } from './contacts.ts';
import {
    appliedPaymentSchema,
    creditNoteRowSchema,
    creditNoteSchema,
    invoiceRowSchema,
    invoiceSchema,
    paymentRowSchema,
    paymentSchema
} from './sales.ts';
import {
    currencySchema,
    customFieldDefinitionSchema,
    exchangeRateSchema,
    itemSchema,
    organizationSchema,
    taxGroupSchema,
    taxSchema
} from './settings.ts';

/** The envelope of each Books operation the companion calls, keyed by resource (reference §4.1). */

export const organizationsResponseSchema = listResponse('organizations', organizationSchema);
export const organizationResponseSchema = singleResponse('organization', organizationSchema);

export const contactsResponseSchema = listResponse('contacts', contactRowSchema);
export const contactResponseSchema = singleResponse('contact', contactSchema);
export const contactPersonsResponseSchema = listResponse('contact_persons', contactPersonSchema);
// The OAS types it as an array; Zoho's own SDK parses an object (reference §6.3).
export const contactPersonResponseSchema = singleResponse(
    'contact_person',
    z.union([contactPersonSchema, z.array(contactPersonSchema).transform((a) => a[0])])
);

export const addressesResponseSchema = listResponse('addresses', addressSchema);
export const addressResponseSchema = singleResponse('address_info', addressSchema);

export const itemsResponseSchema = listResponse('items', itemSchema);
export const itemResponseSchema = singleResponse('item', itemSchema);

export const taxesResponseSchema = listResponse('taxes', taxSchema);
export const taxResponseSchema = singleResponse('tax', taxSchema);
export const taxGroupResponseSchema = singleResponse('tax_group', taxGroupSchema);

export const customFieldDefinitionsResponseSchema = listResponse(
    'fields',
    customFieldDefinitionSchema
);

export const currenciesResponseSchema = listResponse('currencies', currencySchema);
export const currencyResponseSchema = singleResponse('currency', currencySchema);
export const exchangeRatesResponseSchema = listResponse('exchange_rates', exchangeRateSchema);
export const exchangeRateResponseSchema = singleResponse('exchange_rate', exchangeRateSchema);

export const invoicesResponseSchema = listResponse('invoices', invoiceRowSchema);
export const invoiceResponseSchema = singleResponse('invoice', invoiceSchema);
export const invoicePaymentsResponseSchema = listResponse('payments', appliedPaymentSchema);

// The live list key is `customerpayments`; the OAS says `customer_payments` (reference §4.1).
export const paymentsResponseSchema = z.union([
    listResponse('customerpayments', paymentRowSchema),
    listResponse('customer_payments', paymentRowSchema).transform(
        ({ customer_payments, ...rest }) => ({ ...rest, customerpayments: customer_payments })
    )
]);
export const creditsAppliedResponseSchema = listResponse(
    'credits',
    z.looseObject({
        creditnote_id: zohoIdSchema,
        creditnote_invoice_id: zohoIdSchema.optional(),
        amount_applied: amountSchema,
        credited_date: zohoDateSchema.optional()
    })
);
export const invoicesCreditedResponseSchema = listResponse(
    'invoices_credited',
    z.looseObject({
        creditnote_invoice_id: zohoIdSchema.optional(),
        invoice_id: zohoIdSchema,
        invoice_number: z.string().optional(),
        amount_applied: amountSchema
    })
);

export const paymentResponseSchema = singleResponse('payment', paymentSchema);

export const creditNotesResponseSchema = listResponse('creditnotes', creditNoteRowSchema);
export const creditNoteResponseSchema = singleResponse('creditnote', creditNoteSchema);

export { actionResponseSchema };

/** Error envelope: any non-zero code. */
export const errorResponseSchema = z.looseObject({
    code: z
        .number()
        .int()
        .refine((c) => c !== 0),
    message: z.string()
});
export type ErrorResponse = z.infer<typeof errorResponseSchema>;

/** A webhook definition under `/settings/webhooks` (reference §7.2). */
export const webhookDefinitionSchema = z.looseObject({
    webhook_id: zohoIdSchema,
    webhook_name: z.string().optional(),
    entity: z.string().optional(),
    url: z.string(),
    method: z.string().optional()
});
export type WebhookDefinition = z.infer<typeof webhookDefinitionSchema>;
export const webhookDefinitionResponseSchema = singleResponse('webhook', webhookDefinitionSchema);
export const webhookDefinitionsResponseSchema = listResponse('webhooks', webhookDefinitionSchema);

/** Default webhook payloads: the record under its module key (reference §7.3). */
export const invoiceWebhookSchema = z.looseObject({ invoice: invoiceSchema });
export const contactWebhookSchema = z.looseObject({ contact: contactSchema });
export const paymentWebhookSchema = z.looseObject({ payment: paymentSchema });
export const creditNoteWebhookSchema = z.looseObject({ creditnote: creditNoteSchema });
