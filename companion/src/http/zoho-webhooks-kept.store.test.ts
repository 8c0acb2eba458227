import { Hono } from 'hono';
import { pino } from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';

import { createSandboxClock } from '../../sandbox/clock.ts';
import { freshStore, TEST_ORG_ID } from '../../test/support/store-fixture.ts';
import { testBackend, useTestDb } from '../../test/support/test-db.ts';
import type { Logger } from '../log.ts';
import { createMetrics } from '../metrics.ts';
import { generateMasterKey, keyring as makeKeyring } from '../security/vault.ts';
import {
    addZohoOrganization,
    createConnection,
    setConnectionStatus
} from '../store/connections.ts';
import type { Db } from '../store/db.ts';
import { listJobs } from '../store/jobs-admin.ts';
import { putSecret } from '../store/secrets.ts';
import { WEBHOOK_TOKEN_HEADER, zohoWebhookRoutes } from './zoho-webhooks.ts';

const OLD_SECRET = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6';
const NEW_SECRET = 'f6e5d4c3b2a1f6e5d4c3b2a1f6e5d4c3';

/**
 * The door keeps the facts it read of a connection. Another process (the CLI, another companion)
 * may change them behind its back, so these tests change them straight in the store.
 */
describe(`the Zoho webhook door's kept connection facts (${testBackend})`, () => {
    const t = useTestDb();
    const ring = makeKeyring(generateMasterKey());
    const clock = createSandboxClock({ startAt: Date.UTC(2026, 10, 2), scale: 0 });
    let connectionId = '';
    let reads = 0;
    let invoice = 460000000054000;

    /** The door alone, on a store that counts the reads it makes (not its writes). */
    function door(keptConnections?: number) {
        const counted: Db = {
            ...t.db,
            query: (sql, params, options) => {
                if (!sql.includes('INSERT INTO inbox')) reads += 1;
                return t.db.query(sql, params, options);
            }
        };
        const log = pino({ level: 'silent' });
        return new Hono<{ Variables: { correlationId: string; log: Logger } }>()
            .use(async (c, next) => {
                c.set('correlationId', 'kept-test');
                c.set('log', log.child({}));
                await next();
            })
            .route(
                '/',
                zohoWebhookRoutes({
                    db: counted,
                    keyring: ring,
                    clock,
                    metrics: createMetrics({ db: t.db, clock }),
                    ...(keptConnections ? { keptConnections } : {})
                })
            );
    }

    async function send(
        app: ReturnType<typeof door>,
        secret: string,
        options: { connection?: string; organization?: string } = {}
    ) {
        invoice += 1;
        const query = options.organization ? `?organization_id=${options.organization}` : '';
        return app.request(`/${options.connection ?? connectionId}${query}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', [WEBHOOK_TOKEN_HEADER]: secret },
            body: JSON.stringify({ invoice: { invoice_id: String(invoice) } })
        });
    }

    async function stored(): Promise<number> {
        const [row] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM inbox');
        return row?.n ?? 0;
    }

    beforeEach(async () => {
        ({ Acme: connectionId } = await freshStore(t, { Acme: TEST_ORG_ID }));
        await putSecret(t.db, ring, { connectionId, kind: 'webhook_secret' }, OLD_SECRET);
        await addZohoOrganization(t.db, { connectionId, organizationId: '111', region: 'us' });
        reads = 0;
    });

    it('reads a connection once for webhooks arriving one after another, not once each', async () => {
        const app = door();
        for (let i = 0; i < 5; i += 1) expect((await send(app, OLD_SECRET)).status).toBe(200);
        expect(await stored()).toBe(5);
        expect(reads).toBe(1);
    });

    it('refuses the secret rotated away behind its back and takes the new one', async () => {
        const app = door();
        expect((await send(app, OLD_SECRET)).status).toBe(200);
        await putSecret(t.db, ring, { connectionId, kind: 'webhook_secret' }, NEW_SECRET);

        expect((await send(app, OLD_SECRET)).status).toBe(401);
        expect((await send(app, NEW_SECRET)).status).toBe(200);
        expect((await send(app, OLD_SECRET)).status).toBe(401);
        expect(await stored()).toBe(2);
    });

    it('answers 404 once the connection is removed, and 403 while it is disabled', async () => {
        const app = door();
        expect((await send(app, OLD_SECRET)).status).toBe(200);
        await setConnectionStatus(t.db, connectionId, 'disabled');
        expect((await send(app, OLD_SECRET)).status).toBe(403);
        await setConnectionStatus(t.db, connectionId, 'active');
        expect((await send(app, OLD_SECRET)).status).toBe(200);
        await t.db.query('DELETE FROM connections WHERE id = $1', [connectionId]);

        expect((await send(app, OLD_SECRET)).status).toBe(404);
        expect(await stored()).toBe(0);
    });

    it('files a webhook under an organization added after the facts were kept', async () => {
        const app = door();
        expect((await send(app, OLD_SECRET, { organization: '222' })).status).toBe(200);
        await addZohoOrganization(t.db, { connectionId, organizationId: '222', region: 'us' });

        expect((await send(app, OLD_SECRET, { organization: '222' })).status).toBe(200);
        const organizations = (await listJobs(t.db)).map(
            (job) => (job.payload as { organizationId: string }).organizationId
        );
        expect(organizations.sort()).toEqual(['111', '222']);
    });

    it('keeps the facts of at most as many connections as it is told', async () => {
        const other = (
            await createConnection(t.db, { name: 'Bolt', salesforceOrgId: '00D5g000004BOLTSAQ' })
        ).id;
        await putSecret(t.db, ring, { connectionId: other, kind: 'webhook_secret' }, NEW_SECRET);
        await addZohoOrganization(t.db, {
            connectionId: other,
            organizationId: '333',
            region: 'us'
        });
        const app = door(1);

        for (const [connection, secret] of [
            [connectionId, OLD_SECRET],
            [other, NEW_SECRET],
            [connectionId, OLD_SECRET],
            [connectionId, OLD_SECRET]
        ] as const)
            expect((await send(app, secret, { connection })).status).toBe(200);
        expect(reads).toBe(3);
    });
});
