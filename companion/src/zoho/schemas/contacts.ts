import { z } from 'zod';

import {
    addressSchema,
    amountSchema,
    customFieldSchema,
    zohoIdSchema,
    zohoTimestampSchema
} from './common.ts';

/** Contacts and contact persons (reference §6.2, §6.3). */

export const contactPersonSchema = z.looseObject({
    contact_person_id: zohoIdSchema,
    first_name: z.string(),
    last_name: z.string().optional(),
    email: z.string().optional(),
    phone: z.string().optional(),
    mobile: z.string().optional(),
    is_primary_contact: z.boolean().optional()
});
export type ContactPerson = z.infer<typeof contactPersonSchema>;

/** A list row: the primary person's name, email and phone are flattened onto it. */
export const contactRowSchema = z.looseObject({
    contact_id: zohoIdSchema,
    contact_name: z.string(),
    company_name: z.string().optional(),
    contact_type: z.string().optional(),
    status: z.string().optional(),
    currency_id: zohoIdSchema.optional(),
    currency_code: z.string().optional(),
    payment_terms: z.number().int().optional(),
    payment_terms_label: z.string().optional(),
    email: z.string().optional(),
    outstanding_receivable_amount: amountSchema.optional(),
    unused_credits_receivable_amount: amountSchema.optional(),
    created_time: zohoTimestampSchema.optional(),
    last_modified_time: zohoTimestampSchema.optional()
});
export type ContactRow = z.infer<typeof contactRowSchema>;

export const contactSchema = contactRowSchema.extend({
    billing_address: addressSchema.optional(),
    shipping_address: addressSchema.optional(),
    contact_persons: z.array(contactPersonSchema).optional(),
    custom_fields: z.array(customFieldSchema).optional(),
    custom_field_hash: z.record(z.string(), z.unknown()).optional(),
    // Edition-specific tax fields (reference §6.7).
    gst_treatment: z.string().optional(),
    gst_no: z.string().optional(),
    vat_treatment: z.string().optional(),
    vat_reg_no: z.string().optional(),
    tax_treatment: z.string().optional(),
    tax_reg_no: z.string().optional(),
    place_of_contact: z.string().optional()
});
export type Contact = z.infer<typeof contactSchema>;
