import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { withCorrelationId } from '../correlation.ts';
import { AppError, DeferredError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { Db } from '../store/db.ts';
import {
    claim,
    completeJob,
    deferJob,
    extendLease,
    failJob,
    recoverExpiredJobs,
    releaseJob,
    type Job
} from '../store/jobs.ts';

export type JobContext = { db: Db; log: Logger; signal: AbortSignal; workerId: string };
export type JobHandler = (job: Job, ctx: JobContext) => Promise<void>;

export type WorkerOptions = {
    db: Db;
    log: Logger;
    handlers: Readonly<Record<string, JobHandler>>;
    workerId?: string;
    /** Jobs run at once by this process (each in its own partition). */
    concurrency?: number;
    /** How long a claim lasts without a heartbeat; a crashed worker's jobs return after it. */
    leaseMs?: number;
    /** How long to wait before looking again when nothing was runnable. */
    idlePollMs?: number;
    /** How long `stop()` lets running jobs finish before handing them back. */
    shutdownGraceMs?: number;
    /** Told when a job has failed for the last time (it is now a dead letter). */
    onDead?: (job: Job, message: string) => Promise<void>;
    /** Told when a job has finished well (after it is marked done). */
    onDone?: (job: Job) => Promise<void>;
    /** The jitter of the retry backoff (tests pin it). */
    random?: () => number;
};

export type Worker = {
    readonly workerId: string;
    start(): void;
    /** Stops claiming, waits for running jobs (up to the grace period), hands back the rest. */
    stop(): Promise<void>;
    /** Resolves when no job is running and none was runnable at the last look (tests). */
    idle(): Promise<void>;
    /** Work was just queued: idle loops look now instead of after their poll interval. */
    poke(): void;
};

/** How a thrown error decides the job's fate: AppErrors say; anything else is a bug, retried. */
function classify(error: unknown): { message: string; retryable: boolean; retryAfterMs?: number } {
    if (error instanceof AppError) {
        const retryAfterMs = (error as AppError & { retryAfterMs?: number }).retryAfterMs;
        return {
            message: `${error.code}: ${error.message}`,
            retryable: error.retryable,
            retryAfterMs
        };
    }
    return { message: error instanceof Error ? error.message : String(error), retryable: true };
}

export function createWorker(options: WorkerOptions): Worker {
    const workerId = options.workerId ?? `worker-${randomUUID().slice(0, 8)}`;
    const concurrency = options.concurrency ?? 4;
    const leaseMs = options.leaseMs ?? 5 * 60_000;
    const idlePollMs = options.idlePollMs ?? 500;
    const graceMs = options.shutdownGraceMs ?? 8_000;
    const kinds = Object.keys(options.handlers);
    const log = options.log.child({ workerId });
    /** Aborted when the grace period ends: running handlers must stop. */
    const abort = new AbortController();
    /** Aborted when stop() is called: loops stop claiming and stop sleeping. */
    const wake = new AbortController();
    const running = new Set<Promise<void>>();
    let loops: Promise<void>[] = [];
    let idleWaiters: (() => void)[] = [];
    let idleSlots = 0;
    let nudge = new AbortController();

    async function runJob(job: Job): Promise<void> {
        const jobLog = log.child({
            jobId: job.id,
            kind: job.kind,
            attempt: job.attempts,
            correlationId: job.correlationId
        });
        const handler = options.handlers[job.kind];
        const heartbeat = setInterval(
            () => {
                extendLease(options.db, job, workerId, leaseMs).catch((error: unknown) =>
                    jobLog.warn({ err: error }, 'lease extension failed')
                );
            },
            Math.max(1_000, Math.floor(leaseMs / 3))
        );
        heartbeat.unref();
        jobLog.info('job started');
        try {
            if (!handler)
                throw new AppError('job_kind_unknown', `no handler for job kind ${job.kind}`);
            await withCorrelationId(job.correlationId, () =>
                handler(job, { db: options.db, log: jobLog, signal: abort.signal, workerId })
            );
            const done = await completeJob(options.db, job, workerId);
            jobLog.info('job done');
            await options
                .onDone?.(done)
                .catch((e: unknown) => jobLog.error({ err: e }, 'reporting the done job failed'));
        } catch (error) {
            if (abort.signal.aborted) {
                await releaseJob(options.db, job, workerId).catch(() => undefined);
                jobLog.info('job handed back at shutdown');
                return;
            }
            if (error instanceof DeferredError) {
                await deferJob(
                    options.db,
                    job,
                    workerId,
                    error.waitMs,
                    `${error.code}: ${error.message}`
                ).then(
                    (after) => jobLog.info({ runAfter: after.runAfter }, 'job deferred'),
                    (e: unknown) => jobLog.error({ err: e }, 'deferring the job failed')
                );
                return;
            }
            const failure = classify(error);
            const after = await failJob(options.db, job, workerId, failure, options.random).catch(
                (e: unknown) => {
                    jobLog.error({ err: e }, 'recording the job failure failed');
                    return undefined;
                }
            );
            const level = after?.state === 'dead' ? 'error' : 'warn';
            jobLog[level](
                { err: error, state: after?.state, runAfter: after?.runAfter },
                'job failed'
            );
            if (after?.state === 'dead')
                await options
                    .onDead?.(after, failure.message)
                    .catch((e: unknown) =>
                        jobLog.error({ err: e }, 'reporting the dead job failed')
                    );
        } finally {
            clearInterval(heartbeat);
        }
    }

    async function loop(): Promise<void> {
        while (!wake.signal.aborted) {
            let job: Job | undefined;
            try {
                job = await claim(options.db, { workerId, leaseMs, kinds });
            } catch (error) {
                if (wake.signal.aborted) return;
                log.error({ err: error }, 'claiming a job failed');
            }
            if (!job) {
                idleSlots++;
                if (idleSlots === concurrency && running.size === 0) {
                    idleWaiters.forEach((resolve) => resolve());
                    idleWaiters = [];
                }
                await sleep(idlePollMs, undefined, {
                    signal: AbortSignal.any([wake.signal, nudge.signal])
                }).catch(() => undefined);
                idleSlots--;
                continue;
            }
            const run = runJob(job);
            running.add(run);
            await run;
            running.delete(run);
        }
    }

    async function recoverLoop(): Promise<void> {
        while (!wake.signal.aborted) {
            const recovered = await recoverExpiredJobs(options.db).catch(() => 0);
            if (recovered > 0) log.warn({ recovered }, 'recovered jobs of a stopped worker');
            await sleep(Math.max(1_000, Math.floor(leaseMs / 2)), undefined, {
                signal: wake.signal
            }).catch(() => undefined);
        }
    }

    return {
        workerId,
        start() {
            log.info({ concurrency, kinds }, 'worker started');
            loops = [...Array.from({ length: concurrency }, loop), recoverLoop()];
        },
        async stop() {
            wake.abort();
            const inFlight = [...running];
            const outcome = await Promise.race([
                Promise.all(inFlight).then(() => 'finished' as const),
                sleep(graceMs, 'grace period over' as const, { ref: false })
            ]);
            abort.abort();
            await Promise.all(loops);
            log.info({ outcome, jobs: inFlight.length }, 'worker stopped');
        },
        poke() {
            const current = nudge;
            nudge = new AbortController();
            current.abort();
        },
        idle() {
            if (idleSlots === concurrency && running.size === 0) return Promise.resolve();
            return new Promise((resolve) => idleWaiters.push(resolve));
        }
    };
}
