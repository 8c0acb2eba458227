import { randomBytes } from 'node:crypto';

import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';

import type { Clock } from '../clock.ts';
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
import { getJob, listJobs, retryDeadJob, type Job } from '../store/jobs.ts';
import { putSecret } from '../store/secrets.ts';
import { keyFieldNotices } from '../zoho/key-fields.ts';
import { registerCustomerRoutes } from './admin-customers.ts';
import { registerJournalRoutes } from './admin-journal.ts';
import { registerReconciliationRoutes } from './admin-reconciliation.ts';
import { requireScope, type AuthEnv } from './auth.ts';
import type { InvoicePreview } from './invoices.ts';
import type { ReconciliationReader } from '../sync/reconciliation/read.ts';
import { errorBody } from './errors.ts';

export const errorSchema = z
    .object({
        error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() })
    })
    .openapi('Error');

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

const connectionJson = (c: Connection) => ({ ...c, createdAt: c.createdAt.toISOString() });
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
    listJobs: createRoute({
        method: 'get',
        path: '/jobs',
        security,
        request: {
            query: z.object({
                state: z.enum(['queued', 'running', 'retrying', 'done', 'dead']).optional(),
                connectionId: z.string().max(100).optional(),
                limit: limitQuery
            })
        },
        responses: {
            200: {
                description: 'Jobs, newest first; `state=dead` lists the dead letters',
                content: { 'application/json': { schema: z.object({ jobs: z.array(jobSchema) }) } }
            },
            ...errors
        }
    }),
    retryJob: createRoute({
        method: 'post',
        path: '/jobs/{id}/retry',
        security,
        request: { params: z.object({ id: z.string().regex(/^\d{1,18}$/) }) },
        responses: {
            200: {
                description: 'The dead job, queued again with fresh attempts',
                content: { 'application/json': { schema: z.object({ job: jobSchema }) } }
            },
            409: {
                description: 'The job is not dead',
                content: { 'application/json': { schema: errorSchema } }
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
 * `/v1/admin`: connections, jobs and dead letters, the journal. Every route needs an API key
 * (`npm run keys -- create`); reads need `admin:read`, changes `admin:write`.
 */
export function adminRoutes(deps: {
    db: Db;
    clock: Clock;
    keyring: Keyring;
    invoicePreview?: InvoicePreview | undefined;
    reconciliation?: ReconciliationReader | undefined;
}) {
    const app = new OpenAPIHono<AuthEnv>({
        defaultHook: (result, c) => {
            if (!result.success) {
                const details = result.error.issues.map((i) => ({
                    path: i.path.join('.'),
                    message: i.message
                }));
                return c.json(
                    errorBody('validation_failed', 'the request is not valid', details),
                    400
                );
            }
        }
    });
    const read = requireScope(deps.db, 'admin:read');
    const write = requireScope(deps.db, 'admin:write');
    // Reads need admin:read: GETs, and the dry runs (invoice preview, customer first link),
    // POSTs only to carry a body or a query.
    // Everything else changes state and needs admin:write.
    const readOnly = (c: { req: { method: string; path: string; query(k: string): unknown } }) =>
        c.req.method === 'GET' ||
        /\/invoices\/preview$/.test(c.req.path) ||
        (/\/customers\/first-link$/.test(c.req.path) && c.req.query('dryRun') !== 'false');
    app.use('*', (c, next) => (readOnly(c) ? read(c, next) : write(c, next)));

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
    app.openapi(routes.listJobs, async (c) =>
        c.json({ jobs: (await listJobs(deps.db, c.req.valid('query'))).map(jobJson) }, 200)
    );
    app.openapi(routes.retryJob, async (c) => {
        const { id } = c.req.valid('param');
        const job = await getJob(deps.db, id);
        if (!job) return c.json(errorBody('not_found', `no job ${id}`), 404);
        if (job.state !== 'dead')
            return c.json(errorBody('conflict', `job ${id} is ${job.state}, not dead`), 409);
        return c.json({ job: jobJson(await retryDeadJob(deps.db, id)) }, 200);
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
    registerJournalRoutes(app, deps);
    registerCustomerRoutes(app, deps);
    registerReconciliationRoutes(app, deps);
    return app;
}
