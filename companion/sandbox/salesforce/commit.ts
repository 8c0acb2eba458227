import type { SalesforceEvent } from '../../src/contracts/salesforce-events.ts';

import { enqueueDelivery, eventBatch } from './delivery-queue.ts';
import type { Org } from './org.ts';
import { Transaction } from './records.ts';
import type { SandboxState } from './state.ts';
import { formatLabel, recordSyncStatus, SyncStatus } from './sync-status.ts';
import { formatDateTime } from './values.ts';

/** Queueable jobs one synchronous transaction may enqueue (`Limits.getLimitQueueableJobs()`). */
const MAX_QUEUEABLE_JOBS = 50;

/**
 * What happens after a transaction commits: its platform events reach subscribers, and each
 * trigger run that raised events has its Queueable — one POST of that run's events (at most 200)
 * — queued to run off the request, as async Apex does. Past the transaction's 50 Queueables,
 * CompanionEventService marks the records Failed instead (Closebooks_Sync_No_Queue).
 */
export function commitTransaction(state: SandboxState, org: Org, tx: Transaction): void {
    const now = state.clock.now();
    for (const { object, record } of tx.published) {
        const fields: Record<string, unknown> = { ...record, CreatedDate: formatDateTime(now) };
        delete fields.Id;
        org.bus.publish(object, fields);
    }
    const runs = new Map<number, SalesforceEvent[]>();
    for (const { run, event } of tx.events) runs.set(run, [...(runs.get(run) ?? []), event]);
    [...runs.values()].forEach((events, index) => {
        if (index < MAX_QUEUEABLE_JOBS) enqueueDelivery(state, org, eventBatch(org, events, now));
        else
            recordSyncStatus(
                org,
                { tx: new Transaction(), userId: events[0]!.userId, now },
                new Map(
                    events.map((e) => [e.recordId, formatLabel(org, 'Closebooks_Sync_No_Queue')])
                ),
                SyncStatus.failed
            );
    });
}
