import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';

import type { Db } from '../store/db.ts';
import { enqueue } from '../store/jobs.ts';
import { getJob, retryDeadJob } from '../store/jobs-admin.ts';
import { getJournalEntry, listJournal, type JournalRecord } from '../store/journal.ts';
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

const journalSchema = z
    .object({
        id: z.string(),
        at: z.string(),
        connectionId: z.string().nullable(),
        correlationId: z.string().nullable(),
        actor: z.string(),
        target: z.enum(['zoho', 'salesforce']),
        operation: z.string(),
        subject: z.string().nullable(),
        requestDigest: z.string(),
        outcome: z.enum(['ok', 'error', 'unknown']),
        detail: z.record(z.string(), z.unknown()).nullable()
    })
    .openapi('JournalEntry');

const idParam = z.object({ id: z.string().regex(/^\d{1,18}$/) });

/** Built on first use: `admin.ts` mounts this file, and this file reads its shared parts. */
const routes = () => ({
    list: createRoute({
        method: 'get',
        path: '/journal',
        security,
        request: {
            query: z.object({
                connectionId: z.string().max(100).optional(),
                correlationId: z.string().max(100).optional(),
                actor: z.string().max(200).optional(),
                target: z.enum(['zoho', 'salesforce']).optional(),
                operation: z.string().max(200).optional().openapi({
                    description: 'An operation (`zoho.invoice.create`), or a prefix ending in a dot'
                }),
                outcome: z.enum(['ok', 'error', 'unknown']).optional(),
                subject: z.string().max(100).optional(),
                since: z.iso.datetime({ offset: true }).optional(),
                before: idParam.shape.id.optional(),
                limit: limitQuery
            })
        },
        responses: {
            200: {
                description:
                    'Writes to Zoho and Salesforce, newest first, filtered; `nextBefore` (when more may follow) is the `before` of the next page',
                content: {
                    'application/json': {
                        schema: z.object({
                            entries: z.array(journalSchema),
                            nextBefore: z.string().nullable()
                        })
                    }
                }
            },
            ...errors
        }
    }),
    get: createRoute({
        method: 'get',
        path: '/journal/{id}',
        security,
        request: { params: idParam },
        responses: {
            200: {
                description: 'One journal entry',
                content: { 'application/json': { schema: z.object({ entry: journalSchema }) } }
            },
            ...notFound,
            ...errors
        }
    }),
    replay: createRoute({
        method: 'post',
        path: '/journal/{id}/replay',
        security,
        request: { params: idParam },
        responses: {
            202: {
                description:
                    'The job behind a failed or unknown write runs again: a dead job is retried with fresh attempts, a finished one is queued anew with the same payload and correlation id (the flows are idempotent by their links)',
                content: { 'application/json': { schema: z.object({ job: jobSchema }) } }
            },
            409: {
                description:
                    'Nothing to replay: the write succeeded, its job is still pending, or the entry was not written by a job',
                content: { 'application/json': { schema: errorSchema } }
            },
            ...notFound,
            ...errors
        }
    })
});

const entryJson = (e: JournalRecord) => ({
    ...e,
    at: e.at.toISOString(),
    subject: e.subject ?? null,
    detail: e.detail ?? null
});

/**
 * `/v1/admin/journal`: the audit trail of every write to Zoho and Salesforce, filtered and paged
 * (`admin:read`), and `POST /journal/{id}/replay` (`admin:write`).
 */
export function registerJournalRoutes(app: OpenAPIHono<AuthEnv>, deps: { db: Db }) {
    const r = routes();
    app.openapi(r.list, async (c) => {
        const { before, since, limit, ...filter } = c.req.valid('query');
        const entries = await listJournal(deps.db, {
            ...filter,
            beforeId: before,
            since: since ? new Date(since) : undefined,
            limit
        });
        const nextBefore = entries.length === limit ? (entries.at(-1)?.id ?? null) : null;
        return c.json({ entries: entries.map(entryJson), nextBefore }, 200);
    });
    app.openapi(r.get, async (c) => {
        const entry = await getJournalEntry(deps.db, c.req.valid('param').id);
        if (!entry) return c.json(errorBody('not_found', 'no such journal entry'), 404);
        return c.json({ entry: entryJson(entry) }, 200);
    });
    app.openapi(r.replay, async (c) => {
        const entry = await getJournalEntry(deps.db, c.req.valid('param').id);
        if (!entry) return c.json(errorBody('not_found', 'no such journal entry'), 404);
        const conflict = (message: string) => c.json(errorBody('conflict', message), 409);
        if (entry.outcome === 'ok') return conflict('the write succeeded; nothing to replay');
        const jobId = /^job:(\d+)$/.exec(entry.actor)?.[1];
        if (!jobId) return conflict(`the write was made by ${entry.actor}, not by a job`);
        const job = await getJob(deps.db, jobId);
        if (!job) return c.json(errorBody('not_found', `job ${jobId} is no longer kept`), 404);
        if (job.state === 'dead')
            return c.json({ job: jobJson(await retryDeadJob(deps.db, jobId)) }, 202);
        if (job.state !== 'done')
            return conflict(`job ${jobId} is ${job.state}; it will run again`);
        const { job: again } = await enqueue(deps.db, {
            kind: job.kind,
            partitionKey: job.partitionKey,
            payload: job.payload,
            maxAttempts: job.maxAttempts,
            ...(job.connectionId ? { connectionId: job.connectionId } : {}),
            ...(job.correlationId ? { correlationId: job.correlationId } : {})
        });
        return c.json({ job: jobJson(again) }, 202);
    });
}
