import {
    EVENT_HEADERS,
    EVENTS_PATH,
    type SalesforceEventBatch
} from '../../src/contracts/salesforce-events.ts';

import type { Org } from './org.ts';
import { maxNotifyAttempts } from './package-settings.ts';
import { Transaction } from './records.ts';
import { clearFailedSyncStatus, formatLabel, recordFailedSyncStatus } from './sync-status.ts';

/** One POST the package's Queueable made (or could not make) to the companion. */
export type DeliveryAttempt = {
    batchId: string;
    /**
     * The user the Queueable ran as, whose Named Credential principal made the call: the
     * integration user, the outbox subscriber's running user, whoever changed the records.
     */
    runAs: string;
    /** 1 for the Queueable's first callout, 2+ for the Finalizer's re-enqueued retries. */
    attempt: number;
    url: string | undefined;
    batch: SalesforceEventBatch;
    startedAt: string;
    /** The companion answered 2xx. */
    delivered: boolean;
    status?: number;
    /** Why it failed, worded as CompanionCalloutService's exception. */
    error?: string;
    finishedAt?: string;
};

/** A Queueable waiting to run: which batch, which attempt, and from when (sandbox clock). */
export type QueuedDelivery = {
    org: Org;
    batch: SalesforceEventBatch;
    attempt: number;
    dueAt: number;
};

type DeliveryDeps = { fetch: typeof fetch; now: () => number };

const METHOD = 'POST';
/** Longest delay `System.enqueueJob` accepts (CompanionNotifyFinalizer). */
const MAX_DELAY_MINUTES = 10;

/** Backoff after a failed attempt: 1, 2, 4, 8, then 10 minutes (CompanionNotifyFinalizer). */
function delayMinutes(attempt: number): number {
    return Math.min(2 ** Math.max(0, attempt - 1), MAX_DELAY_MINUTES);
}

/** CompanionCalloutService.errorMessage: `message (code)` from `{error}`, else the status text. */
function errorMessage(body: string, statusText: string): string {
    const fallback = statusText.trim() === '' ? 'no details' : statusText;
    try {
        const error = (JSON.parse(body) as { error?: { message?: unknown; code?: unknown } }).error;
        if (error?.message === undefined || error.message === null) return fallback;
        const code = error.code === undefined || error.code === null ? '' : ` (${error.code})`;
        return `${String(error.message)}${code}`;
    } catch {
        return fallback;
    }
}

/**
 * The Queueable's callout: POST to the companion's EVENTS_PATH with the Named Credential's
 * headers. Any answer but 2xx, and no answer at all, is a failure. Recorded on the org whatever
 * happens; never throws.
 */
async function callCompanion(
    org: Org,
    batch: SalesforceEventBatch,
    deps: DeliveryDeps,
    number: number
): Promise<DeliveryAttempt> {
    const target = org.companion;
    const iso = () => new Date(deps.now()).toISOString();
    const attempt: DeliveryAttempt = {
        batchId: batch.batchId,
        runAs: org.integrationUserId,
        attempt: number,
        url: target ? new URL(EVENTS_PATH, target.url).toString() : undefined,
        batch: { ...batch, sentAt: iso() },
        startedAt: iso(),
        delivered: false
    };
    org.deliveries.push(attempt);
    const unreachable = (cause: string) =>
        formatLabel(org, 'Closebooks_Callout_Unreachable', [METHOD, EVENTS_PATH, cause]);
    if (!target || !attempt.url) {
        attempt.error = unreachable('the Named Credential has no URL');
        attempt.finishedAt = iso();
        return attempt;
    }
    try {
        const response = await deps.fetch(attempt.url, {
            method: METHOD,
            headers: {
                'content-type': 'application/json',
                [EVENT_HEADERS.connection]: target.connectionId,
                [EVENT_HEADERS.secret]: target.secret
            },
            body: JSON.stringify(attempt.batch)
        });
        attempt.status = response.status;
        attempt.delivered = response.status >= 200 && response.status < 300;
        const body = await response.text();
        if (!attempt.delivered)
            attempt.error = formatLabel(org, 'Closebooks_Callout_Refused', [
                METHOD,
                EVENTS_PATH,
                response.status,
                errorMessage(body, response.statusText)
            ]);
    } catch (error) {
        attempt.error = unreachable(error instanceof Error ? error.message : String(error));
    }
    attempt.finishedAt = iso();
    return attempt;
}

/**
 * CompanionNotifyFinalizer.handleFailure, run as the integration user like the job it follows:
 * the batch's records (and a quote's deal) show Failed with the reason, and the batch (same id) is queued again after the backoff until the attempts set
 * by Max_Notify_Attempts__c are used up; the last failure says so. Returns the next attempt.
 */
function afterFailure(
    org: Org,
    job: QueuedDelivery,
    error: string,
    now: number
): QueuedDelivery | undefined {
    const max = maxNotifyAttempts(org);
    const retry = job.attempt < max;
    const delay = delayMinutes(job.attempt);
    const message = retry
        ? formatLabel(org, 'Closebooks_Sync_Retrying', [job.attempt, max, delay, error])
        : formatLabel(org, 'Closebooks_Sync_Gave_Up', [max, error]);
    recordFailedSyncStatus(
        org,
        { tx: new Transaction(), userId: org.integrationUserId, now },
        new Map(job.batch.events.map((event) => [event.recordId, message]))
    );
    return retry ? { ...job, attempt: job.attempt + 1, dueAt: now + delay * 60_000 } : undefined;
}

/**
 * CompanionNotifyFinalizer after a retry that delivered: the batch's records no longer show the
 * Failed status an earlier attempt left (`SyncStatusService.clearFailed`: a status set since is
 * kept, a quote's deal left alone). A first attempt marked nothing, so it clears nothing.
 */
function afterRetryDelivered(org: Org, job: QueuedDelivery, now: number): void {
    if (job.attempt === 1) return;
    clearFailedSyncStatus(
        org,
        { tx: new Transaction(), userId: org.integrationUserId, now },
        new Set(job.batch.events.map((event) => event.recordId))
    );
}

/** Runs one queued attempt; answers the retry to queue, if any. */
export async function runDelivery(
    job: QueuedDelivery,
    deps: DeliveryDeps
): Promise<QueuedDelivery | undefined> {
    const attempt = await callCompanion(job.org, job.batch, deps, job.attempt);
    if (attempt.delivered) {
        afterRetryDelivered(job.org, job, deps.now());
        return undefined;
    }
    return afterFailure(job.org, job, attempt.error ?? 'unknown error', deps.now());
}
