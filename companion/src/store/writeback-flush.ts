import type { Queryable } from './db.ts';

/** The job that sends a connection's waiting write-backs (see sync/writeback/sender.ts). */
export const WRITEBACK_FLUSH_JOB = 'salesforce.writeback.flush';

/** Each connection's write-back jobs have their own partition: one send at a time per org. */
export const writebackFlushPartition = (connectionId: string) =>
    `salesforce.writeback:${connectionId}`;

/**
 * Queues a flush job for every connection with changes that may be sent now and no flush job
 * waiting or running, and wakes a flush job that waits (put back while its batch fills) so it
 * looks again now. Deduplicated by the `jobs_one_writeback_flush` index, so two processes
 * scheduling at once still leave one job per connection. A dead flush job (a dead letter)
 * does not stop the next: changes keep their own backoff, so a new job starts only once they
 * are due again.
 *
 * @returns the connections a job was queued or woken for.
 */
export async function scheduleWritebackFlushes(
    q: Queryable,
    input: { nowMs: number; maxAttempts: number }
): Promise<string[]> {
    const rows = await q.query<{ connection_id: string }>(
        `WITH waiting AS (
             SELECT DISTINCT w.connection_id FROM writebacks w
             WHERE w.sent_at_ms IS NULL AND w.failed_at_ms IS NULL AND w.run_after_ms <= $3
         ), woken AS (
             UPDATE jobs j SET run_after = now(), updated_at = now()
             FROM waiting
             WHERE j.kind = $1 AND j.connection_id = waiting.connection_id
               AND j.state = 'queued' AND j.run_after > now()
             RETURNING j.connection_id
         ), missing AS (
             SELECT connection_id FROM waiting w
             WHERE NOT EXISTS (SELECT 1 FROM jobs j
                               WHERE j.kind = $1 AND j.connection_id = w.connection_id
                                 AND j.state IN ('queued', 'retrying', 'running'))
         ), partitions AS (
             INSERT INTO job_partitions (partition_key)
             SELECT $2 || connection_id FROM missing ON CONFLICT DO NOTHING
         ), queued AS (
             INSERT INTO jobs (kind, partition_key, connection_id, max_attempts)
             SELECT $1, $2 || connection_id, connection_id, $4 FROM missing
             ON CONFLICT (connection_id)
                 WHERE kind = 'salesforce.writeback.flush' AND state IN ('queued', 'retrying', 'running')
                 DO NOTHING
             RETURNING connection_id
         )
         SELECT connection_id FROM queued UNION SELECT connection_id FROM woken`,
        [WRITEBACK_FLUSH_JOB, writebackFlushPartition(''), input.nowMs, input.maxAttempts]
    );
    return rows.map((r) => r.connection_id);
}
