import { z } from 'zod';

import { AppError } from '../../../errors.ts';
import type { JobHandler } from '../../../jobs/worker.ts';
import { digestRequest, recordWrite } from '../../../store/journal.ts';
import type { FirstLink } from './run.ts';

/** The first link applied (not the dry run) runs as a job: it reads every customer first. */
export const FIRST_LINK_JOB = 'customer.first_link';

/** One first link at a time per connection, beside (not behind) its other Salesforce jobs. */
export const firstLinkPartition = (connectionId: string) => `first-link:${connectionId}`;

export const firstLinkPayloadSchema = z.strictObject({
    taxField: z
        .string()
        .regex(/^[A-Za-z][A-Za-z0-9_]{0,79}$/, 'an Account field API name')
        .optional()
});

/** Runs the first link for the job's connection and journals what it did (`customer.first_link`). */
export function firstLinkJobHandler(run: FirstLink): JobHandler {
    return async (job, ctx) => {
        if (!job.connectionId) return;
        const payload = firstLinkPayloadSchema.safeParse(job.payload ?? {});
        if (!payload.success)
            throw new AppError(
                'first_link_job_malformed',
                `job ${job.id}: ${payload.error.message}`
            );
        const result = await run(job.connectionId, {
            dryRun: false,
            taxField: payload.data.taxField,
            correlationId: job.correlationId ?? undefined
        });
        await recordWrite(ctx.db, {
            connectionId: job.connectionId,
            correlationId: job.correlationId,
            actor: `job:${job.id}`,
            target: 'salesforce',
            operation: 'customer.first_link',
            subject: result.zohoOrganizationId,
            requestDigest: digestRequest(payload.data),
            outcome: 'ok',
            detail: result.counts
        });
        ctx.log.info(result.counts, 'customer first link done');
    };
}
