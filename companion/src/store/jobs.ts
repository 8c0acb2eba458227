import { AppError } from '../errors.ts';
import { backoffMs } from '../backoff.ts';
import type { Db, Queryable } from './db.ts';

/**
 * A small durable queue on PostgreSQL (and PGlite). Why not pg-boss or graphile-worker: neither
 * runs on PGlite's single in-process connection, and we need "at most one running job per Zoho
 * organization" across processes, which a partition lease row gives directly. Claims use
 * `FOR UPDATE SKIP LOCKED`, so several companion processes share one queue without waiting on
 * each other.
 *
 * States: queued → running → done | retrying | dead; retrying → running; running → queued when
 * a worker shuts down mid-job or the job must wait for a rate limit (deferred: the attempt does
 * not count); dead → queued when an admin retries.
 */
export type JobState = 'queued' | 'running' | 'retrying' | 'done' | 'dead';

export const JOB_TRANSITIONS: Readonly<Record<JobState, readonly JobState[]>> = {
    queued: ['running'],
    retrying: ['running'],
    running: ['done', 'retrying', 'dead', 'queued'],
    done: [],
    dead: ['queued']
};

export type Job = {
    id: string;
    connectionId: string | null;
    kind: string;
    partitionKey: string;
    payload: unknown;
    state: JobState;
    attempts: number;
    maxAttempts: number;
    runAfter: Date;
    lastError: string | null;
    lockedBy: string | null;
    dedupeKey: string | null;
    correlationId: string | null;
};

/** A `jobs` row as read with `JOB_COLUMNS` (the store modules of jobs share it). */
export type JobRow = {
    id: string;
    connection_id: string | null;
    kind: string;
    partition_key: string;
    payload: unknown;
    state: JobState;
    attempts: number;
    max_attempts: number;
    run_after: Date | string;
    last_error: string | null;
    locked_by: string | null;
    dedupe_key: string | null;
    correlation_id: string | null;
};

export const JOB_COLUMNS = `id::text, connection_id, kind, partition_key, payload, state, attempts, max_attempts,
    run_after, last_error, locked_by, dedupe_key, correlation_id`;

export function jobFromRow(row: JobRow): Job {
    return {
        id: row.id,
        connectionId: row.connection_id,
        kind: row.kind,
        partitionKey: row.partition_key,
        payload: row.payload,
        state: row.state,
        attempts: row.attempts,
        maxAttempts: row.max_attempts,
        runAfter: new Date(row.run_after),
        lastError: row.last_error,
        lockedBy: row.locked_by,
        dedupeKey: row.dedupe_key,
        correlationId: row.correlation_id
    };
}

export class JobStateError extends AppError {
    constructor(message: string) {
        super('job_state_conflict', message);
    }
}

export type NewJob = {
    kind: string;
    partitionKey: string;
    payload?: unknown;
    connectionId?: string;
    maxAttempts?: number;
    delayMs?: number;
    /** A second enqueue with the same key is ignored while the first job exists. */
    dedupeKey?: string;
    correlationId?: string;
};

/** Adds a job. @returns the job and whether this call created it (false: deduplicated). */
export async function enqueue(q: Queryable, job: NewJob): Promise<{ job: Job; created: boolean }> {
    await q.query('INSERT INTO job_partitions (partition_key) VALUES ($1) ON CONFLICT DO NOTHING', [
        job.partitionKey
    ]);
    const [row] = await q.query<JobRow>(
        `INSERT INTO jobs (kind, partition_key, payload, connection_id, max_attempts, run_after, dedupe_key, correlation_id)
         VALUES ($1, $2, $3, $4, $5, now() + ($6::int * interval '1 millisecond'), $7, $8)
         ON CONFLICT (dedupe_key) DO NOTHING
         RETURNING ${JOB_COLUMNS}`,
        [
            job.kind,
            job.partitionKey,
            JSON.stringify(job.payload ?? {}),
            job.connectionId ?? null,
            job.maxAttempts ?? 8,
            job.delayMs ?? 0,
            job.dedupeKey ?? null,
            job.correlationId ?? null
        ]
    );
    if (row) return { job: jobFromRow(row), created: true };
    const [existing] = await q.query<JobRow>(
        `SELECT ${JOB_COLUMNS} FROM jobs WHERE dedupe_key = $1`,
        [job.dedupeKey]
    );
    if (!existing)
        throw new JobStateError(`job with dedupe key ${job.dedupeKey} vanished during enqueue`);
    return { job: jobFromRow(existing), created: false };
}

/** A disabled connection's jobs stay queued and are not claimed until it is enabled again. */
const DISABLED_CONNECTION = (alias: string) =>
    `SELECT 1 FROM connections c WHERE c.id = ${alias}.connection_id AND c.status = 'disabled'`;

/**
 * Claims the next runnable job whose partition is free, and leases both the job and its
 * partition to `workerId` for `leaseMs`. Partitions take turns: the one claimed longest ago (or
 * never) goes first, so a partition with one ready job waits behind at most one job of each
 * other partition, however long their backlogs. Returns undefined when nothing can run now.
 */
export async function claim(
    db: Db,
    options: { workerId: string; leaseMs: number; kinds?: readonly string[] }
): Promise<Job | undefined> {
    const kinds = options.kinds ? [...options.kinds] : null;
    return db.transaction(async (tx) => {
        const [partition] = await tx.query<{ partition_key: string }>(
            `SELECT p.partition_key FROM job_partitions p
             CROSS JOIN LATERAL (SELECT j.run_after, j.id FROM jobs j
                                 WHERE j.partition_key = p.partition_key AND j.state IN ('queued', 'retrying')
                                   AND j.run_after <= now() AND ($1::text[] IS NULL OR j.kind = ANY($1))
                                   AND NOT EXISTS (${DISABLED_CONNECTION('j')})
                                 ORDER BY j.run_after, j.id LIMIT 1) oldest
             WHERE (p.locked_until IS NULL OR p.locked_until < now())
               AND NOT EXISTS (SELECT 1 FROM jobs r
                               WHERE r.partition_key = p.partition_key AND r.state = 'running'
                                 AND r.locked_until >= now())
             ORDER BY p.last_claimed_at NULLS FIRST, oldest.run_after, oldest.id
             LIMIT 1
             FOR UPDATE OF p SKIP LOCKED`,
            [kinds]
        );
        if (!partition) return undefined;
        await tx.query(
            `UPDATE job_partitions SET locked_by = $2, locked_until = now() + ($3::int * interval '1 millisecond'),
                 last_claimed_at = clock_timestamp()
             WHERE partition_key = $1`,
            [partition.partition_key, options.workerId, options.leaseMs]
        );
        const [row] = await tx.query<JobRow>(
            `UPDATE jobs SET state = 'running', attempts = attempts + 1, locked_by = $2,
                 locked_until = now() + ($3::int * interval '1 millisecond'), updated_at = now()
             WHERE id = (SELECT id FROM jobs
                         WHERE partition_key = $1 AND state IN ('queued', 'retrying') AND run_after <= now()
                           AND ($4::text[] IS NULL OR kind = ANY($4))
                           AND NOT EXISTS (${DISABLED_CONNECTION('jobs')})
                         ORDER BY run_after, id LIMIT 1 FOR UPDATE)
             RETURNING ${JOB_COLUMNS}`,
            [partition.partition_key, options.workerId, options.leaseMs, kinds]
        );
        return row && jobFromRow(row);
    });
}

async function finish(
    db: Db,
    job: Job,
    workerId: string,
    set: {
        state: JobState;
        lastError?: string | null;
        delayMs?: number;
        attempts?: 'keep' | 'undo';
    }
): Promise<Job> {
    return db.transaction(async (tx) => {
        const [row] = await tx.query<JobRow>(
            `UPDATE jobs SET state = $3, last_error = COALESCE($4, last_error), locked_by = NULL, locked_until = NULL,
                 run_after = now() + ($5::int * interval '1 millisecond'), updated_at = now(),
                 attempts = attempts - $6::int,
                 finished_at = CASE WHEN $3 IN ('done', 'dead') THEN now() ELSE NULL END
             WHERE id = $1 AND state = 'running' AND locked_by = $2
             RETURNING ${JOB_COLUMNS}`,
            [
                job.id,
                workerId,
                set.state,
                set.lastError ?? null,
                set.delayMs ?? 0,
                set.attempts === 'undo' ? 1 : 0
            ]
        );
        if (!row)
            throw new JobStateError(`job ${job.id} is no longer running for worker ${workerId}`);
        await tx.query(
            'UPDATE job_partitions SET locked_by = NULL, locked_until = NULL WHERE partition_key = $1 AND locked_by = $2',
            [job.partitionKey, workerId]
        );
        return jobFromRow(row);
    });
}

export function completeJob(db: Db, job: Job, workerId: string): Promise<Job> {
    return finish(db, job, workerId, { state: 'done' });
}

/**
 * Records a failed attempt: retried later with backoff while attempts remain and the error is
 * retryable, otherwise dead (visible to an admin, who can retry it).
 */
export function failJob(
    db: Db,
    job: Job,
    workerId: string,
    error: { message: string; retryable: boolean; retryAfterMs?: number },
    random?: () => number
): Promise<Job> {
    const retry = error.retryable && job.attempts < job.maxAttempts;
    const delayMs = retry
        ? Math.max(error.retryAfterMs ?? 0, backoffMs(job.attempts, { random }))
        : 0;
    return finish(db, job, workerId, {
        state: retry ? 'retrying' : 'dead',
        lastError: error.message,
        delayMs
    });
}

/** Hands a running job back untouched (graceful shutdown): the attempt does not count. */
export function releaseJob(db: Db, job: Job, workerId: string): Promise<Job> {
    return finish(db, job, workerId, { state: 'queued', attempts: 'undo' });
}

/**
 * Puts a running job back to run `delayMs` from the database's now because something outside it,
 * such as Zoho's rate limit, says "not before then": the attempt does not count, and the partition
 * and worker slot are free for other work meanwhile.
 */
export function deferJob(
    db: Db,
    job: Job,
    workerId: string,
    delayMs: number,
    reason: string
): Promise<Job> {
    return finish(db, job, workerId, {
        state: 'queued',
        attempts: 'undo',
        lastError: reason,
        delayMs
    });
}

/** Extends the leases of a long job so no other worker takes its partition. */
export async function extendLease(
    db: Queryable,
    job: Job,
    workerId: string,
    leaseMs: number
): Promise<boolean> {
    const rows = await db.query(
        `WITH j AS (UPDATE jobs SET locked_until = now() + ($3::int * interval '1 millisecond')
                    WHERE id = $1 AND state = 'running' AND locked_by = $2 RETURNING partition_key)
         UPDATE job_partitions p SET locked_until = now() + ($3::int * interval '1 millisecond')
         FROM j WHERE p.partition_key = j.partition_key RETURNING p.partition_key`,
        [job.id, workerId, leaseMs]
    );
    return rows.length === 1;
}

/**
 * Crash recovery: a running job whose lease ran out belonged to a worker that died. It goes back
 * to retrying (the attempt counts: it may have had effects) after the same backoff as any failed
 * attempt, or to dead when attempts are spent. The backoff matters twice: a job that kills its
 * process (a poison pill) does not crash every restart at once, and a burst of restarts cannot
 * spend one unlucky job's attempts in a few seconds.
 *
 * @returns how many jobs were recovered.
 */
export async function recoverExpiredJobs(
    db: Queryable,
    options: { random?: () => number } = {}
): Promise<number> {
    const expired = await db.query<{ id: string; attempts: number }>(
        `SELECT id::text, attempts FROM jobs WHERE state = 'running' AND locked_until < now()`
    );
    if (expired.length === 0) return 0;
    const delays = expired.map((job) => backoffMs(job.attempts, { random: options.random }));
    const rows = await db.query(
        `UPDATE jobs j SET state = CASE WHEN j.attempts >= j.max_attempts THEN 'dead' ELSE 'retrying' END,
             last_error = 'the worker running this job stopped before finishing (lease expired)',
             locked_by = NULL, locked_until = NULL,
             run_after = now() + (d.delay_ms * interval '1 millisecond'), updated_at = now(),
             finished_at = CASE WHEN j.attempts >= j.max_attempts THEN now() ELSE NULL END
         FROM unnest($1::bigint[], $2::int[]) AS d(id, delay_ms)
         WHERE j.id = d.id AND j.state = 'running' AND j.locked_until < now()
         RETURNING j.id`,
        [expired.map((job) => job.id), delays]
    );
    return rows.length;
}
