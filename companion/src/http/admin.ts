import { OpenAPIHono } from '@hono/zod-openapi';

import type { Clock } from '../clock.ts';
import type { Keyring } from '../security/vault.ts';
import type { Db } from '../store/db.ts';
import type { ReconciliationReader } from '../sync/reconciliation/read.ts';
import { registerConnectionRoutes } from './admin-connections.ts';
import { registerCustomerRoutes } from './admin-customers.ts';
import { registerJobRoutes } from './admin-jobs.ts';
import { registerJournalRoutes } from './admin-journal.ts';
import { registerReconciliationRoutes } from './admin-reconciliation.ts';
import { requireScope, type AuthEnv } from './auth.ts';
import { errorBody } from './errors.ts';
import type { InvoicePreview } from './invoices.ts';

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

    registerConnectionRoutes(app, deps);
    registerJobRoutes(app, deps);
    registerJournalRoutes(app, deps);
    registerCustomerRoutes(app, deps);
    registerReconciliationRoutes(app, deps);
    return app;
}
