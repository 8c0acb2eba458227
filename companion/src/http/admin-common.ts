import { z } from '@hono/zod-openapi';

import type { Job } from '../store/jobs.ts';

/** What the admin routes' OpenAPI descriptions share: error answers, security, jobs. */

export const errorSchema = z
    .object({
        error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() })
    })
    .openapi('Error');

export const jobSchema = z
    .object({
        id: z.string(),
        kind: z.string(),
        partitionKey: z.string(),
        connectionId: z.string().nullable(),
        state: z.enum(['queued', 'running', 'retrying', 'done', 'dead']),
        attempts: z.number().int(),
        maxAttempts: z.number().int(),
        runAfter: z.string(),
        lastError: z.string().nullable(),
        correlationId: z.string().nullable()
    })
    .openapi('Job');

export const errors = {
    400: { description: 'Invalid input', content: { 'application/json': { schema: errorSchema } } },
    401: {
        description: 'No valid API key',
        content: { 'application/json': { schema: errorSchema } }
    },
    403: {
        description: 'The key lacks the scope',
        content: { 'application/json': { schema: errorSchema } }
    }
};
export const notFound = {
    404: { description: 'Not found', content: { 'application/json': { schema: errorSchema } } }
};
export const security = [{ apiKey: [] }];

/**
 * The request half of every `POST /connections/{id}/…` admin route: the connection id and a
 * required JSON body validated by `body` (so a request without a media type is refused).
 */
export function connectionPost<S extends z.ZodType>(path: string, body: S) {
    return {
        method: 'post' as const,
        path: `/connections/{id}/${path}` as const,
        security,
        request: {
            params: z.object({ id: z.string().max(100) }),
            body: { required: true, content: { 'application/json': { schema: body } } }
        }
    };
}

export const jobJson = (j: Job) => ({
    id: j.id,
    kind: j.kind,
    partitionKey: j.partitionKey,
    connectionId: j.connectionId,
    state: j.state,
    attempts: j.attempts,
    maxAttempts: j.maxAttempts,
    runAfter: j.runAfter.toISOString(),
    lastError: j.lastError,
    correlationId: j.correlationId
});

export const limitQuery = z.coerce.number().int().min(1).max(500).default(100);
