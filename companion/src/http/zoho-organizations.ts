import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { Hono } from 'hono';

import type { Keyring } from '../security/vault.ts';
import { getConnection, listZohoOrganizations } from '../store/connections.ts';
import type { Db } from '../store/db.ts';
import { chooseZohoOrganization, zohoOrganizationNames } from '../store/zoho-organizations.ts';
import { errors, notFound, security } from './admin-common.ts';
import type { AuthEnv } from './auth.ts';
import { requireConnection, type ConnectionEnv } from './connection-auth.ts';
import { errorBody } from './errors.ts';

const organizationsSchema = z
    .object({
        organizations: z.array(
            z.object({
                organizationId: z.string(),
                name: z.string().nullable(),
                region: z.string(),
                planName: z.string().nullable(),
                isDefault: z.boolean()
            })
        ),
        chosen: z.string().nullable()
    })
    .openapi('ZohoOrganizations');
type OrganizationsJson = z.infer<typeof organizationsSchema>;

const chooseSchema = z.strictObject({ organizationId: z.string().regex(/^[0-9]{1,20}$/) });

/** The connection's Zoho organizations and which one invoices go to (`chosen`, or null). */
async function organizationsJson(db: Db, connectionId: string): Promise<OrganizationsJson> {
    const names = await zohoOrganizationNames(db, connectionId);
    const organizations = (await listZohoOrganizations(db, connectionId)).map((o) => ({
        organizationId: o.organizationId,
        name: names.get(o.organizationId) ?? null,
        region: o.region,
        planName: o.planName,
        isDefault: o.isDefault
    }));
    return {
        organizations,
        chosen: organizations.find((o) => o.isDefault)?.organizationId ?? null
    };
}

const notJoined = (organizationId: string) =>
    errorBody('not_found', `Zoho organization ${organizationId} is not joined to this connection`);

const path = '/connections/{id}/zoho-organizations';
const params = z.object({ id: z.string().max(100) });
const routes = {
    list: createRoute({
        method: 'get',
        path,
        security,
        request: { params },
        responses: {
            200: {
                description:
                    'The Zoho organizations the connection reaches, and the one invoices go to',
                content: { 'application/json': { schema: organizationsSchema } }
            },
            ...notFound,
            ...errors
        }
    }),
    choose: createRoute({
        method: 'put',
        path: `${path}/default`,
        security,
        request: {
            params,
            body: { required: true, content: { 'application/json': { schema: chooseSchema } } }
        },
        responses: {
            200: {
                description:
                    'The organization is now the one invoices go to; held deals need a "Resync"',
                content: { 'application/json': { schema: organizationsSchema } }
            },
            ...notFound,
            ...errors
        }
    })
};

/**
 * `GET /v1/admin/connections/:id/zoho-organizations` (`admin:read`) and
 * `PUT /v1/admin/connections/:id/zoho-organizations/default` (`admin:write`): which Zoho
 * organization a connection's invoices go to.
 */
export function registerZohoOrganizationRoutes(app: OpenAPIHono<AuthEnv>, deps: { db: Db }) {
    app.openapi(routes.list, async (c) => {
        const { id } = c.req.valid('param');
        if (!(await getConnection(deps.db, id)))
            return c.json(errorBody('not_found', 'no such connection'), 404);
        return c.json(await organizationsJson(deps.db, id), 200);
    });
    app.openapi(routes.choose, async (c) => {
        const { id } = c.req.valid('param');
        const { organizationId } = c.req.valid('json');
        if (!(await getConnection(deps.db, id)))
            return c.json(errorBody('not_found', 'no such connection'), 404);
        if (!(await chooseZohoOrganization(deps.db, id, organizationId)))
            return c.json(notJoined(organizationId), 404);
        c.get('log').info({ connectionId: id, organizationId }, 'zoho organization chosen');
        return c.json(await organizationsJson(deps.db, id), 200);
    });
}

/**
 * `/v1/package/zoho-organizations` (Named Credential headers, the connection's own only): the
 * setup page lists the organizations (`GET`) and chooses one (`PUT /default`).
 */
export function packageZohoOrganizationRoutes(deps: { db: Db; keyring: Keyring }) {
    return new Hono<ConnectionEnv>()
        .use(requireConnection(deps))
        .get('/', async (c) => c.json(await organizationsJson(deps.db, c.get('connection').id)))
        .put('/default', async (c) => {
            const parsed = chooseSchema.safeParse(await c.req.json().catch(() => undefined));
            if (!parsed.success)
                return c.json(
                    errorBody(
                        'validation_failed',
                        'the body must be {"organizationId": "<digits>"}'
                    ),
                    400
                );
            const connectionId = c.get('connection').id;
            const { organizationId } = parsed.data;
            if (!(await chooseZohoOrganization(deps.db, connectionId, organizationId)))
                return c.json(notJoined(organizationId), 404);
            c.get('log').info({ connectionId, organizationId }, 'zoho organization chosen');
            return c.json(await organizationsJson(deps.db, connectionId));
        });
}
