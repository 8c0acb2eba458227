import type { SalesforceEvent } from '../../src/contracts/salesforce-events.ts';

import type { DmlContext } from './dml.ts';
import { bypassesAutomation, type Org, stageByName } from './org.ts';
import type { RecordChange, SObjectRecord } from './records.ts';
import { findField, findObject } from './schema/types.ts';

/** Sync status the package sets on a newly won opportunity (InvoiceRequestService.cls). */
const STATUS_PENDING = 'Pending';
const SYNC_STATUS_FIELD = 'Closebooks_Sync_Status__c';

/** Fields whose change alone is not a customer change worth telling the companion about. */
const AUDIT_FIELDS = new Set([
    'Id',
    'CreatedDate',
    'CreatedById',
    'LastModifiedDate',
    'LastModifiedById',
    'SystemModstamp',
    'IsDeleted'
]);

const isWonStage = (org: Org, stage: unknown) => stageByName(org, stage)?.IsWon === true;

/**
 * What the package's before-insert / before-update Opportunity trigger does in the same
 * transaction: an opportunity entering a won stage gets `Closebooks_Sync_Status__c = 'Pending'`.
 * Skipped for users holding the bypass permission, as TriggerHandler.run() does.
 */
export function beforeSave(
    ctx: DmlContext,
    object: string,
    next: Record<string, unknown>,
    before: SObjectRecord | undefined
): void {
    if (object !== 'Opportunity' || bypassesAutomation(ctx.org, ctx.userId)) return;
    const opportunity = findObject(ctx.org.schema, 'Opportunity');
    if (!opportunity || !findField(opportunity, SYNC_STATUS_FIELD)) return;
    if (isWonStage(ctx.org, next.StageName) && !isWonStage(ctx.org, before?.StageName))
        next[SYNC_STATUS_FIELD] = STATUS_PENDING;
}

function changedFields(change: RecordChange): string[] {
    const after: Record<string, unknown> = change.after ?? {};
    const before: Record<string, unknown> = change.before ?? {};
    return Object.keys(after)
        .filter((name) => !AUDIT_FIELDS.has(name))
        .filter((name) =>
            change.before === undefined
                ? after[name] !== null && after[name] !== undefined
                : JSON.stringify(after[name]) !== JSON.stringify(before[name])
        )
        .sort();
}

type Draft = Omit<SalesforceEvent, 'eventId' | 'occurredAt'>;

function eventFor(org: Org, change: RecordChange): Draft | undefined {
    const { after, before } = change;
    if (!after) return undefined;
    const base = { recordId: change.id, userId: change.userId };
    switch (change.object) {
        case 'Opportunity':
            return isWonStage(org, after.StageName) && !isWonStage(org, before?.StageName)
                ? { ...base, type: 'opportunity.won', objectType: 'Opportunity' }
                : undefined;
        case 'Quote':
            return after.Status === 'Accepted' && before?.Status !== 'Accepted'
                ? { ...base, type: 'quote.accepted', objectType: 'Quote' }
                : undefined;
        case 'Account':
        case 'Contact': {
            const fields = changedFields(change);
            if (fields.length === 0) return undefined;
            const type = change.object === 'Account' ? 'account.changed' : 'contact.changed';
            return { ...base, type, objectType: change.object, changedFields: fields };
        }
        default:
            return undefined;
    }
}

/**
 * The events the package's after-save triggers hand to its Queueable for one committed
 * transaction: one per record (its net change across the transaction), none for the
 * integration user. `occurredAt` is the commit time.
 */
export function eventsForTransaction(
    org: Org,
    changes: RecordChange[],
    committedAt: string,
    transactionId: string
): SalesforceEvent[] {
    const net = new Map<string, RecordChange>();
    for (const change of changes) {
        if (bypassesAutomation(org, change.userId)) continue;
        const key = `${change.object}:${change.id}`;
        const first = net.get(key);
        net.set(key, first ? { ...change, before: first.before } : change);
    }
    const events: SalesforceEvent[] = [];
    for (const change of net.values()) {
        const draft = eventFor(org, change);
        if (!draft) continue;
        events.push({
            eventId: `${draft.type}:${change.id}:${transactionId}`,
            occurredAt: committedAt,
            ...draft
        });
    }
    return events;
}
