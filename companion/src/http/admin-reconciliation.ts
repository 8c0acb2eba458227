import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';

import { getConnection } from '../store/connections.ts';
import type { Db } from '../store/db.ts';
import type { ReconciliationReader } from '../sync/reconciliation/read.ts';
import { errors, notFound, security } from './admin-common.ts';
import type { AuthEnv } from './auth.ts';
import type { ConnectionEnv } from './connection-auth.ts';
import { errorBody } from './errors.ts';

const sinceSchema = z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a date as YYYY-MM-DD')
    .optional();

const differenceSchema = z.object({
    figure: z.enum(['total', 'tax', 'balance']),
    salesforce: z.number().nullable(),
    zoho: z.number(),
    difference: z.number()
});

const reportSchema = z
    .object({
        since: z.string(),
        organizationId: z.string(),
        summary: z.object({
            zohoInvoices: z.number().int(),
            mirrors: z.number().int(),
            matching: z.number().int(),
            differing: z.number().int(),
            missingInZoho: z.number().int(),
            missingInSalesforce: z.number().int(),
            brokenDealLinks: z.number().int(),
            accountsDiffering: z.number().int()
        }),
        invoices: z.array(
            z.object({
                kind: z.enum([
                    'differs',
                    'missing_in_zoho',
                    'missing_in_salesforce',
                    'broken_deal_link'
                ]),
                zohoInvoiceId: z.string(),
                invoiceNumber: z.string().nullable(),
                opportunityId: z.string().nullable(),
                accountId: z.string().nullable(),
                currency: z.string().nullable(),
                differences: z.array(differenceSchema)
            })
        ),
        accounts: z.array(
            z.object({
                accountId: z.string(),
                currency: z.string(),
                invoices: z.number().int(),
                salesforceTotal: z.number(),
                zohoTotal: z.number(),
                totalDifference: z.number(),
                salesforceTax: z.number(),
                zohoTax: z.number(),
                taxDrift: z.number(),
                differs: z.boolean()
            })
        )
    })
    .openapi('Reconciliation');

/** Built on first use: `admin.ts` mounts this file, and this file reads its shared parts. */
const reconciliationRoute = () =>
    createRoute({
        method: 'get',
        path: '/connections/{id}/reconciliation',
        security,
        request: {
            params: z.object({ id: z.string().max(100) }),
            query: z.object({ since: sinceSchema })
        },
        responses: {
            200: {
                description:
                    "Salesforce's invoice mirrors and won deals against Zoho's invoices dated from `since` (default: the last 90 days): per invoice what differs (total, tax, balance, at the currency's precision) or is missing on either side, and per account and currency the totals and the tax drift.",
                content: { 'application/json': { schema: reportSchema } }
            },
            503: {
                description: 'The companion runs without its flows (no reader)',
                content: { 'application/json': { schema: z.object({ error: z.unknown() }) } }
            },
            ...notFound,
            ...errors
        }
    });

type Deps = { db: Db; reconciliation?: ReconciliationReader | undefined };

/**
 * `GET /v1/admin/connections/:id/reconciliation?since=YYYY-MM-DD` (`admin:read`): the totals
 * reconciliation report of a connection, read from both sides now.
 */
export function registerReconciliationRoutes(app: OpenAPIHono<AuthEnv>, deps: Deps) {
    app.openapi(reconciliationRoute(), async (c) => {
        const { id } = c.req.valid('param');
        const { since } = c.req.valid('query');
        if (!(await getConnection(deps.db, id)))
            return c.json(errorBody('not_found', 'no such connection'), 404);
        if (!deps.reconciliation)
            return c.json(errorBody('unavailable', 'the reconciliation is not running'), 503);
        return c.json(await deps.reconciliation(id, { since }), 200);
    });
}

/**
 * `GET /v1/package/reconciliation?since=YYYY-MM-DD`: the same report for the package's setup
 * page, for its own connection (mounted behind the package door's authentication).
 */
export function packageReconciliation(deps: Deps) {
    return async (c: Context<ConnectionEnv>) => {
        const since = sinceSchema.safeParse(c.req.query('since'));
        if (!since.success)
            return c.json(
                errorBody('validation_failed', 'since must be a date as YYYY-MM-DD'),
                400
            );
        if (!deps.reconciliation)
            return c.json(errorBody('unavailable', 'the reconciliation is not running'), 503);
        return c.json(await deps.reconciliation(c.get('connection').id, { since: since.data }));
    };
}
