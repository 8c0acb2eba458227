import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';

import type { Clock } from '../clock.ts';
import { getConnection } from '../store/connections.ts';
import {
    closeConflict,
    getConflict,
    listConflicts,
    type CustomerConflict
} from '../store/customer-sync.ts';
import type { Db } from '../store/db.ts';
import { enqueue } from '../store/jobs.ts';
import { CONFLICT_RESOLVE_JOB } from '../sync/customer/resolve.ts';
import { errors, jobJson, jobSchema, notFound, security } from './admin.ts';
import type { AuthEnv } from './auth.ts';
import { errorBody } from './errors.ts';

const fieldValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const conflictSchema = z
    .object({
        id: z.string(),
        accountId: z.string(),
        zohoOrganizationId: z.string(),
        contactId: z.string(),
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

const conflictJson = (c: CustomerConflict) => {
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
                    'The conflict inbox: concurrent edits of a two-way customer field, with both values (nothing was overwritten)',
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
                    'The conflict is settled: a job writes the chosen value to the Zoho contact and the Account',
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
        const conflict = await getConflict(deps.db, id, conflictId);
        if (!conflict) return c.json(errorBody('not_found', 'no such conflict'), 404);
        if (body.choose === 'value' && body.value === undefined)
            return c.json(errorBody('validation_failed', 'choose: value needs a value'), 400);
        const value =
            body.choose === 'salesforce'
                ? conflict.salesforceValue
                : body.choose === 'zoho'
                  ? conflict.zohoValue
                  : body.value;
        const settled = await deps.db.transaction(async (tx) => {
            const closed = await closeConflict(
                tx,
                id,
                conflictId,
                { choose: body.choose, value: value ?? null },
                now()
            );
            if (!closed) return undefined;
            return enqueue(tx, {
                kind: CONFLICT_RESOLVE_JOB,
                partitionKey: `zoho:${conflict.zohoOrganizationId}`,
                connectionId: id,
                payload: { conflictId },
                dedupeKey: `customer-conflict:${id}:${conflictId}`,
                maxAttempts: 5,
                correlationId: c.get('correlationId')
            });
        });
        if (!settled) return c.json(errorBody('conflict', 'the conflict was settled already'), 409);
        const after = (await getConflict(deps.db, id, conflictId))!;
        return c.json({ conflict: conflictJson(after), job: jobJson(settled.job) }, 202);
    });
}
