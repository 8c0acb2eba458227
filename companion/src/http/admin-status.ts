import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';

import type { Metrics } from '../metrics.ts';
import { listConnections, listZohoOrganizations } from '../store/connections.ts';
import type { Db } from '../store/db.ts';
import { countJobsByState } from '../store/jobs-admin.ts';
import type { ZohoRateLimiter } from '../zoho/rate-limiter.ts';
import { errors, security } from './admin-common.ts';
import type { AuthEnv } from './auth.ts';

const countsSchema = z.object({
    queued: z.number().int(),
    running: z.number().int(),
    retrying: z.number().int(),
    done: z.number().int(),
    dead: z.number().int()
});

export const statusSchema = z
    .object({
        jobs: countsSchema,
        connections: z.array(
            z.object({
                id: z.string(),
                name: z.string(),
                status: z.enum(['pending', 'active', 'disabled']),
                queue: z.object({ waiting: z.number().int(), dead: z.number().int() }),
                zoho: z.array(
                    z.object({
                        organizationId: z.string(),
                        lastMinute: z.number().int(),
                        perMinute: z.number().int(),
                        lastDay: z.number().int(),
                        perDay: z.number().int()
                    })
                ),
                salesforce: z.object({ used: z.number(), max: z.number() }).nullable()
            })
        )
    })
    .openapi('Status');

const route = createRoute({
    method: 'get',
    path: '/status',
    security,
    responses: {
        200: {
            description:
                "Jobs by state; per connection its waiting jobs (queued, retrying, running), dead letters, each Zoho organization's calls against its limits (last minute, last 24 hours), and the Salesforce daily API usage its last response reported (null before the first)",
            content: { 'application/json': { schema: statusSchema } }
        },
        ...errors
    }
});

type Deps = { db: Db; metrics: Metrics; zohoLimiter: ZohoRateLimiter };

async function salesforceUsage(metrics: Metrics) {
    const usage = new Map<string, { used: number; max: number }>();
    for (const { labels, value } of (await metrics.salesforceApiUsage.get()).values) {
        const connection = String(labels.connection);
        const entry = usage.get(connection) ?? { used: 0, max: 0 };
        entry[labels.kind === 'max' ? 'max' : 'used'] = value;
        usage.set(connection, entry);
    }
    return usage;
}

/** `GET /v1/admin/status` (`admin:read`): what `npx closebooks status` shows. */
export function registerStatusRoutes(app: OpenAPIHono<AuthEnv>, deps: Deps) {
    app.openapi(route, async (c) => {
        const queues = await deps.db.query<{
            connection_id: string;
            waiting: number;
            dead: number;
        }>(
            `SELECT connection_id,
                    count(*) FILTER (WHERE state IN ('queued', 'retrying', 'running'))::int AS waiting,
                    count(*) FILTER (WHERE state = 'dead')::int AS dead
             FROM jobs WHERE connection_id IS NOT NULL GROUP BY connection_id`
        );
        const byConnection = new Map(queues.map((q) => [q.connection_id, q]));
        const salesforce = await salesforceUsage(deps.metrics);
        const connections = [];
        for (const connection of await listConnections(deps.db)) {
            const zoho = [];
            for (const org of await listZohoOrganizations(deps.db, connection.id)) {
                const usage = await deps.zohoLimiter.usage(org.organizationId);
                zoho.push({
                    organizationId: org.organizationId,
                    lastMinute: usage.lastMinute,
                    perMinute: usage.limits.perMinute,
                    lastDay: usage.lastDay,
                    perDay: usage.limits.perDay
                });
            }
            const queue = byConnection.get(connection.id);
            connections.push({
                id: connection.id,
                name: connection.name,
                status: connection.status,
                queue: { waiting: queue?.waiting ?? 0, dead: queue?.dead ?? 0 },
                zoho,
                salesforce: salesforce.get(connection.id) ?? null
            });
        }
        return c.json({ jobs: await countJobsByState(deps.db), connections }, 200);
    });
}
