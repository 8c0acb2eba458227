import { Hono } from 'hono';

import type { Db } from '../store/db.ts';
import { isMigrated } from '../store/migrate.ts';

/**
 * `/healthz` says the process is up (for restarts); `/readyz` says it can do work: the database
 * answers and has every migration this code ships (for load balancers).
 */
export function healthRoutes(deps: { db: Db }) {
    return new Hono()
        .get('/healthz', (c) => c.json({ status: 'ok' }))
        .get('/readyz', async (c) => {
            try {
                await deps.db.query('SELECT 1');
            } catch {
                return c.json({ status: 'unavailable', database: 'unreachable' }, 503);
            }
            const migrated = await isMigrated(deps.db).catch(() => false);
            if (!migrated)
                return c.json({ status: 'unavailable', database: 'migrations pending' }, 503);
            return c.json({ status: 'ready', database: deps.db.kind });
        });
}
