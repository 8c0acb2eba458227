import { SalesforceInputError } from './errors.ts';

/** 15- or 18-character record id: letters and digits only (the last 3 of 18 are a checksum). */
const RECORD_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;
/** An object or field API name (`Opportunity`, `Zoho_Invoice__c`, `ns__Thing__e`). */
const API_NAME = /^[A-Za-z][A-Za-z0-9_]{0,79}$/;

export function isSalesforceId(value: unknown): value is string {
    return typeof value === 'string' && RECORD_ID.test(value);
}

/** Refuses anything that is not a record id; ids end up in URLs and queries. */
export function assertSalesforceId(value: unknown, what = 'record id'): string {
    if (!isSalesforceId(value)) throw new SalesforceInputError(`${what} is not a Salesforce id`);
    return value;
}

/** Refuses anything that is not an API name; names end up in URLs and queries. */
export function assertApiName(value: string, what = 'API name'): string {
    if (!API_NAME.test(value) || value.includes('___') || value.endsWith('_'))
        throw new SalesforceInputError(`${what} is not a valid API name: ${JSON.stringify(value)}`);
    return value;
}
