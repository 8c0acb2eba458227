import { SALESFORCE_ID_FIELD } from '../../zoho/key-fields.ts';
import type { InvoiceRow } from '../../zoho/schemas/sales.ts';

/** An Opportunity id, 15 or 18 characters (key prefix 006). */
const OPPORTUNITY_ID = /^006[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/;

/**
 * The Salesforce Opportunity a Zoho invoice carries as our key: the `cf_salesforce_id` custom
 * field (as `custom_field_hash`, a flat `cf_` member, or a `custom_fields` entry), else the
 * reference number the invoice flow writes; null for an invoice made directly in Zoho.
 */
export function salesforceKeyOf(
    row: Pick<InvoiceRow, 'reference_number' | 'custom_fields' | 'custom_field_hash'> &
        Record<string, unknown>
): string | null {
    const candidates = [
        row.custom_field_hash?.[SALESFORCE_ID_FIELD],
        row[SALESFORCE_ID_FIELD],
        row.custom_fields?.find((f) => f.api_name === SALESFORCE_ID_FIELD)?.value,
        row.reference_number
    ];
    for (const value of candidates)
        if (typeof value === 'string' && OPPORTUNITY_ID.test(value.trim())) return value.trim();
    return null;
}
