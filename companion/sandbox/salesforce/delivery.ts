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
export async function deliverBatch(
    org: Org,
    batch: SalesforceEventBatch,
    deps: DeliveryDeps
): Promise<DeliveryAttempt> {
    const target = org.companion;
    const attempt: DeliveryAttempt = {
        batchId: batch.batchId,
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
