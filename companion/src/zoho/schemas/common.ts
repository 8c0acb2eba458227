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

/**
 * `yyyy-mm-dd` business date in the organization's time zone. An unset date comes back blank:
 * `""`, or `" "` as in Zoho's own invoice examples (`last_payment_date`); both read as `""`.
 */
export const zohoDateSchema = z.union([
    z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    z
        .string()
        .regex(/^\s*$/)
        .transform((): '' => '')
]);

/** `yyyy-MM-ddTHH:mm:ss±hhmm` — offset without a colon. */
export const zohoTimestampSchema = z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:?\d{2}$/);

/**
 * A percentage: a number on the live API, `"70%"` or `"70"` in some OAS examples (items'
 * `tax_percentage`); read as the number.
 */
export const percentageSchema = z.union([
    z.number(),
    z
        .string()
        .regex(/^-?\d+(\.\d+)?%?$/)
        .transform((s) => Number(s.replace('%', '')))
]);

/** Free text Zoho's examples sometimes write as a number (a zip code, a phone number). */
export const textSchema = z.union([z.string(), z.number().transform(String)]);

/** `"10.00%"` for a percentage, a number for an amount. */
export const discountSchema = z.union([z.number(), z.string()]);

export const envelopeSchema = z.looseObject({ code: z.number().int(), message: z.string() });
export type Envelope = z.infer<typeof envelopeSchema>;

const pageContextObjectSchema = z.looseObject({
    page: z.number().int(),
    per_page: z.number().int(),
    has_more_page: z.boolean(),
    report_name: z.string().optional(),
    applied_filter: z.string().optional(),
    sort_column: z.string().optional(),
    sort_order: z.string().optional()
});
/** An object on the live API; the OAS types it as a one-element array (reference §3.3). */
export const pageContextSchema = z.union([
    pageContextObjectSchema,
    z.tuple([pageContextObjectSchema]).transform(([context]) => context)
]);
export type PageContext = z.infer<typeof pageContextSchema>;

/** A custom field value as read; the OAS examples carry some without `customfield_id`. */
export const customFieldSchema = z.looseObject({
    customfield_id: zohoIdSchema.optional(),
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
    zip: textSchema.optional(),
    country: z.string().optional(),
    phone: textSchema.optional()
});
export type Address = z.infer<typeof addressSchema>;

/** `{code: 0, message, <key>: item}` */
export function singleResponse<K extends string, S extends z.ZodType>(key: K, item: S) {
    return envelopeSchema.extend({ code: z.literal(0) }).extend({ [key]: item } as { [P in K]: S });
}

/**
 * `{code: 0, message, <key>: [items], page_context?}`. A lone object where the list belongs (as
 * the credit notes OAS example writes it) is read as a list of one.
 */
export function listResponse<K extends string, S extends z.ZodType>(key: K, item: S) {
    const rows = z.union([z.array(item), item.transform((row) => [row])]);
    return envelopeSchema
        .extend({ code: z.literal(0), page_context: pageContextSchema.optional() })
        .extend({ [key]: rows } as { [P in K]: typeof rows });
}

/** Action endpoints (mark sent, void, delete, apply credits) answer only `{code: 0, message}`. */
export const actionResponseSchema = envelopeSchema.extend({ code: z.literal(0) });
