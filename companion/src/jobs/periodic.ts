import type { Clock } from '../clock.ts';
import { listConnections } from '../store/connections.ts';
import type { Db } from '../store/db.ts';
import { enqueue } from '../store/jobs.ts';
import { connectionBusy } from './busy.ts';

/**
 * Queues one job of `kind` per active connection for the current period (`everyMs` of the
 * clock). The job is deduplicated by period, so several processes queue it once; a connection
 * busy with jobs of the `deferWhile` kinds is skipped and looked at again next time (a sweep's
 * cursor keeps what it will catch up). Returns how many jobs were queued.
 */
export async function queuePerConnection(
    deps: { db: Db; clock: Clock; deferWhile?: readonly string[] | undefined },
    job: { kind: string; name: string; everyMs: number }
): Promise<number> {
    const slot = Math.floor(deps.clock.now() / job.everyMs);
    let queued = 0;
    for (const connection of await listConnections(deps.db)) {
        if (connection.status !== 'active') continue;
        if (await connectionBusy(deps.db, connection.id, deps.deferWhile ?? [])) continue;
        const { created } = await enqueue(deps.db, {
            kind: job.kind,
            partitionKey: `salesforce:${connection.id}`,
            connectionId: connection.id,
            payload: { slot },
            dedupeKey: `${job.name}:${connection.id}:${slot}`,
            maxAttempts: 3
        });
        if (created) queued++;
    }
    return queued;
}

/**
 * A periodic job's `schedule`: given the period (`everyMs` of the clock), queues one job of
 * `kind` per active connection, deduplicated under `name` (see `queuePerConnection`).
 */
export function periodicSchedule(
    deps: { db: Db; clock: Clock; deferWhile?: readonly string[] | undefined },
    job: { kind: string; name: string }
): (everyMs: number) => Promise<number> {
    return (everyMs) => queuePerConnection(deps, { ...job, everyMs });
}
