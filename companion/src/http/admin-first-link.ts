import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';

import { AppError } from '../errors.ts';
import { getConnection } from '../store/connections.ts';
import { enqueue } from '../store/jobs.ts';
import type { Db } from '../store/db.ts';
import type { Clock } from '../clock.ts';
import {
    FIRST_LINK_JOB,
    firstLinkPartition,
    firstLinkPayloadSchema
} from '../sync/customer/first-link/job.ts';
import { resolveCustomerReview, ReviewError } from '../sync/customer/first-link/resolve.ts';
import { listReviews, type Review } from '../sync/customer/first-link/reviews.ts';
import type { FirstLink } from '../sync/customer/first-link/run.ts';
import { errors, errorSchema, jobJson, jobSchema, notFound, security } from './admin-common.ts';
import type { AuthEnv } from './auth.ts';
import { errorBody } from './errors.ts';

/** The customer first link as the runtime offers it (absent: the routes answer 503). */
export type CustomerFirstLink = { run: FirstLink; onWriteback: () => void };

const json = (schema: z.ZodType, description: string) => ({
    description,
    content: { 'application/json': { schema } }
});
const failure = (description: string) => json(errorSchema, description);

const candidate = z.object({
    zohoContactId: z.string(),
    contactName: z.string(),
    score: z.number(),
    reasons: z.array(z.string())
});
const account = { accountId: z.string(), accountName: z.string() };
const resultSchema = z
    .object({
        dryRun: z.boolean(),
        zohoOrganizationId: z.string(),
        counts: z.record(z.string(), z.number().int()),
        plan: z.object({
            links: z.array(candidate.extend({ ...account, basis: z.enum(['stored_id', 'score']) })),
            review: z.array(z.object({ ...account, candidates: z.array(candidate) })),
            create: z.array(z.object(account)),
            unmatchedContacts: z.array(
                z.object({ zohoContactId: z.string(), contactName: z.string() })
            )
        })
    })
    .openapi('CustomerFirstLink');
const reviewSchema = z
    .object({
        id: z.string(),
        salesforceAccountId: z.string(),
        accountName: z.string(),
        zohoOrganizationId: z.string(),
        candidates: z.array(candidate),
        state: z.enum(['open', 'linked', 'dismissed', 'create_new']),
        zohoContactId: z.string().nullable(),
        resolvedBy: z.string().nullable(),
        createdAt: z.string(),
        resolvedAt: z.string().nullable()
    })
    .openapi('CustomerReview');
export const reviewJson = (r: Review) => ({
    id: r.id,
    salesforceAccountId: r.salesforceAccountId,
    accountName: r.accountName,
    zohoOrganizationId: r.zohoOrganizationId,
    candidates: r.candidates,
    state: r.state,
    zohoContactId: r.zohoContactId,
    resolvedBy: r.resolvedBy,
    createdAt: new Date(r.createdAtMs).toISOString(),
    resolvedAt: r.resolvedAtMs === null ? null : new Date(r.resolvedAtMs).toISOString()
});

const connectionParam = z.object({ id: z.string().max(100) });
const unavailable = { 503: failure('The customer first link is not running in this process') };

const routes = {
    run: createRoute({
        method: 'post',
        path: '/connections/{id}/customers/first-link',
        security,
        request: {
            params: connectionParam,
            query: firstLinkPayloadSchema.extend({
                dryRun: z.enum(['true', 'false']).default('true')
            })
        },
        responses: {
            200: json(
                resultSchema,
                'The dry run (`dryRun=true`, the default): the plan — what would be linked, queued for review, left to be created, and the Zoho customers left unmatched — read from both sides now. Nothing is written.'
            ),
            202: json(
                z.object({ job: jobSchema }),
                'The first link applied (`dryRun=false`) is queued as a job: confident matches linked (ledger, and `Zoho_Contact_Id__c` written back on the Account), the rest queued for review. Its counts go to the journal (`customer.first_link`). Nothing is ever created.'
            ),
            409: failure('The connection is not joined to both sides yet'),
            ...unavailable,
            ...notFound,
            ...errors
        }
    }),
    list: createRoute({
        method: 'get',
        path: '/connections/{id}/customers/review',
        security,
        request: {
            params: connectionParam,
            query: z.object({
                state: z.enum(['open', 'linked', 'dismissed', 'create_new']).optional(),
                limit: z.coerce.number().int().min(1).max(500).default(100)
            })
        },
        responses: {
            200: json(
                z.object({ reviews: z.array(reviewSchema) }),
                'The review queue, oldest first'
            ),
            ...notFound,
            ...errors
        }
    }),
    resolve: createRoute({
        method: 'post',
        path: '/connections/{id}/customers/review/{reviewId}',
        security,
        request: {
            params: connectionParam.extend({ reviewId: z.string().regex(/^\d{1,18}$/) }),
            body: {
                required: true,
                content: {
                    'application/json': {
                        schema: z.discriminatedUnion('action', [
                            z.strictObject({
                                action: z.literal('link'),
                                zohoContactId: z.string().regex(/^\d{1,30}$/, 'a Zoho contact id')
                            }),
                            z.strictObject({ action: z.literal('dismiss') }),
                            z.strictObject({ action: z.literal('create_new') })
                        ])
                    }
                }
            }
        },
        responses: {
            200: json(z.object({ review: reviewSchema }), 'The review, resolved'),
            409: failure(
                'The review is no longer open, or the contact is linked to another Account'
            ),
            ...notFound,
            ...errors
        }
    })
};

export const REVIEW_STATUS = {
    review_not_found: 404,
    review_closed: 409,
    link_conflict: 409,
    not_a_candidate: 400
} as const;

/**
 * `/v1/admin/connections/:id/customers/…` (`admin:write` for the POSTs, `admin:read` to list):
 * the customer first link (its dry run answered at once, the run queued as a job), and the
 * review queue a person works through.
 */
export function registerFirstLinkRoutes(
    app: OpenAPIHono<AuthEnv>,
    deps: {
        db: Db;
        clock: Clock;
        customerFirstLink?: CustomerFirstLink | undefined;
        onJobsQueued?: (() => void) | undefined;
    }
) {
    const missing = async (id: string) => !(await getConnection(deps.db, id));
    app.openapi(routes.run, async (c) => {
        const { id } = c.req.valid('param');
        const { dryRun, taxField } = c.req.valid('query');
        if (await missing(id)) return c.json(errorBody('not_found', 'no such connection'), 404);
        if (!deps.customerFirstLink)
            return c.json(errorBody('unavailable', 'the customer first link is not running'), 503);
        if (dryRun === 'false') {
            const { job } = await enqueue(deps.db, {
                kind: FIRST_LINK_JOB,
                partitionKey: firstLinkPartition(id),
                connectionId: id,
                payload: taxField ? { taxField } : {},
                maxAttempts: 3,
                correlationId: c.get('correlationId')
            });
            deps.onJobsQueued?.();
            return c.json({ job: jobJson(job) }, 202);
        }
        try {
            const result = await deps.customerFirstLink.run(id, {
                dryRun: true,
                taxField,
                correlationId: c.get('correlationId')
            });
            return c.json(result, 200);
        } catch (error) {
            if (error instanceof AppError && error.code === 'connection_not_ready')
                return c.json(errorBody('conflict', error.message), 409);
            throw error;
        }
    });
    app.openapi(routes.list, async (c) => {
        const { id } = c.req.valid('param');
        if (await missing(id)) return c.json(errorBody('not_found', 'no such connection'), 404);
        const reviews = await listReviews(deps.db, id, c.req.valid('query'));
        return c.json({ reviews: reviews.map(reviewJson) }, 200);
    });
    app.openapi(routes.resolve, async (c) => {
        const { id, reviewId } = c.req.valid('param');
        if (await missing(id)) return c.json(errorBody('not_found', 'no such connection'), 404);
        try {
            const review = await resolveCustomerReview(
                {
                    db: deps.db,
                    nowMs: () => deps.clock.now(),
                    onWriteback: deps.customerFirstLink?.onWriteback
                },
                {
                    connectionId: id,
                    reviewId,
                    decision: c.req.valid('json'),
                    actor: `admin:${c.get('apiKey').id}`
                }
            );
            return c.json({ review: reviewJson(review) }, 200);
        } catch (error) {
            if (!(error instanceof ReviewError)) throw error;
            const status = REVIEW_STATUS[error.code as keyof typeof REVIEW_STATUS];
            return c.json(errorBody(error.code, error.message), status);
        }
    });
}
