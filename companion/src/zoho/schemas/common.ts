import { z } from 'zod';

/**
 * Building blocks of Zoho Books responses. Objects are loose (Zoho adds fields freely);
 * ids are numeric strings (they exceed 2^53); amounts are JSON numbers on the live API though
 * the OAS types some as strings, so numeric strings are accepted and turned into numbers.
 */

export const zohoIdSchema = z.string().regex(/^\d+$/, 'a Zoho id is a numeric string');

/** An id field that may be empty (e.g. an ad-hoc line has `item_id: ""`). */
export const optionalZohoIdSchema = z.union([zohoIdSchema, z.literal('')]);

export const amountSchema = z.union([
    z.number(),
    z
        .string()
        .regex(/^-?\d+(\.\d+)?$/)
        .transform(Number)
]);

/** `yyyy-mm-dd` business date in the organization's time zone. */
export const zohoDateSchema = z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/), z.literal('')]);

/** `yyyy-MM-ddTHH:mm:ss±hhmm` — offset without a colon. */
export const zohoTimestampSchema = z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:?\d{2}$/);

/** `"10.00%"` for a percentage, a number for an amount. */
export const discountSchema = z.union([z.number(), z.string()]);

export const envelopeSchema = z.looseObject({ code: z.number().int(), message: z.string() });
export type Envelope = z.infer<typeof envelopeSchema>;

export const pageContextSchema = z.looseObject({
    page: z.number().int(),
    per_page: z.number().int(),
    has_more_page: z.boolean(),
    report_name: z.string().optional(),
    applied_filter: z.string().optional(),
    sort_column: z.string().optional(),
    sort_order: z.string().optional()
});
export type PageContext = z.infer<typeof pageContextSchema>;

export const customFieldSchema = z.looseObject({
    customfield_id: zohoIdSchema,
    api_name: z.string().optional(),
    label: z.string().optional(),
    index: z.number().int().optional(),
    data_type: z.string().optional(),
    value: z.unknown()
});
export type CustomField = z.infer<typeof customFieldSchema>;

export const addressSchema = z.looseObject({
    address_id: zohoIdSchema.optional(),
    attention: z.string().optional(),
    address: z.string().optional(),
    street2: z.string().optional(),
    city: z.string().optional(),
    state: z.string().optional(),
    zip: z.string().optional(),
    country: z.string().optional(),
    phone: z.string().optional()
});
export type Address = z.infer<typeof addressSchema>;

/** `{code: 0, message, <key>: item}` */
export function singleResponse<K extends string, S extends z.ZodType>(key: K, item: S) {
    return envelopeSchema.extend({ code: z.literal(0) }).extend({ [key]: item } as { [P in K]: S });
}

/** `{code: 0, message, <key>: [items], page_context?}` */
export function listResponse<K extends string, S extends z.ZodType>(key: K, item: S) {
    return envelopeSchema
        .extend({ code: z.literal(0), page_context: pageContextSchema.optional() })
        .extend({ [key]: z.array(item) } as { [P in K]: z.ZodArray<S> });
}

/** Action endpoints (mark sent, void, delete, apply credits) answer only `{code: 0, message}`. */
export const actionResponseSchema = envelopeSchema.extend({ code: z.literal(0) });
