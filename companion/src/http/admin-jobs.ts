import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';

import type { Db } from '../store/db.ts';
import { getJob, listJobs, retryDeadJob } from '../store/jobs-admin.ts';
import {
    errors,
    errorSchema,
    jobJson,
    jobSchema,
    limitQuery,
    notFound,
    security
} from './admin-common.ts';
import type { AuthEnv } from './auth.ts';
import { errorBody } from './errors.ts';

const routes = {
    listJobs: createRoute({
        method: 'get',
        path: '/jobs',
        security,
        request: {
            query: z.object({
                state: z.enum(['queued', 'running', 'retrying', 'done', 'dead']).optional(),
                connectionId: z.string().max(100).optional(),
                limit: limitQuery
            })
        },
        responses: {
            200: {
                description: 'Jobs, newest first; `state=dead` lists the dead letters',
                content: { 'application/json': { schema: z.object({ jobs: z.array(jobSchema) }) } }
            },
            ...errors
        }
    }),
    retryJob: createRoute({
        method: 'post',
        path: '/jobs/{id}/retry',
        security,
        request: { params: z.object({ id: z.string().regex(/^\d{1,18}$/) }) },
        responses: {
            200: {
                description: 'The dead job, queued again with fresh attempts',
                content: { 'application/json': { schema: z.object({ job: jobSchema }) } }
            },
            409: {
                description: 'The job is not dead',
                content: { 'application/json': { schema: errorSchema } }
            },
            ...notFound,
            ...errors
        }
    })
};

/** `/v1/admin/jobs`: the queue's jobs, newest first, and a dead letter's retry. */
export function registerJobRoutes(app: OpenAPIHono<AuthEnv>, deps: { db: Db }) {
    app.openapi(routes.listJobs, async (c) =>
        c.json({ jobs: (await listJobs(deps.db, c.req.valid('query'))).map(jobJson) }, 200)
    );
    app.openapi(routes.retryJob, async (c) => {
        const { id } = c.req.valid('param');
        const job = await getJob(deps.db, id);
        if (!job) return c.json(errorBody('not_found', `no job ${id}`), 404);
        if (job.state !== 'dead')
            return c.json(errorBody('conflict', `job ${id} is ${job.state}, not dead`), 409);
        return c.json({ job: jobJson(await retryDeadJob(deps.db, id)) }, 200);
    });
}
