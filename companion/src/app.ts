import { randomUUID } from 'node:crypto';

import { Hono } from 'hono';

import type { Clock } from './clock.ts';
import { adminRoutes } from './http/admin.ts';
import { registerRevenueRoutes } from './http/admin-revenue.ts';
import { registerStatusRoutes } from './http/admin-status.ts';
import { registerFirstLinkRoutes, type CustomerFirstLink } from './http/admin-first-link.ts';
import { registerLifecycleRoutes } from './http/admin-lifecycle.ts';
import { requireScope } from './http/auth.ts';
import { errorBody, handleError } from './http/errors.ts';
import { packageCustomerRoutes } from './http/package-customers.ts';
import { packageRoutes } from './http/package-api.ts';
import { packageSalesforceRoutes } from './http/package-salesforce.ts';
import { healthRoutes } from './http/health.ts';
import { salesforceEventsRoutes } from './http/salesforce-events.ts';
import {
    registerSalesforceAuthorizeRoute,
    salesforceOAuthRoutes,
    type SalesforceConnect
} from './http/salesforce-oauth.ts';
import { registerSalesforceJwtRoute } from './http/salesforce-jwt.ts';
import { zohoOAuthRoutes } from './http/zoho-oauth.ts';
import {
    packageZohoOrganizationRoutes,
    registerZohoOrganizationRoutes
} from './http/zoho-organizations.ts';
import { SALESFORCE_LOGIN_HOSTS } from './salesforce/oauth.ts';
import { zohoWebhookRoutes } from './http/zoho-webhooks.ts';
import type { Logger } from './log.ts';
import { withCorrelationId } from './correlation.ts';
import type { Metrics } from './metrics.ts';
import type { Keyring } from './security/vault.ts';
import type { Db } from './store/db.ts';
import type { ZohoConnect } from './zoho/connect.ts';
import type { ZohoRateLimiter } from './zoho/rate-limiter.ts';
import { EVENTS_PATH } from './contracts/salesforce-events.ts';
import { invoiceRoutes, type InvoicePreview } from './http/invoices.ts';
import type { ReconciliationReader } from './sync/reconciliation/read.ts';
import { mcpRoutes } from './mcp/http.ts';
import type { McpDeps } from './mcp/server.ts';

export type AppDeps = {
    db: Db;
    log: Logger;
    keyring: Keyring;
    metrics: Metrics;
    clock: Clock;
    zohoConnect: ZohoConnect;
    zohoLimiter: ZohoRateLimiter;
    /** Connecting Salesforce orgs by OAuth (absent: no connected app, authorize answers 503). */
    salesforceConnect?: SalesforceConnect;
    /** Told when events were queued as jobs, so the worker picks them up at once. */
    onJobsQueued?: () => void;
    /** The invoice flow's dry run, behind `POST /v1/invoices/preview` (absent: 503). */
    invoicePreview?: InvoicePreview;
    /** The totals reconciliation, behind the admin and package routes (absent: 503). */
    reconciliation?: ReconciliationReader;
    /** The customer first link and its review queue (absent: 503). */
    customerFirstLink?: CustomerFirstLink;
    /** The job kinds the worker has handlers for; the doors refuse events nothing would run. */
    handledJobKinds?: ReadonlySet<string>;
    /** The package's namespace in the connected orgs (default: sfdx-project.json's; `''`: none). */
    salesforceNamespace?: string;
    /** The MCP tools' clients, limiter and dry run, behind `/mcp` (absent: 503). */
    mcp?: McpDeps;
};

type Env = { Variables: { correlationId: string; log: Logger } };

const CORRELATION_HEADER = 'x-correlation-id';
const CORRELATION_PATTERN = /^[A-Za-z0-9._-]{1,100}$/;

/** Assembles the companion's HTTP surface. Tests call `createApp(deps).request(...)` directly. */
export function createApp(deps: AppDeps) {
    const app = new Hono<Env>();

    app.use(async (c, next) => {
        const offered = c.req.header(CORRELATION_HEADER);
        const correlationId = offered && CORRELATION_PATTERN.test(offered) ? offered : randomUUID();
        const log = deps.log.child({ correlationId });
        c.set('correlationId', correlationId);
        c.set('log', log);
        const started = performance.now();
        // Set before the route answers, so `c.json` builds the response with it. Set after, it
        // would make Hono copy the finished response (on the Node server, build a full fetch
        // Response to learn whether its body was used). A route that returns its own Response
        // object does not carry the prepared headers: that one gets the header added after.
        c.header(CORRELATION_HEADER, correlationId);
        // One line per request, at its end; a route adds what it learnt with `setBindings`.
        await withCorrelationId(correlationId, next);
        if (c.res.headers.get(CORRELATION_HEADER) !== correlationId)
            c.header(CORRELATION_HEADER, correlationId);
        log.info(
            {
                method: c.req.method,
                path: c.req.path,
                status: c.res.status,
                ms: Math.round(performance.now() - started)
            },
            'request'
        );
    });

    app.route('/', healthRoutes(deps));
    app.route(EVENTS_PATH, salesforceEventsRoutes(deps));
    app.route('/v1/zoho/webhooks', zohoWebhookRoutes(deps));
    const salesforceConnect = deps.salesforceConnect ?? {
        client: undefined,
        redirectUri: '',
        loginHosts: SALESFORCE_LOGIN_HOSTS,
        fetch
    };
    app.route('/v1/package/zoho-organizations', packageZohoOrganizationRoutes(deps));
    app.route('/v1/package/salesforce', packageSalesforceRoutes({ ...deps, salesforceConnect }));
    app.route('/v1/package/customers', packageCustomerRoutes(deps));
    app.route('/v1/package', packageRoutes(deps));
    app.route('/v1/invoices', invoiceRoutes(deps));
    app.route('/mcp', mcpRoutes(deps));
    app.route('/v1/oauth/zoho', zohoOAuthRoutes({ ...deps, ...deps.zohoConnect }));
    app.route('/v1/oauth/salesforce', salesforceOAuthRoutes({ ...deps, salesforceConnect }));
    const admin = adminRoutes(deps);
    registerRevenueRoutes(admin, deps);
    registerStatusRoutes(admin, deps);
    registerFirstLinkRoutes(admin, deps);
    registerZohoOrganizationRoutes(admin, deps);
    registerLifecycleRoutes(admin, {
        ...deps,
        zohoOAuth: deps.zohoConnect.oauth,
        fetch: salesforceConnect.fetch
    });
    registerSalesforceAuthorizeRoute(admin, { ...deps, salesforceConnect });
    registerSalesforceJwtRoute(admin, { ...deps, salesforceConnect });
    app.route('/v1/admin', admin);
    admin.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
        type: 'http',
        scheme: 'bearer',
        description: 'An API key from `npm run keys -- create`'
    });
    const openapi = admin.getOpenAPI31Document({
        openapi: '3.1.0',
        info: { title: 'Closebooks companion admin API', version: '1' },
        servers: [{ url: '/v1/admin' }]
    });
    app.get('/openapi.json', (c) => c.json(openapi));
    app.get('/metrics', requireScope(deps.db, 'metrics:read'), async (c) => {
        c.header('content-type', deps.metrics.registry.contentType);
        return c.body(await deps.metrics.registry.metrics());
    });

    app.notFound((c) =>
        c.json(errorBody('not_found', `no route for ${c.req.method} ${c.req.path}`), 404)
    );
    app.onError((error, c) => handleError(error, c, c.get('log') ?? deps.log));
    return app;
}
