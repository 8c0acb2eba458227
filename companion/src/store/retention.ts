import type { Db } from './db.ts';

/**
 * How long finished work is kept. Dead letters are never purged (an administrator retries or
 * reads them); unprocessed inbox rows neither. Defaults: 30 days of finished jobs and processed
 * inbox rows (far past any redelivery, whose duplicates they catch), a year of journal.
 */
export type RetentionPolicy = {
    jobsDays: number;
    inboxDays: number;
    journalDays: number;
    /** Rows per DELETE statement, so a first purge of a big table never holds long locks. */
    batchSize: number;
};

export const DEFAULT_RETENTION: RetentionPolicy = Object.freeze({
    jobsDays: 30,
    inboxDays: 30,
    journalDays: 365,
    batchSize: 1_000
});

export type PurgeResult = { jobs: number; inbox: number; journal: number };

const DAY_MS = 86_400_000;

/** Each table's rows past their age, oldest first, a batch at a time. */
const PURGES = {
    jobs: `DELETE FROM jobs WHERE id IN (
               SELECT id FROM jobs WHERE state = 'done' AND finished_at < $1
               ORDER BY finished_at LIMIT $2)`,
    inbox: `DELETE FROM inbox WHERE id IN (
                SELECT id FROM inbox WHERE processed_at IS NOT NULL AND processed_at < $1
                ORDER BY processed_at LIMIT $2)`,
    journal: `DELETE FROM journal WHERE id IN (
                  SELECT id FROM journal WHERE at < $1 ORDER BY at LIMIT $2)`
} as const;

async function purgeTable(db: Db, sql: string, cutoff: Date, batchSize: number): Promise<number> {
    let total = 0;
    for (;;) {
        const [row] = await db.query<{ n: number }>(
            `WITH gone AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM gone`,
            [cutoff, batchSize]
        );
        const n = row?.n ?? 0;
        total += n;
        if (n < batchSize) return total;
    }
}

/**
 * Deletes finished jobs, processed inbox rows and journal rows older than the policy's ages at
 * `nowMs` (the injected clock), each in batches of `batchSize` rows (one statement each).
 */
export async function purgeExpired(
    db: Db,
    policy: RetentionPolicy,
    nowMs: number
): Promise<PurgeResult> {
    const cutoff = (days: number) => new Date(nowMs - days * DAY_MS);
    return {
        jobs: await purgeTable(db, PURGES.jobs, cutoff(policy.jobsDays), policy.batchSize),
        inbox: await purgeTable(db, PURGES.inbox, cutoff(policy.inboxDays), policy.batchSize),
        journal: await purgeTable(db, PURGES.journal, cutoff(policy.journalDays), policy.batchSize)
    };
}
