import type { Org } from './org.ts';
import type { Transaction } from './records.ts';
import { findField, findObject, packageName } from './schema/types.ts';
import { formatDateTime } from './values.ts';

/** The values of `Closebooks_Sync_Status__c` the package sets (SyncStatusService.cls). */
export const SyncStatus = {
    pending: 'Pending',
    synced: 'Synced',
    held: 'Held',
    failed: 'Failed'
} as const;

const MESSAGE_LENGTH = 255;

/** Apex `String.abbreviate(255)`: longer text is cut to 252 characters and `...`. */
const abbreviate = (text: string) =>
    text.length > MESSAGE_LENGTH ? `${text.slice(0, MESSAGE_LENGTH - 3)}...` : text;

/** A custom label of the package with `{0}`, `{1}` … replaced, as Apex `String.format` does. */
export function formatLabel(org: Org, name: string, args: ReadonlyArray<unknown> = []): string {
    const text = org.schema.labels.get(name);
    if (text === undefined) throw new Error(`the package has no custom label ${name}`);
    return text.replace(/\{(\d+)\}/g, (whole, index: string) =>
        Number(index) < args.length ? String(args[Number(index)]) : whole
    );
}

/** Whether the object carries the package's status and message fields (Quote only with Closebooks Quotes). */
function hasStatusFields(org: Org, object: string): boolean {
    const def = findObject(org.schema, object);
    return (
        def !== undefined &&
        findField(def, packageName(org.schema, 'Closebooks_Sync_Status__c')) !== undefined &&
        findField(def, packageName(org.schema, 'Closebooks_Sync_Message__c')) !== undefined
    );
}

type StatusWrite = { tx: Transaction; userId: string; now: number };

/**
 * What `SyncStatusService.record` does: one status and a message per record, on the record an
 * event is about (opportunity, account, contact, quote) when its object has the status fields,
 * and for a quote on its opportunity too (a record named directly keeps its own message); other
 * ids are ignored. The package's own triggers are bypassed. Partial success, as
 * `Database.update(records, false)`: a locked or deleted record is skipped.
 */
export function recordSyncStatus(
    org: Org,
    write: StatusWrite,
    messageById: ReadonlyMap<string, string | null>,
    status: string
): void {
    writeStatus(org, write, withQuoteDeals(org, messageById), status);
}

/** The messages plus, for each quote, its deal (a record named directly keeps its own). */
function withQuoteDeals(org: Org, messageById: ReadonlyMap<string, string | null>) {
    const targets = new Map(messageById);
    for (const [id, message] of messageById) {
        const deal = org.store.get('Quote', id)?.OpportunityId;
        if (typeof deal === 'string' && !targets.has(deal)) targets.set(deal, message);
    }
    return targets;
}

/**
 * What `SyncStatusService.recordFailure` does after a failed delivery: Failed with the reason on
 * the records (and a quote's deal), except those showing Synced or Held: the companion (or a
 * later change) has answered since the event was raised, so its status stands.
 */
export function recordFailedSyncStatus(
    org: Org,
    write: StatusWrite,
    messageById: ReadonlyMap<string, string | null>
): void {
    const targets = withQuoteDeals(org, messageById);
    const settled: string[] = [SyncStatus.synced, SyncStatus.held];
    for (const id of [...targets.keys()]) {
        const object = org.store.objectOf(id);
        const status = object
            ? org.store.get(object, id)?.[packageName(org.schema, 'Closebooks_Sync_Status__c')]
            : undefined;
        if (typeof status === 'string' && settled.includes(status)) targets.delete(id);
    }
    writeStatus(org, write, targets, SyncStatus.failed);
}

/** What `SyncStatusService.clear` does: no status and no message on the records themselves. */
export function clearSyncStatus(org: Org, write: StatusWrite, ids: Iterable<string>): void {
    writeStatus(org, write, new Map([...ids].map((id) => [id, null])), null);
}

/**
 * What `SyncStatusService.clearFailed` does: clears the records that still show Failed; a status
 * set since (Held by a later change, or the companion's) is kept.
 */
export function clearFailedSyncStatus(org: Org, write: StatusWrite, ids: Iterable<string>): void {
    const failed = [...ids].filter((id) => {
        const object = org.store.objectOf(id);
        const record = object ? org.store.get(object, id) : undefined;
        return record?.[packageName(org.schema, 'Closebooks_Sync_Status__c')] === SyncStatus.failed;
    });
    clearSyncStatus(org, write, failed);
}

function writeStatus(
    org: Org,
    write: StatusWrite,
    targets: ReadonlyMap<string, string | null>,
    status: string | null
): void {
    const stamp = formatDateTime(write.now);
    for (const [id, message] of targets) {
        const object = org.store.objectOf(id);
        const record =
            object && hasStatusFields(org, object) ? org.store.get(object, id) : undefined;
        if (!object || !record || org.faults.lockedIds.has(id)) continue;
        org.store.put(
            write.tx,
            object,
            {
                ...record,
                [packageName(org.schema, 'Closebooks_Sync_Status__c')]: status,
                [packageName(org.schema, 'Closebooks_Sync_Message__c')]:
                    message === null ? null : abbreviate(message),
                LastModifiedDate: stamp,
                LastModifiedById: write.userId,
                SystemModstamp: stamp
            },
            write.userId
        );
    }
}
