import type { ZohoClient } from './client.ts';
import type { CustomFieldEntity } from './resources/custom-fields.ts';
import type { CustomFieldDefinition } from './schemas/settings.ts';

/**
 * The unique custom field, on invoices and contacts, that holds the Salesforce id. Creating by
 * upsert on it is what makes a repeated create harmless (reference §9.1); an organization
 * without it falls back to a search by reference number before every create.
 */
export const SALESFORCE_ID_FIELD = 'cf_salesforce_id';

/** The label that gives the field its API name (Zoho derives `cf_salesforce_id` from it). */
export const SALESFORCE_ID_LABEL = 'Salesforce Id';

/** Whether each module has the key field, as the organization's field settings say. */
export type KeyFields = Record<CustomFieldEntity, boolean>;

const MODULES: Record<CustomFieldEntity, { preferences: string; fallback: string }> = {
    invoice: {
        preferences: 'Invoices',
        fallback: 'searches invoices by reference number before each create'
    },
    contact: {
        preferences: 'Customers and Vendors',
        fallback: 'matches customers by display name before each create'
    }
};

/** True when an active custom field named `apiName` is among `fields`. */
export function hasKeyField(fields: readonly CustomFieldDefinition[], apiName: string): boolean {
    return fields.some((f) => f.api_name === apiName && f.is_active !== false);
}

/** Reads the organization's invoice and contact custom fields (two settings calls). */
export async function readKeyFields(zoho: Pick<ZohoClient, 'customFields'>): Promise<KeyFields> {
    const [invoice, contact] = await Promise.all([
        zoho.customFields.list('invoice'),
        zoho.customFields.list('contact')
    ]);
    return {
        invoice: hasKeyField(invoice, SALESFORCE_ID_FIELD),
        contact: hasKeyField(contact, SALESFORCE_ID_FIELD)
    };
}

/**
 * What the admin should do: one sentence per module that lacks the field (none when both have
 * it, or when it has not been checked yet).
 */
export function keyFieldNotices(keyFields: KeyFields | null): string[] {
    if (!keyFields) return [];
    return (Object.keys(MODULES) as CustomFieldEntity[])
        .filter((entity) => !keyFields[entity])
        .map(
            (entity) =>
                `Zoho Books has no ${SALESFORCE_ID_FIELD} field on ${MODULES[entity].preferences.toLowerCase()}: ` +
                `in Zoho Books, Settings → Preferences → ${MODULES[entity].preferences} → Field Customization, ` +
                `add a text field labelled "${SALESFORCE_ID_LABEL}" with "Do not allow duplicate values" ticked. ` +
                `Until then Closebooks ${MODULES[entity].fallback}.`
        );
}
