import { Hono } from 'hono';
import { z } from 'zod';

import type { Clock } from '../clock.ts';
import type { Keyring } from '../security/vault.ts';
import { listConflicts } from '../store/customer-sync.ts';
import type { Db } from '../store/db.ts';
import { resolveCustomerReview, ReviewError } from '../sync/customer/first-link/resolve.ts';
import { listReviews } from '../sync/customer/first-link/reviews.ts';
import { ConflictSettleError, settleConflict } from '../sync/customer/settle-conflict.ts';
import { conflictJson, SETTLE_STATUS } from './admin-customers.ts';
import { REVIEW_STATUS, reviewJson, type CustomerFirstLink } from './admin-first-link.ts';
import { jobJson } from './admin-common.ts';
import { requireConnection, type ConnectionEnv } from './connection-auth.ts';
import { errorBody } from './errors.ts';

const idSchema = z.string().regex(/^\d{1,18}$/);
const userIdSchema = z.string().regex(/^005[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/, 'a User id');
const chooseSchema = z.strictObject({ choose: z.enum(['salesforce', 'zoho']) });
const decisionSchema = z.intersection(
    z.discriminatedUnion('action', [
        z.object({
            action: z.literal('link'),
            zohoContactId: z.string().regex(/^\d{1,30}$/, 'a Zoho contact id')
        }),
        z.object({ action: z.literal('dismiss') }),
        z.object({ action: z.literal('create_new') })
    ]),
    /** The Salesforce user who decided, kept as who resolved the review. */
    z.object({ userId: userIdSchema.optional() })
);

const invalid = (message: string) => errorBody('validation_failed', message);
const bodyOf = (c: { req: { json: () => Promise<unknown> } }) =>
    c.req.json().catch(() => undefined);

/**
 * `/v1/package/customers`: the setup page's conflict inbox and first-link review queue, for its
 * own connection only. Open items are listed (oldest first); a conflict is settled with one
 * side's value, a review linked to a candidate, dismissed or left for a new Zoho customer — by
 * the same functions as the admin API's routes.
 */
export function packageCustomerRoutes(deps: {
    db: Db;
    keyring: Keyring;
    clock: Clock;
    customerFirstLink?: CustomerFirstLink | undefined;
}) {
    const nowMs = () => deps.clock.now();
    return new Hono<ConnectionEnv>()
        .use(requireConnection(deps))
        .get('/conflicts', async (c) => {
            const conflicts = await listConflicts(deps.db, c.get('connection').id, {
                open: true,
                limit: 200
            });
            return c.json({ conflicts: conflicts.map(conflictJson) });
        })
        .post('/conflicts/:id/resolve', async (c) => {
            const id = idSchema.safeParse(c.req.param('id'));
            const body = chooseSchema.safeParse(await bodyOf(c));
            if (!id.success || !body.success)
                return c.json(invalid('the body must be {"choose": "salesforce" | "zoho"}'), 400);
            try {
                const { conflict, job } = await settleConflict(
                    { db: deps.db, nowMs },
                    {
                        connectionId: c.get('connection').id,
                        conflictId: id.data,
                        choice: body.data,
                        correlationId: c.get('correlationId')
                    }
                );
                return c.json({ conflict: conflictJson(conflict), job: jobJson(job) }, 202);
            } catch (error) {
                if (!(error instanceof ConflictSettleError)) throw error;
                const [status, code] = SETTLE_STATUS[error.code as keyof typeof SETTLE_STATUS];
                return c.json(errorBody(code, error.message), status);
            }
        })
        .get('/reviews', async (c) => {
            const reviews = await listReviews(deps.db, c.get('connection').id, {
                state: 'open',
                limit: 200
            });
            return c.json({ reviews: reviews.map(reviewJson) });
        })
        .post('/reviews/:id', async (c) => {
            const id = idSchema.safeParse(c.req.param('id'));
            const body = decisionSchema.safeParse(await bodyOf(c));
            if (!id.success || !body.success)
                return c.json(
                    invalid(
                        'the body must be {"action": "link", "zohoContactId"} or {"action": "dismiss" | "create_new"}'
                    ),
                    400
                );
            const { userId, ...decision } = body.data;
            try {
                const review = await resolveCustomerReview(
                    { db: deps.db, nowMs, onWriteback: deps.customerFirstLink?.onWriteback },
                    {
                        connectionId: c.get('connection').id,
                        reviewId: id.data,
                        decision,
                        actor: userId ? `salesforce:${userId}` : 'salesforce'
                    }
                );
                return c.json({ review: reviewJson(review) });
            } catch (error) {
                if (!(error instanceof ReviewError)) throw error;
                const status = REVIEW_STATUS[error.code as keyof typeof REVIEW_STATUS];
                return c.json(errorBody(error.code, error.message), status);
            }
        });
}
