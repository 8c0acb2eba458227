import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { Db } from '../store/db.ts';
import { enqueue, type Job } from '../store/jobs.ts';
import { purgeExpired, type RetentionPolicy } from '../store/retention.ts';

export const RETENTION_JOB = 'maintenance.retention';
/** How often the cleanup runs (clock time). */
export const RETENTION_EVERY_MS = 60 * 60_000;

/**
 * The scheduled cleanup: once an hour of the clock, one `maintenance.retention` job (deduplicated
 * by hour, so N processes queue it once) purges what the retention policy no longer keeps.
 */
export function createRetention(deps: {
    db: Db;
    clock: Clock;
    log: Logger;
    policy: RetentionPolicy;
}) {
    async function schedule(): Promise<number> {
        const slot = Math.floor(deps.clock.now() / RETENTION_EVERY_MS);
        const { created } = await enqueue(deps.db, {
            kind: RETENTION_JOB,
            partitionKey: 'maintenance',
            payload: { slot },
            dedupeKey: `retention:${slot}`,
            maxAttempts: 3
        });
        return created ? 1 : 0;
    }

    async function handle(job: Job): Promise<void> {
        const purged = await purgeExpired(deps.db, deps.policy, deps.clock.now());
        deps.log.info({ jobId: job.id, purged, policy: deps.policy }, 'retention cleanup done');
    }

    return { schedule, handle };
}
