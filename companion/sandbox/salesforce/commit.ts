import type { SalesforceEvent } from '../../src/contracts/salesforce-events.ts';

import { enqueueDelivery, eventBatch } from './delivery-queue.ts';
import type { Org } from './org.ts';
import type { Transaction } from './records.ts';
import type { SandboxState } from './state.ts';
import { formatDateTime } from './values.ts';

/**
 * What happens after a transaction commits: its platform events reach subscribers, and each
 * trigger run that raised events has its Queueable — one POST of that run's events (at most 200)
 * — queued to run off the request, as async Apex does.
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
    for (const events of runs.values()) enqueueDelivery(state, org, eventBatch(org, events, now));
}
