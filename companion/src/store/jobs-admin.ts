import type { Queryable } from './db.ts';
import {
    JOB_COLUMNS,
    jobFromRow,
    JobStateError,
    type Job,
    type JobRow,
    type JobState
} from './jobs.ts';

/** The queue as an admin and the metrics see it: one job, a list, counts by state, a retry. */

const isUniqueViolation = (error: unknown) =>
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';

/**
 * An admin's retry of a dead job: a fresh set of attempts, runnable now. Refused while a job
 * that may wait only once (a connection's write-back flush) already waits to do the same work.
 */
export async function retryDeadJob(db: Queryable, id: string): Promise<Job> {
    const [row] = await db
        .query<JobRow>(
            `UPDATE jobs SET state = 'queued', attempts = 0, run_after = now(), finished_at = NULL, updated_at = now()
             WHERE id = $1 AND state = 'dead' RETURNING ${JOB_COLUMNS}`,
            [id]
        )
        .catch((error: unknown) => {
            if (!isUniqueViolation(error)) throw error;
            throw new JobStateError(
                `job ${id} cannot be retried: a job doing its work already waits`
            );
        });
    if (!row) throw new JobStateError(`job ${id} is not dead, so it cannot be retried`);
    return jobFromRow(row);
}

export async function getJob(db: Queryable, id: string): Promise<Job | undefined> {
    const [row] = await db.query<JobRow>(`SELECT ${JOB_COLUMNS} FROM jobs WHERE id = $1`, [id]);
    return row && jobFromRow(row);
}

export async function listJobs(
    db: Queryable,
    filter: { state?: JobState; connectionId?: string; limit?: number } = {}
): Promise<Job[]> {
    const rows = await db.query<JobRow>(
        `SELECT ${JOB_COLUMNS} FROM jobs
         WHERE ($1::text IS NULL OR state = $1) AND ($2::text IS NULL OR connection_id = $2)
         ORDER BY id DESC LIMIT $3`,
        [filter.state ?? null, filter.connectionId ?? null, Math.min(filter.limit ?? 100, 1000)]
    );
    return rows.map(jobFromRow);
}

export async function countJobsByState(db: Queryable): Promise<Record<JobState, number>> {
    const rows = await db.query<{ state: JobState; n: number }>(
        'SELECT state, count(*)::int AS n FROM jobs GROUP BY state'
    );
    const counts: Record<JobState, number> = {
        queued: 0,
        running: 0,
        retrying: 0,
        done: 0,
        dead: 0
    };
    for (const row of rows) counts[row.state] = row.n;
    return counts;
}
