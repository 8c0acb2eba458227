import type { Clock } from '../../clock.ts';
import { AppError, DeferredError } from '../../errors.ts';
import type { JobHandler } from '../../jobs/worker.ts';
import type { Logger } from '../../log.ts';
import { COLLECTION_LIMIT } from '../../salesforce/writes.ts';
import type { Db } from '../../store/db.ts';
import type { Job } from '../../store/jobs.ts';
import { scheduleWritebackFlushes, WRITEBACK_FLUSH_JOB } from '../../store/writeback-flush.ts';
import {
    dueWritebacks,
    nextWritebackRetryMs,
    pendingWritebacks,
    type PendingSummary
} from '../../store/writebacks.ts';
import type { ConnectionClients } from '../clients.ts';
import { sendBatch } from './send.ts';

export type WritebackSenderOptions = {
    db: Db;
    clock: Clock;
    log: Logger;
    clients: ConnectionClients;
    /** Job kinds whose results come back through here: while any is queued, batches fill up. */
    busyKinds: readonly string[];
    /**
     * While changes wait for their batch to fill, the flush job looks again after at most this
     * long (real milliseconds: the queue runs on the database's time). A change arriving and
     * the end of a busy job wake it sooner.
     */
    tickMs?: number;
    /** The longest the flush job waits for changes held back by a failed try (real ms). */
    retryLookMs?: number;
    /** Changes per send (each change is a few records; five collections of 200 per call). */
    batchSize?: number;
    /**
     * The longest a change waits for its batch to fill while work is still coming (clock ms).
     * 150 s lets a batch of 200 fill at Zoho's 100 calls a minute, so a burst costs one
     * Salesforce call per 200 invoices.
     */
    maxDelayMs?: number;
    /** With no work coming, send once nothing new arrived for this long (clock ms). */
    quietMs?: number;
    /** Tries of a change, and of a flush job, before they are given up (dead). */
    maxAttempts?: number;
    /** Told when flush jobs were queued (the worker looks at once). */
    onQueued?: () => void;
    /** The jitter of the backoff (tests pin it). */
    random?: () => number;
};

/**
 * Sends the changes owed to Salesforce in as few API calls as possible. Changes wait as rows
 * (`store/writebacks.ts`); sending is a job of the queue (`salesforce.writeback.flush`, one per
 * connection at a time), so it has the queue's leases, fair claims, retries with the shared
 * backoff, dead letters and metrics. While a burst is being invoiced the changes gather into
 * batches of up to `batchSize` (one composite call each), the job putting itself back while
 * they fill; when the burst is over, or a change has waited `maxDelayMs`, whatever waits goes.
 */
export function createWritebackSender(options: WritebackSenderOptions) {
    const tickMs = options.tickMs ?? 200;
    const retryLookMs = options.retryLookMs ?? 5_000;
    const batchSize = options.batchSize ?? COLLECTION_LIMIT;
    const maxDelayMs = options.maxDelayMs ?? 150_000;
    const quietMs = options.quietMs ?? 500;
    const maxAttempts = options.maxAttempts ?? 8;
    const log = options.log.child({ component: 'writeback' });
    const sendDeps = { ...options, log, maxAttempts };
    const now = () => options.clock.now();

    async function busy(connectionId: string): Promise<boolean> {
        const [row] = await options.db.query<{ busy: boolean }>(
            `SELECT EXISTS (SELECT 1 FROM jobs WHERE connection_id = $1 AND kind = ANY($2)
                 AND state IN ('queued', 'running', 'retrying')) AS busy`,
            [connectionId, [...options.busyKinds]]
        );
        return row?.busy ?? false;
    }

    async function due(summary: PendingSummary): Promise<boolean> {
        if (summary.count >= batchSize) return true;
        const waited = now() - summary.oldestMs;
        if (waited >= maxDelayMs) return true;
        return waited >= quietMs && !(await busy(summary.connectionId));
    }

    const waiting = async (connectionId: string) =>
        (await pendingWritebacks(options.db, now())).find((p) => p.connectionId === connectionId);

    /**
     * Sends a connection's due changes, one batch at a time, each only when due: after a batch
     * the rest is judged afresh, so a young remainder keeps filling instead of going out half
     * empty. Stops at a call that failed as a whole and hands back its error.
     */
    async function sendDue(connectionId: string, actor: string): Promise<unknown> {
        let summary = await waiting(connectionId);
        while (summary && (await due(summary))) {
            const rows = await dueWritebacks(options.db, {
                connectionId,
                limit: batchSize,
                nowMs: now()
            });
            if (rows.length === 0) break;
            const failure = await sendBatch(sendDeps, { connectionId, actor, rows });
            if (failure !== undefined) return failure;
            summary = await waiting(connectionId);
        }
        return undefined;
    }

    /** How long until the flush job should look again (real ms), undefined when nothing waits. */
    async function nextLook(connectionId: string): Promise<number | undefined> {
        if (await waiting(connectionId)) return tickMs;
        const retryAt = await nextWritebackRetryMs(options.db, connectionId, now());
        return retryAt === undefined ? undefined : Math.min(retryLookMs, retryAt - now());
    }

    /**
     * The `salesforce.writeback.flush` job: sends what is due, fails (retried with the queue's
     * backoff, dead after its attempts) when the call fails as a whole, and puts itself back
     * while changes wait for their batch or their retry.
     */
    const handle: JobHandler = async (job, ctx) => {
        const connectionId = job.connectionId;
        if (!connectionId)
            throw new AppError('writeback_job_invalid', `flush job ${job.id} has no connection`, {
                retryable: false
            });
        const failure = await sendDue(connectionId, ctx.workerId);
        if (failure !== undefined) throw failure;
        const waitMs = await nextLook(connectionId);
        if (waitMs === undefined) return;
        throw new DeferredError('writeback_waiting', 'changes wait for their batch or retry', {
            retryAtMs: now() + waitMs,
            waitMs
        });
    };

    /** Queues a flush job for each connection with changes due and none waiting (deduplicated). */
    async function schedule(): Promise<number> {
        const queued = await scheduleWritebackFlushes(options.db, { nowMs: now(), maxAttempts });
        if (queued.length > 0) options.onQueued?.();
        return queued.length;
    }

    return {
        handle,
        schedule,
        /**
         * A job has ended (done or dead). After a flush job: a change stored while it was
         * finishing found it running and queued none. After a busy kind: a batch waiting for
         * the burst to end may go now.
         */
        async afterJob(job: Pick<Job, 'kind'>): Promise<void> {
            if (job.kind === WRITEBACK_FLUSH_JOB || options.busyKinds.includes(job.kind))
                await schedule();
        },
        /** A change was just stored: make sure a flush job will look at it. */
        poke(): void {
            schedule().catch((error: unknown) =>
                log.error({ err: error }, 'scheduling the write-back failed')
            );
        }
    };
}
export type WritebackSender = ReturnType<typeof createWritebackSender>;
