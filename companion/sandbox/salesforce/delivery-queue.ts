import { randomUUID } from 'node:crypto';

import {
    CONTRACT_VERSION,
    type SalesforceEvent,
    type SalesforceEventBatch
} from '../../src/contracts/salesforce-events.ts';

import { type QueuedDelivery, runDelivery } from './delivery.ts';
import type { Org } from './org.ts';
import type { SandboxState } from './state.ts';

/** How often (real time) queued deliveries are checked against the sandbox clock. */
const POLL_MS = 25;

/** One POST of the contract; the batch id is 32 hex digits, as CompanionEventBatch makes it. */
export function eventBatch(org: Org, events: SalesforceEvent[], now: number): SalesforceEventBatch {
    return {
        contractVersion: CONTRACT_VERSION,
        orgId: org.id,
        batchId: randomUUID().replaceAll('-', ''),
        sentAt: new Date(now).toISOString(),
        events
    };
}

/**
 * The org's async Apex queue for event deliveries, on the sandbox clock: a job runs once the
 * clock reaches its start time, so a retry 4 minutes out runs when a test (or a fast clock)
 * moves time 4 minutes on — not after 4 real minutes. Jobs run off the request, as a Queueable
 * runs after its transaction commits.
 */
export function enqueueDelivery(
    state: SandboxState,
    org: Org,
    batch: SalesforceEventBatch,
    attempt = 1,
    dueAt = state.clock.now()
): void {
    queue(state, { org, batch, attempt, dueAt });
}

function queue(state: SandboxState, job: QueuedDelivery): void {
    state.queued.push(job);
    if (state.poller) return;
    state.poller = setInterval(() => {
        startDue(state);
        if (state.queued.length === 0 && state.poller) {
            clearInterval(state.poller);
            state.poller = undefined;
        }
    }, POLL_MS);
    state.poller.unref();
}

/** Starts every queued job whose time has come; `settle()` waits for the started ones. */
function startDue(state: SandboxState): void {
    const now = state.clock.now();
    const due = state.queued.filter((job) => job.dueAt <= now);
    if (due.length === 0) return;
    state.queued = state.queued.filter((job) => job.dueAt > now);
    for (const job of due.sort((a, b) => a.dueAt - b.dueAt)) {
        const running = runDelivery(job, {
            fetch: state.fetch,
            now: () => state.clock.now()
        })
            .then((retry) => {
                if (retry) queue(state, retry);
            })
            .finally(() => state.pending.delete(running));
        state.pending.add(running);
    }
}

/**
 * Resolves when every delivery due by now has run, including retries that fall due meanwhile;
 * retries scheduled later on the sandbox clock stay queued.
 */
export async function settleDeliveries(state: SandboxState): Promise<void> {
    for (;;) {
        startDue(state);
        if (state.pending.size === 0) return;
        await Promise.all([...state.pending]);
    }
}
