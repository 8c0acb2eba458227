import { randomUUID } from 'node:crypto';

import { Hono } from 'hono';

import { errorBody, handleError } from './http/errors.ts';
import { healthRoutes } from './http/health.ts';
import { salesforceEventsRoutes } from './http/salesforce-events.ts';
import type { Logger } from './log.ts';
import type { Keyring } from './security/vault.ts';
import type { Db } from './store/db.ts';
import { EVENTS_PATH } from './contracts/salesforce-events.ts';

export type AppDeps = { db: Db; log: Logger; keyring: Keyring };

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
        await next();
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

    app.notFound((c) =>
        c.json(errorBody('not_found', `no route for ${c.req.method} ${c.req.path}`), 404)
    );
    app.onError((error, c) => handleError(error, c, c.get('log') ?? deps.log));
    return app;
}
