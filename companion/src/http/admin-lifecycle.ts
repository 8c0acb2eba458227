import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';

import type { Clock } from '../clock.ts';
import {
    deleteConnection,
    disableConnection,
    enableConnection,
    RevokeFailedError,
    type LifecycleDeps
} from '../lifecycle/connection-lifecycle.ts';
import type { Connection } from '../store/connections.ts';
import { getConnection, zohoRegions } from '../store/connections.ts';
import { issueOAuthState, STATE_TTL_MS } from '../store/oauth-states.ts';
import { errors, errorSchema, notFound, security } from './admin-common.ts';
import type { AuthEnv } from './auth.ts';
import { errorBody } from './errors.ts';

const params = z.object({ id: z.string().max(100) });
const statusSchema = z
    .object({ id: z.string(), status: z.enum(['pending', 'active', 'disabled']) })
    .openapi('ConnectionStatus');
const tallySchema = z.object({ revoked: z.number().int(), alreadyInvalid: z.number().int() });

const statusRoute = (action: 'disable' | 'enable', description: string) =>
    createRoute({
        method: 'post',
        path: `/connections/{id}/${action}`,
        security,
        request: { params },
        responses: {
            200: {
                description,
                content: { 'application/json': { schema: z.object({ connection: statusSchema }) } }
            },
            ...notFound,
            ...errors
        }
    });

const routes = {
    disable: statusRoute(
        'disable',
        'Disabled: its jobs stay queued and are not claimed; events, webhooks and package calls answer 403 `connection_disabled`'
    ),
    enable: statusRoute(
        'enable',
        'Enabled again: active (pending when no Zoho organization is joined)'
    ),
    zohoAuthorize: createRoute({
        method: 'post',
        path: '/connections/{id}/zoho/authorize',
        security,
        request: {
            params,
            query: z.object({ region: z.enum(zohoRegions).optional() })
        },
        responses: {
            201: {
                description:
                    'Re-authorizing Zoho Books: the consent URL (a new consent, `prompt=consent`); the callback seals the new refresh token and revokes the ones it replaces',
                content: {
                    'application/json': {
                        schema: z.object({ authorizationUrl: z.string(), expiresAt: z.string() })
                    }
                }
            },
            503: {
                description: 'ZOHO_CLIENT_ID and ZOHO_CLIENT_SECRET are not set',
                content: { 'application/json': { schema: errorSchema } }
            },
            ...notFound,
            ...errors
        }
    }),
    remove: createRoute({
        method: 'delete',
        path: '/connections/{id}',
        security,
        request: {
            params,
            query: z.object({ force: z.enum(['true', 'false']).optional() })
        },
        responses: {
            200: {
                description:
                    'Deleted: the Zoho and Salesforce refresh tokens revoked, then the secrets and every row of the connection removed',
                content: {
                    'application/json': {
                        schema: z.object({
                            deleted: z.literal(true),
                            zoho: tallySchema,
                            salesforce: tallySchema,
                            failures: z.array(z.string())
                        })
                    }
                }
            },
            502: {
                description:
                    'A refresh token could not be revoked; nothing was deleted (the connection is left disabled). `?force=true` deletes anyway',
                content: { 'application/json': { schema: errorSchema } }
            },
            ...notFound,
            ...errors
        }
    })
};

const statusJson = (c: Connection) => ({ connection: { id: c.id, status: c.status } });
const missing = errorBody('not_found', 'no such connection');

/**
 * The connection lifecycle under `/v1/admin` (`admin:write`): disable, enable, re-authorize Zoho
 * Books (Salesforce: `POST /connections/{id}/salesforce/authorize` again), and delete.
 */
export function registerLifecycleRoutes(
    app: OpenAPIHono<AuthEnv>,
    deps: LifecycleDeps & { clock: Clock }
) {
    app.openapi(routes.disable, async (c) => {
        const { id } = c.req.valid('param');
        const connection = await disableConnection(deps.db, id);
        if (!connection) return c.json(missing, 404);
        c.get('log').info({ connectionId: id }, 'connection disabled');
        return c.json(statusJson(connection), 200);
    });
    app.openapi(routes.enable, async (c) => {
        const { id } = c.req.valid('param');
        const connection = await enableConnection(deps.db, id);
        if (!connection) return c.json(missing, 404);
        c.get('log').info({ connectionId: id, status: connection.status }, 'connection enabled');
        return c.json(statusJson(connection), 200);
    });
    app.openapi(routes.zohoAuthorize, async (c) => {
        const { id } = c.req.valid('param');
        if (!(await getConnection(deps.db, id))) return c.json(missing, 404);
        if (!deps.zohoOAuth)
            return c.json(
                errorBody('not_configured', 'ZOHO_CLIENT_ID and ZOHO_CLIENT_SECRET are not set'),
                503
            );
        const now = deps.clock.now();
        const state = await issueOAuthState(deps.db, id, now);
        const authorizationUrl = deps.zohoOAuth.authorizationUrl({
            state,
            region: c.req.valid('query').region
        });
        return c.json(
            { authorizationUrl, expiresAt: new Date(now + STATE_TTL_MS).toISOString() },
            201
        );
    });
    app.openapi(routes.remove, async (c) => {
        const { id } = c.req.valid('param');
        try {
            const outcome = await deleteConnection(deps, id, {
                force: c.req.valid('query').force === 'true'
            });
            if (!outcome) return c.json(missing, 404);
            return c.json({ deleted: true as const, ...outcome }, 200);
        } catch (error) {
            if (error instanceof RevokeFailedError)
                return c.json(errorBody(error.code, error.message, error.failures), 502);
            throw error;
        }
    });
}
