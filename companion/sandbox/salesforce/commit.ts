import { randomUUID } from 'node:crypto';

import type { SalesforceEventBatch } from '../../src/contracts/salesforce-events.ts';

import { sendWithRetries, toBatches } from './delivery.ts';
import type { Org } from './org.ts';
import type { Transaction } from './records.ts';
import type { SandboxState } from './state.ts';
import { eventsForTransaction } from './triggers.ts';
import { formatDateTime } from './values.ts';

/**
 * What happens after a transaction commits: its platform events reach subscribers, and the
 * package's Queueable sends the transaction's trigger events to the companion — later, off the
 * request, as an async Apex job would.
 */
export function commitTransaction(state: SandboxState, org: Org, tx: Transaction): void {
    const now = state.clock.now();
    for (const { object, record } of tx.published) {
        const fields: Record<string, unknown> = { ...record, CreatedDate: formatDateTime(now) };
        delete fields.Id;
        org.bus.publish(object, fields);
    }
    const events = eventsForTransaction(org, tx.changes, new Date(now).toISOString(), randomUUID());
    if (events.length === 0) return;
    for (const batch of toBatches(org, events, deliveryDeps(state)))
        scheduleDelivery(state, org, batch);
}

function deliveryDeps(state: SandboxState) {
    return {
        fetch: state.fetch,
        nowIso: () => new Date(state.clock.now()).toISOString(),
        newBatchId: () => randomUUID()
    };
}

/** Sends a batch off the request, as an async Apex job would; `settle()` waits for it. */
export function scheduleDelivery(state: SandboxState, org: Org, batch: SalesforceEventBatch): void {
    const sending = new Promise<void>((resolve) => setTimeout(resolve, 0))
        .then(() => sendWithRetries(org, batch, deliveryDeps(state), state.options.deliveryRetry))
        .then(() => undefined)
        .finally(() => state.pending.delete(sending));
    state.pending.add(sending);
}
