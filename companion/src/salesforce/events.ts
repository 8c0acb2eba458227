import { z } from 'zod';

import type { SalesforceClient } from './connection.ts';
import { SalesforceRecordError } from './errors.ts';
import { isSalesforceId } from './names.ts';
import { createMany, saveResultSchema, toWriteResult, type WriteResult } from './writes.ts';

export const SYNC_EVENT = 'Closebooks_Sync__e';

const optionalId = z.string().refine(isSalesforceId, 'not a Salesforce id').optional();

/** What the package's `Closebooks_Sync__e` carries (field lengths from its metadata). */
export const syncEventSchema = z.strictObject({
    recordId: z.string().refine(isSalesforceId, 'not a Salesforce id'),
    accountId: optionalId,
    changeKind: z.string().min(1).max(40),
    summary: z.string().max(255).optional()
});
export type SyncEvent = z.infer<typeof syncEventSchema>;

/** The event as `Closebooks_Sync__e` field values (validated). */
export function syncEventFields(event: SyncEvent): Record<string, string> {
    const e = syncEventSchema.parse(event);
    return {
        Record_Id__c: e.recordId,
        Change_Kind__c: e.changeKind,
        ...(e.accountId ? { Account_Id__c: e.accountId } : {}),
        ...(e.summary ? { Summary__c: e.summary } : {})
    };
}

/**
 * Publishes one event; throws `SalesforceRecordError` if Salesforce refused it. Success comes
 * with an OPERATION_ENQUEUED entry in `errors` (publishing is asynchronous), which is no error.
 * https://developer.salesforce.com/docs/atlas.en-us.platform_events.meta/platform_events/platform_events_publish_api.htm
 */
export async function publishSyncEvent(
    client: SalesforceClient,
    event: SyncEvent
): Promise<{ id: string }> {
    const raw = await client.request<unknown>({
        method: 'POST',
        path: `/sobjects/${SYNC_EVENT}`,
        body: syncEventFields(event)
    });
    const result = toWriteResult(saveResultSchema.parse(raw));
    if (!result.ok) throw new SalesforceRecordError(SYNC_EVENT, result.errors);
    return { id: result.id };
}

/** Publishes many events through collections (≤ 200 a call); one result per event. */
export async function publishSyncEvents(
    client: SalesforceClient,
    events: readonly SyncEvent[]
): Promise<WriteResult[]> {
    return createMany(client, SYNC_EVENT, events.map(syncEventFields));
}
