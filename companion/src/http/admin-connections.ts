import { randomBytes } from 'node:crypto';

import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';

import type { Keyring } from '../security/vault.ts';
import {
    createConnection,
    getConnection,
    getSalesforceIdentity,
    listConnections,
    listZohoOrganizations,
    type Connection
} from '../store/connections.ts';
import type { Db } from '../store/db.ts';
import { putSecret } from '../store/secrets.ts';
import { keyFieldNotices } from '../zoho/key-fields.ts';
import { connectionPost, errors, errorSchema, notFound, security } from './admin-common.ts';
import type { AuthEnv } from './auth.ts';
import { errorBody } from './errors.ts';
import type { InvoicePreview } from './invoices.ts';

const connectionSchema = z
    .object({
        id: z.string(),
        name: z.string(),
        salesforceOrgId: z.string(),
        salesforceInstanceUrl: z.string().nullable(),
        status: z.enum(['pending', 'active', 'disabled']),
        createdAt: z.string()
    })
    .openapi('Connection');

const connectionJson = (c: Connection) => ({ ...c, createdAt: c.createdAt.toISOString() });

const routes = {
    listConnections: createRoute({
        method: 'get',
        path: '/connections',
        security,
        responses: {
            200: {
                description: 'Every connection',
                content: {
                    'application/json': {
                        schema: z.object({ connections: z.array(connectionSchema) })
                    }
                }
            },
            ...errors
        }
    }),
    createConnection: createRoute({
        method: 'post',
        path: '/connections',
        security,
        request: {
            body: {
                // Without `required`, a request that is not JSON skips validation altogether.
                required: true,
                content: {
                    'application/json': {
                        schema: z.strictObject({
                            name: z.string().min(1).max(120),
                            salesforceOrgId: z
                                .string()
                                .regex(/^[A-Za-z0-9]{18}$/, 'an 18-character org id'),
                            salesforceInstanceUrl: z.url({ protocol: /^https?$/ }).optional()
                        })
                    }
                }
            }
        },
        responses: {
            201: {
                description:
                    'Created. `eventSecret` goes into the package External Credential, `webhookSecret` into the Zoho webhooks; neither is shown again',
                content: {
                    'application/json': {
                        schema: z.object({
                            connection: connectionSchema,
                            eventSecret: z.string(),
                            webhookSecret: z.string()
                        })
                    }
                }
            },
            409: {
                description: 'The org is already connected',
                content: { 'application/json': { schema: errorSchema } }
            },
            ...errors
        }
    }),
    getConnection: createRoute({
        method: 'get',
        path: '/connections/{id}',
        security,
        request: { params: z.object({ id: z.string().max(100) }) },
        responses: {
            200: {
                description: 'One connection with its Zoho organizations',
                content: {
                    'application/json': {
                        schema: z.object({
                            connection: connectionSchema,
                            salesforce: z
                                .object({
                                    instanceUrl: z.string().nullable(),
                                    loginUrl: z.string().nullable(),
                                    clientId: z.string().nullable(),
                                    user: z
                                        .object({
                                            userId: z.string(),
                                            username: z.string().nullable(),
                                            displayName: z.string().nullable(),
                                            connectedAt: z.string()
                                        })
                                        .nullable()
                                })
                                .openapi('SalesforceLink'),
                            zohoOrganizations: z.array(
                                z.object({
                                    organizationId: z.string(),
                                    region: z.string(),
                                    isDefault: z.boolean(),
                                    keyFields: z
                                        .object({
                                            invoice: z.boolean(),
                                            contact: z.boolean(),
                                            checkedAt: z.string()
                                        })
                                        .nullable(),
                                    notices: z.array(z.string())
                                })
                            )
                        })
                    }
                }
            },
            ...notFound,
            ...errors
        }
    }),
    previewInvoice: createRoute({
        ...connectionPost(
            'invoices/preview',
            z.strictObject({
                opportunityId: z
                    .string()
                    .regex(/^006[A-Za-z0-9]{15}$/, 'an 18-character Opportunity id')
            })
        ),
        responses: {
            200: {
                description:
                    'The dry run of the invoice flow for one deal: the plan (or why it would be held), the exact Zoho request and the Salesforce write-back. Nothing is written.',
                content: {
                    'application/json': {
                        schema: z
                            .object({
                                plan: z.looseObject({
                                    kind: z.enum(['ready', 'held']),
                                    opportunityId: z.string()
                                }),
                                request: z.record(z.string(), z.unknown()).nullable(),
                                writeback: z.array(
                                    z.looseObject({
                                        op: z.enum(['update', 'upsert', 'create']),
                                        sobject: z.string()
                                    })
                                )
                            })
                            .openapi('InvoicePreview')
                    }
                }
            },
            503: {
                description: 'The invoice flow is not running in this process',
                content: { 'application/json': { schema: errorSchema } }
            },
            ...notFound,
            ...errors
        }
    })
};

/**
 * `/v1/admin/connections`: list, create (with its event and webhook secrets) and read
 * connections, and the invoice dry run of one deal.
 */
export function registerConnectionRoutes(
    app: OpenAPIHono<AuthEnv>,
    deps: { db: Db; keyring: Keyring; invoicePreview?: InvoicePreview | undefined }
) {
    app.openapi(routes.listConnections, async (c) =>
        c.json({ connections: (await listConnections(deps.db)).map(connectionJson) }, 200)
    );
    app.openapi(routes.createConnection, async (c) => {
        const input = c.req.valid('json');
        const eventSecret = randomBytes(32).toString('base64url');
        // Zoho accepts 12–50 alphanumeric characters as a webhook secret (reference §7.2).
        const webhookSecret = randomBytes(20).toString('hex');
        try {
            const connection = await deps.db.transaction(async (tx) => {
                const created = await createConnection(tx, input);
                await putSecret(
                    tx,
                    deps.keyring,
                    { connectionId: created.id, kind: 'event_secret' },
                    eventSecret
                );
                await putSecret(
                    tx,
                    deps.keyring,
                    { connectionId: created.id, kind: 'webhook_secret' },
                    webhookSecret
                );
                return created;
            });
            const body = { connection: connectionJson(connection), eventSecret, webhookSecret };
            return c.json(body, 201);
        } catch (error) {
            if ((error as { code?: string }).code === 'connection_exists') {
                return c.json(errorBody('conflict', (error as Error).message), 409);
            }
            throw error;
        }
    });
    app.openapi(routes.getConnection, async (c) => {
        const connection = await getConnection(deps.db, c.req.valid('param').id);
        if (!connection) return c.json(errorBody('not_found', 'no such connection'), 404);
        const zohoOrganizations = (await listZohoOrganizations(deps.db, connection.id)).map(
            (o) => ({
                organizationId: o.organizationId,
                region: o.region,
                isDefault: o.isDefault,
                keyFields: o.keyFields
                    ? { ...o.keyFields, checkedAt: o.keyFields.checkedAt.toISOString() }
                    : null,
                notices: keyFieldNotices(o.keyFields)
            })
        );
        const user = await getSalesforceIdentity(deps.db, connection.id);
        const salesforce = {
            instanceUrl: connection.salesforceInstanceUrl,
            loginUrl: connection.salesforceLoginUrl,
            clientId: connection.salesforceClientId,
            user: user ? { ...user, connectedAt: user.connectedAt.toISOString() } : null
        };
        return c.json(
            { connection: connectionJson(connection), salesforce, zohoOrganizations },
            200
        );
    });
    app.openapi(routes.previewInvoice, async (c) => {
        const { id } = c.req.valid('param');
        const { opportunityId } = c.req.valid('json');
        if (!(await getConnection(deps.db, id)))
            return c.json(errorBody('not_found', 'no such connection'), 404);
        if (!deps.invoicePreview)
            return c.json(errorBody('unavailable', 'the invoice flow is not running'), 503);
        const preview = await deps.invoicePreview(id, opportunityId);
        return c.json(
            {
                plan: preview.plan,
                request: preview.request as Record<string, unknown> | null,
                writeback: preview.writeback
            },
            200
        );
    });
}
