import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';

import type { Clock } from '../clock.ts';
import { getConnection } from '../store/connections.ts';
import { listConflicts, type CustomerConflict } from '../store/customer-sync.ts';
import type { Db } from '../store/db.ts';
import { ConflictSettleError, settleConflict } from '../sync/customer/settle-conflict.ts';
import { errors, jobJson, jobSchema, notFound, security } from './admin-common.ts';
import type { AuthEnv } from './auth.ts';
import { errorBody } from './errors.ts';

const fieldValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const conflictSchema = z
    .object({
        id: z.string(),
        accountId: z.string(),
        zohoOrganizationId: z.string(),
        contactId: z.string(),
        /** A contact person's conflict: its Salesforce Contact (null: the customer's own field). */
        salesforceContactId: z.string().nullable(),
        /** A contact person's conflict: the Zoho contact person. */
        contactPersonId: z.string().nullable(),
        zohoField: z.string(),
        salesforceField: z.string(),
        salesforceValue: z.unknown(),
        zohoValue: z.unknown(),
        baselineValue: z.unknown(),
        detectedAt: z.string(),
        resolvedAt: z.string().nullable(),
        resolution: z.unknown()
    })
    .openapi('CustomerConflict');

/** How the settlement's refusals answer: the admin API keeps its generic codes. */
export const SETTLE_STATUS = {
    conflict_not_found: [404, 'not_found'],
    conflict_closed: [409, 'conflict'],
    value_missing: [400, 'validation_failed']
} as const;

export const conflictJson = (c: CustomerConflict) => {
    const { detectedAtMs, resolvedAtMs, ...rest } = c;
    return {
        ...rest,
        detectedAt: new Date(detectedAtMs).toISOString(),
        resolvedAt: resolvedAtMs === null ? null : new Date(resolvedAtMs).toISOString()
    };
};

/** Built when registered: admin.ts imports this file, so its exports are not ready at load. */
const listRoute = () =>
    createRoute({
        method: 'get',
        path: '/connections/{id}/customer-conflicts',
        security,
        request: {
            params: z.object({ id: z.string().max(100) }),
            query: z.object({
                state: z.enum(['open', 'resolved', 'all']).default('open'),
                accountId: z.string().max(18).optional(),
                limit: z.coerce.number().int().min(1).max(500).default(100)
            })
        },
        responses: {
            200: {
                description:
                    'The conflict inbox: concurrent edits of a two-way field of a customer or of one of its contact persons, with both values (nothing was overwritten)',
                content: {
                    'application/json': { schema: z.object({ conflicts: z.array(conflictSchema) }) }
                }
            },
            ...notFound,
            ...errors
        }
    });

const resolveRoute = () =>
    createRoute({
        method: 'post',
        path: '/connections/{id}/customer-conflicts/{conflictId}/resolve',
        security,
        request: {
            params: z.object({
                id: z.string().max(100),
                conflictId: z.string().regex(/^\d{1,18}$/)
            }),
            body: {
                required: true,
                content: {
                    'application/json': {
                        schema: z.strictObject({
                            choose: z.enum(['salesforce', 'zoho', 'value']),
                            /** With `choose: value`: the value both sides get. */
                            value: fieldValue.optional()
                        })
                    }
                }
            }
        },
        responses: {
            202: {
                description:
                    'The conflict is settled: a job writes the chosen value to both sides (the Zoho contact and the Account, or the Zoho contact person and the Contact)',
                content: {
                    'application/json': {
                        schema: z.object({ conflict: conflictSchema, job: jobSchema })
                    }
                }
            },
            409: {
                description: 'The conflict was settled already',
                content: { 'application/json': { schema: z.unknown() } }
            },
            ...notFound,
            ...errors
        }
    });

/**
 * The customer conflict inbox (F2): `GET /v1/admin/connections/:id/customer-conflicts` lists
 * it (`admin:read`); `POST …/customer-conflicts/:conflictId/resolve` (`admin:write`) settles
 * one with the Salesforce value, the Zoho value or a given value, which a job then writes to
 * both sides.
 */
export function registerCustomerRoutes(app: OpenAPIHono<AuthEnv>, deps: { db: Db; clock: Clock }) {
    const now = () => deps.clock.now();
    app.openapi(listRoute(), async (c) => {
        const { id } = c.req.valid('param');
        const { state, accountId, limit } = c.req.valid('query');
        if (!(await getConnection(deps.db, id)))
            return c.json(errorBody('not_found', 'no such connection'), 404);
        const conflicts = await listConflicts(deps.db, id, {
            ...(state === 'all' ? {} : { open: state === 'open' }),
            ...(accountId ? { accountId } : {}),
            limit
        });
        return c.json({ conflicts: conflicts.map(conflictJson) }, 200);
    });
    app.openapi(resolveRoute(), async (c) => {
        const { id, conflictId } = c.req.valid('param');
        const body = c.req.valid('json');
        const choice =
            body.choose === 'value'
                ? { choose: body.choose, value: body.value }
                : { choose: body.choose };
        try {
            const { conflict, job } = await settleConflict(
                { db: deps.db, nowMs: now },
                { connectionId: id, conflictId, choice, correlationId: c.get('correlationId') }
            );
            return c.json({ conflict: conflictJson(conflict), job: jobJson(job) }, 202);
        } catch (error) {
            if (!(error instanceof ConflictSettleError)) throw error;
            const [status, code] = SETTLE_STATUS[error.code as keyof typeof SETTLE_STATUS];
            return c.json(errorBody(code, error.message), status);
        }
    });
}
