import { z } from 'zod';

import {
    amountSchema,
    customFieldSchema,
    optionalZohoIdSchema,
    percentageSchema,
    zohoDateSchema,
    zohoIdSchema,
    zohoTimestampSchema
} from './common.ts';

/** Organizations, taxes, currencies and items — all guarded by `ZohoBooks.settings.*`. */

export const organizationSchema = z.looseObject({
    organization_id: zohoIdSchema,
    name: z.string(),
    is_default_org: z.boolean().optional(),
    plan_name: z.string().optional(),
    /** The country of the organization's edition, which decides its tax fields (§6.7). */
    country_code: z.string().optional(),
    time_zone: z.string().optional(),
    currency_id: zohoIdSchema,
    currency_code: z.string(),
    currency_symbol: z.string().optional(),
    price_precision: z.number().int().optional(),
    // The OAS says an int 0–11; the live API has returned month names.
    fiscal_year_start_month: z.union([z.number().int(), z.string()]).optional(),
    is_org_active: z.boolean().optional()
});
export type Organization = z.infer<typeof organizationSchema>;

export const taxSchema = z.looseObject({
    tax_id: zohoIdSchema,
    tax_name: z.string(),
    tax_percentage: percentageSchema,
    tax_type: z.string().optional(),
    tax_specific_type: z.string().optional(),
    country_code: z.string().optional()
});
export type Tax = z.infer<typeof taxSchema>;

export const taxGroupSchema = z.looseObject({
    tax_group_id: zohoIdSchema,
    tax_group_name: z.string(),
    tax_group_percentage: z.number(),
    taxes: z.array(taxSchema)
});
export type TaxGroup = z.infer<typeof taxGroupSchema>;

export const currencySchema = z.looseObject({
    currency_id: zohoIdSchema,
    currency_code: z.string().length(3),
    currency_name: z.string().optional(),
    currency_symbol: z.string().optional(),
    price_precision: z.number().int(),
    currency_format: z.string().optional(),
    is_base_currency: z.boolean(),
    exchange_rate: z.number().optional(),
    effective_date: zohoDateSchema.optional()
});
export type Currency = z.infer<typeof currencySchema>;

export const exchangeRateSchema = z.looseObject({
    exchange_rate_id: zohoIdSchema,
    currency_id: zohoIdSchema,
    currency_code: z.string().optional(),
    effective_date: zohoDateSchema,
    rate: z.number()
});
export type ExchangeRate = z.infer<typeof exchangeRateSchema>;

export const itemSchema = z.looseObject({
    item_id: zohoIdSchema,
    name: z.string(),
    status: z.enum(['active', 'inactive']).or(z.string()),
    rate: amountSchema,
    description: z.string().optional(),
    sku: z.string().optional(),
    unit: z.string().optional(),
    tax_id: optionalZohoIdSchema.optional(),
    tax_name: z.string().optional(),
    tax_percentage: percentageSchema.optional(),
    custom_fields: z.array(customFieldSchema).optional(),
    created_time: zohoTimestampSchema.optional(),
    last_modified_time: zohoTimestampSchema.optional()
});
export type Item = z.infer<typeof itemSchema>;

/**
 * A custom field definition from `GET /settings/fields` (the custom-fields API, reference §6.9):
 * `api_name` is what records and the upsert headers name it by.
 */
export const customFieldDefinitionSchema = z.looseObject({
    field_id: zohoIdSchema.optional(),
    customfield_id: zohoIdSchema.optional(),
    api_name: z.string().optional(),
    label: z.string().optional(),
    data_type: z.string().optional(),
    is_active: z.boolean().optional()
});
export type CustomFieldDefinition = z.infer<typeof customFieldDefinitionSchema>;
