import {
    CONTRACT_VERSION,
    EVENT_HEADERS,
    EVENTS_PATH,
    type SalesforceEvent,
    type SalesforceEventBatch
} from '../../src/contracts/salesforce-events.ts';

import type { Org } from './org.ts';

/** One POST the package's Queueable made (or could not make) to the companion. */
export type DeliveryAttempt = {
    batchId: string;
    /** 1 for the Queueable's first callout, 2+ for the Finalizer's re-enqueued retries. */
    attempt: number;
    url: string | undefined;
    batch: SalesforceEventBatch;
    startedAt: string;
    status?: number;
    error?: string;
    finishedAt?: string;
};

export type DeliveryDeps = { fetch: typeof fetch; nowIso: () => string; newBatchId: () => string };

/** The callout batches for one transaction: at most 200 events each (one Queueable per chunk). */
export function toBatches(
    org: Org,
    events: SalesforceEvent[],
    deps: DeliveryDeps
): SalesforceEventBatch[] {
    const batches: SalesforceEventBatch[] = [];
    for (let i = 0; i < events.length; i += 200)
        batches.push({
            contractVersion: CONTRACT_VERSION,
            orgId: org.id,
            batchId: deps.newBatchId(),
            sentAt: deps.nowIso(),
            events: events.slice(i, i + 200)
        });
    return batches;
}

/**
 * Makes the Queueable's callout: POST to the companion's EVENTS_PATH with the Named Credential's
 * headers. Records the attempt on the org whatever happens; never throws.
 */
async function deliverBatch(
    org: Org,
    batch: SalesforceEventBatch,
    deps: DeliveryDeps,
    number = 1
): Promise<DeliveryAttempt> {
    const target = org.companion;
    const attempt: DeliveryAttempt = {
        batchId: batch.batchId,
        attempt: number,
        url: target ? new URL(EVENTS_PATH, target.url).toString() : undefined,
        batch,
        startedAt: deps.nowIso()
    };
    org.deliveries.push(attempt);
    if (!target || !attempt.url) {
        attempt.error = 'no companion configured for this org (Named Credential has no URL)';
        attempt.finishedAt = deps.nowIso();
        return attempt;
    }
    try {
        const response = await deps.fetch(attempt.url, {
            method: 'POST',
            headers: {
                'content-type': 'application/json',
                [EVENT_HEADERS.connection]: target.connectionId,
                [EVENT_HEADERS.secret]: target.secret
            },
            body: JSON.stringify(batch)
        });
        attempt.status = response.status;
        await response.body?.cancel();
    } catch (error) {
        attempt.error = error instanceof Error ? error.message : String(error);
    }
    attempt.finishedAt = deps.nowIso();
    return attempt;
}

export type RetryPolicy = { maxRetries: number; delayMs: number };

const retryable = (attempt: DeliveryAttempt) =>
    attempt.status === undefined
        ? attempt.url !== undefined
        : attempt.status === 408 || attempt.status === 429 || attempt.status >= 500;

/**
 * The Queueable's callout plus its Finalizer's retries (at most 5 re-enqueues, reference §C.1):
 * network failures, 408, 429 and 5xx are retried with the same batch id after a doubling delay
 * (real time); other answers are final.
 */
export async function sendWithRetries(
    org: Org,
    batch: SalesforceEventBatch,
    deps: DeliveryDeps,
    policy: RetryPolicy
): Promise<DeliveryAttempt> {
    let attempt = await deliverBatch(org, batch, deps, 1);
    for (let retry = 1; retry <= policy.maxRetries && retryable(attempt); retry++) {
        await new Promise((resolve) => setTimeout(resolve, policy.delayMs * 2 ** (retry - 1)));
        attempt = await deliverBatch(org, batch, deps, retry + 1);
    }
    return attempt;
}
