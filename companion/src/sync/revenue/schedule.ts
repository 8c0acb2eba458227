import { CronExpressionParser } from 'cron-parser';

import type { Logger } from '../../log.ts';
import type { Clock } from '../../clock.ts';
import { connectionBusy } from '../../jobs/busy.ts';
import { listConnections } from '../../store/connections.ts';
import type { Db } from '../../store/db.ts';
import { enqueue } from '../../store/jobs.ts';
import type { FlowSettingsCache } from '../flow-settings.ts';
import { REVENUE_JOB, type RevenueRun } from './flow.ts';

/** Nightly at 02:00 UTC, when no valid schedule is set. */
export const DEFAULT_REVENUE_SCHEDULE = '0 2 * * *';

/**
 * The latest time at or before `nowMs` that the cron expression (UTC) names, or undefined when
 * the expression is not a valid five-field cron. The run of that time is due.
 */
export function lastFireAt(expression: string, nowMs: number): number | undefined {
    if (expression.trim().split(/\s+/).length !== 5) return undefined;
    try {
        const cron = CronExpressionParser.parse(expression, {
            currentDate: new Date(nowMs + 1),
            tz: 'UTC'
        });
        return cron.prev().getTime();
    } catch {
        return undefined;
    }
}

/**
 * Queues each active connection's revenue run when its schedule has come round: one job per
 * connection and fire time (deduplicated by it, so several processes queue it once and a
 * restart does not run it twice). The first look after a start catches up the latest run; while
 * the connection is busy invoicing, the run waits for a later look.
 */
export function createRevenueScheduler(deps: {
    db: Db;
    clock: Clock;
    log: Logger;
    settings: FlowSettingsCache;
    run?: RevenueRun;
    /** Job kinds that hold the run back while they wait or run (an invoicing burst). */
    deferWhile?: readonly string[];
}) {
    return {
        async schedule(): Promise<number> {
            let queued = 0;
            for (const connection of await listConnections(deps.db)) {
                if (connection.status !== 'active') continue;
                if (await connectionBusy(deps.db, connection.id, deps.deferWhile ?? [])) continue;
                const settings = await deps.settings.get(connection.id).catch((error: unknown) => {
                    deps.log.warn(
                        { err: error, connectionId: connection.id },
                        'revenue schedule unreadable'
                    );
                    return undefined;
                });
                if (!settings?.revenueEnabled) continue;
                const expression = settings.revenueSchedule ?? DEFAULT_REVENUE_SCHEDULE;
                let at = lastFireAt(expression, deps.clock.now());
                if (at === undefined) {
                    deps.log.warn(
                        { connectionId: connection.id, expression },
                        'revenue schedule is not a valid cron expression: nightly instead'
                    );
                    at = lastFireAt(DEFAULT_REVENUE_SCHEDULE, deps.clock.now())!;
                }
                const { created } = await enqueue(deps.db, {
                    kind: REVENUE_JOB,
                    partitionKey: `salesforce:${connection.id}`,
                    connectionId: connection.id,
                    payload: { run: deps.run ?? {}, scheduledFor: new Date(at).toISOString() },
                    dedupeKey: `revenue:${connection.id}:${at}`,
                    maxAttempts: 5
                });
                if (created) queued++;
            }
            return queued;
        }
    };
}
