import { isSalesforceId } from '../salesforce/names.ts';
import { ZohoNotFoundError } from './errors.ts';

/**
 * Whose records a connection's unique-field values name: the Salesforce org (18 characters),
 * and whether the connection may still hold records keyed the old way (the bare record id,
 * before the key named the org: connections made before migration 0016).
 */
export type KeyScope = { salesforceOrgId: string; legacy: boolean };

/**
 * The value Closebooks puts in Zoho's unique `cf_salesforce_id` field and in
 * `X-Unique-Identifier-Value`: `<org id>:<record id>`, 37 characters (both ids are 18), so a
 * full-copy sandbox — same record ids as production — joined to the same Zoho organization never
 * finds, and so never overwrites, production's invoices and customers.
 */
export function uniqueKeyValue(scope: KeyScope, recordId: string): string {
    return `${scope.salesforceOrgId}:${recordId}`;
}

/** One `PUT /<module>` by unique field: find by `value`, store `storedValue`, create or not. */
export type UniqueUpsert<T> = (input: {
    value: string;
    storedValue: string;
    create: boolean;
}) => Promise<T>;

/**
 * Creates or finds the record of `recordId` by the unique field. A legacy connection first
 * looks for a record under the old key (update only, never create) and, when one is there,
 * re-keys it to the new value in the same call; otherwise (or for any newer connection) the
 * upsert runs on the new key alone.
 */
export async function upsertByKey<T>(
    scope: KeyScope,
    recordId: string,
    upsert: UniqueUpsert<T>
): Promise<T> {
    const value = uniqueKeyValue(scope, recordId);
    if (scope.legacy) {
        try {
            return await upsert({ value: recordId, storedValue: value, create: false });
        } catch (error) {
            if (!(error instanceof ZohoNotFoundError)) throw error;
        }
    }
    return upsert({ value, storedValue: value, create: true });
}

/**
 * The Salesforce record id a unique-field value names for this connection: `<its org>:<id>`,
 * or a bare id on a legacy connection; undefined for another org's key (a full-copy sandbox's
 * or production's) or anything else.
 */
export function recordIdOfKey(scope: KeyScope, value: unknown): string | undefined {
    if (typeof value !== 'string') return undefined;
    const at = value.indexOf(':');
    const [org, id] = at < 0 ? [undefined, value] : [value.slice(0, at), value.slice(at + 1)];
    if (!isSalesforceId(id)) return undefined;
    if (org === undefined) return scope.legacy ? id : undefined;
    return org === scope.salesforceOrgId ? id : undefined;
}
