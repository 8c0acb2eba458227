import type { Org } from './org.ts';
import { findObject, findPackageField, packageName } from './schema/types.ts';

/**
 * The package's settings and mapping rules as its Apex reads them (`ClosebooksSettings.cls`,
 * `ClosebooksMetadataSelector.cls`), from the org's custom metadata records: same defaults, same
 * clamping, same filters.
 */

export const INVOICE_ON_CLOSED_WON = 'Closed_Won';
export const INVOICE_ON_QUOTE_ACCEPTED = 'Quote_Accepted';

/** A failed job can be re-enqueued by its finalizer at most 5 times (ClosebooksSettings). */
const MAX_ATTEMPTS_CEILING = 6;
const DEFAULT_MAX_ATTEMPTS = 5;
const OUTBOUND = new Set(['Salesforce_To_Zoho', 'Both']);

/**
 * A custom metadata record's values by the package's local field names (what its Apex reads:
 * `Invoice_Flow_Enabled__c`), whatever the namespace they are stored under.
 */
function localValues(org: Org, record: Record<string, unknown>): Record<string, unknown> {
    const prefix = org.schema.namespace ? `${org.schema.namespace}__`.toLowerCase() : undefined;
    return Object.fromEntries(
        Object.entries(record).map(([key, value]) => [
            prefix && key.toLowerCase().startsWith(prefix) ? key.slice(prefix.length) : key,
            value
        ])
    );
}

/** The records of one of the package's custom metadata types, by local field names. */
const metadataRecords = (org: Org, type: string) =>
    org.store.all(packageName(org.schema, type)).map((r) => localValues(org, r));

/** The `Default` record, or undefined when the org has none (every flow then defaults to on). */
function setting(org: Org): Record<string, unknown> | undefined {
    return metadataRecords(org, 'Closebooks_Setting__mdt').find(
        (r) => r.DeveloperName === 'Default'
    );
}

const isOn = (value: unknown) => value !== false;

export const invoiceFlowEnabled = (org: Org) => isOn(setting(org)?.Invoice_Flow_Enabled__c);

export const customerSyncEnabled = (org: Org) => isOn(setting(org)?.Customer_Sync_Enabled__c);

/** What creates the invoice: Quote_Accepted only when set so, otherwise Closed_Won. */
export function invoiceTrigger(org: Org): string {
    return setting(org)?.Invoice_Trigger__c === INVOICE_ON_QUOTE_ACCEPTED
        ? INVOICE_ON_QUOTE_ACCEPTED
        : INVOICE_ON_CLOSED_WON;
}

/** Attempts at delivering one batch: Max_Notify_Attempts__c, 5 when empty or below 1, at most 6. */
export function maxNotifyAttempts(org: Org): number {
    const value = setting(org)?.Max_Notify_Attempts__c;
    if (typeof value !== 'number' || value < 1) return DEFAULT_MAX_ATTEMPTS;
    return Math.min(Math.trunc(value), MAX_ATTEMPTS_CEILING);
}

const sortOrder = (rule: Record<string, unknown>) =>
    typeof rule.Sort_Order__c === 'number' ? rule.Sort_Order__c : 1_000_000;

/** A mapped field: its name as the rule writes it (what events report) and as stored. */
type OutboundField = { name: string; stored: string };

/**
 * Fields of one object whose changes must reach Zoho: active rules going Salesforce to Zoho or
 * both ways, naming a field the object has, in rule order, without repeats.
 */
export function outboundFields(org: Org, objectName: string): OutboundField[] {
    const object = findObject(org.schema, objectName);
    if (!object) return [];
    const rules = metadataRecords(org, 'Closebooks_Field_Mapping__mdt').sort(
        (a, b) =>
            sortOrder(a) - sortOrder(b) ||
            String(a.DeveloperName ?? '').localeCompare(String(b.DeveloperName ?? ''))
    );
    const fields: OutboundField[] = [];
    for (const rule of rules) {
        const name = rule.Source_Field__c;
        const def =
            typeof name === 'string' ? findPackageField(org.schema, object, name) : undefined;
        if (
            def &&
            typeof name === 'string' &&
            rule.Is_Active__c === true &&
            OUTBOUND.has(String(rule.Direction__c)) &&
            String(rule.Source_Object__c).toLowerCase() === object.name.toLowerCase() &&
            !fields.some((f) => f.name === name)
        )
            fields.push({ name, stored: def.name });
    }
    return fields;
}
