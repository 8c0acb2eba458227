import type { JobContext } from '../jobs/worker.ts';
import type { Logger } from '../log.ts';
import { listZohoOrganizations } from '../store/connections.ts';
import type { Db } from '../store/db.ts';
import type { Job } from '../store/jobs.ts';
import type { FlowSettings, FlowSettingsCache } from './flow-settings.ts';

/** Who runs a sweep and under which correlation id (the journal's actor). */
export type SweepMeta = { actor: string; correlationId: string | null };

/**
 * Runs `sweep` for every active Zoho organization of the connection, in turn, logging each
 * one's result under `done` (e.g. `payment sweep done`).
 * @returns each organization's result, with its id.
 */
export async function sweepEachOrganization<R extends object>(
    deps: { db: Db; log: Logger },
    connectionId: string,
    done: string,
    sweep: (organizationId: string) => Promise<R>
): Promise<(R & { organizationId: string })[]> {
    const results: (R & { organizationId: string })[] = [];
    for (const org of await listZohoOrganizations(deps.db, connectionId)) {
        if (org.status !== 'active') continue;
        const result = await sweep(org.organizationId);
        const fields: Record<string, unknown> = {
            connectionId,
            organizationId: org.organizationId,
            ...result
        };
        deps.log.info(fields, done);
        results.push({ organizationId: org.organizationId, ...result });
    }
    return results;
}

/**
 * The job handler of a periodic sweep: runs it for the job's connection, as the job, while
 * `enabled` finds its flow switched on; otherwise it logs `off` and does nothing.
 */
export function sweepJobHandler(input: {
    settings: FlowSettingsCache;
    enabled: (settings: FlowSettings) => boolean;
    off: string;
    run: (connectionId: string, meta: SweepMeta) => Promise<unknown>;
}) {
    return async (job: Job, ctx: JobContext): Promise<void> => {
        if (!job.connectionId) return;
        if (!input.enabled(await input.settings.get(job.connectionId))) {
            ctx.log.info(input.off);
            return;
        }
        await input.run(job.connectionId, {
            actor: `job:${job.id}`,
            correlationId: job.correlationId
        });
    };
}
