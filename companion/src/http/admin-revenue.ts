import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';

import { getConnection } from '../store/connections.ts';
import type { Db } from '../store/db.ts';
import { enqueue } from '../store/jobs.ts';
import { REVENUE_JOB } from '../sync/revenue/flow.ts';
import { connectionPost, errors, jobJson, jobSchema, notFound } from './admin-common.ts';
import type { AuthEnv } from './auth.ts';
import { errorBody } from './errors.ts';

const route = createRoute({
    ...connectionPost(
        'revenue-summary',
        z.strictObject({
            months: z.number().int().min(1).max(60).default(2),
            through: z
                .string()
                .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM')
                .optional()
        })
    ),
    responses: {
        202: {
            description:
                'The revenue summary run (or backfill) is queued: the `months` months ending with `through` (default: this month). Progress is in the log, the result in the journal (`revenue.summarize`).',
            content: { 'application/json': { schema: z.object({ job: jobSchema }) } }
        },
        ...notFound,
        ...errors
    }
});

/**
 * `POST /v1/admin/connections/:id/revenue-summary` (`admin:write`): runs the revenue summary of
 * a connection now, or backfills past months, as a job in the connection's queue.
 */
export function registerRevenueRoutes(
    app: OpenAPIHono<AuthEnv>,
    deps: { db: Db; onJobsQueued?: (() => void) | undefined }
) {
    app.openapi(route, async (c) => {
        const { id } = c.req.valid('param');
        const run = c.req.valid('json');
        if (!(await getConnection(deps.db, id)))
            return c.json(errorBody('not_found', 'no such connection'), 404);
        const { job } = await enqueue(deps.db, {
            kind: REVENUE_JOB,
            partitionKey: `salesforce:${id}`,
            connectionId: id,
            payload: { run },
            maxAttempts: 5,
            correlationId: c.get('correlationId')
        });
        deps.onJobsQueued?.();
        return c.json({ job: jobJson(job) }, 202);
    });
}
