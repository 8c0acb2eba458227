import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createSandboxClock } from '../../sandbox/clock.ts';
import { createTestApp } from '../../test/support/test-app.ts';
import { createTestDb, testBackend, type TestDb } from '../../test/support/test-db.ts';
import { createApiKey } from '../store/api-keys.ts';
import { addZohoOrganization, createConnection } from '../store/connections.ts';
import { claim, enqueue, failJob } from '../store/jobs.ts';

describe(`admin status (${testBackend})`, () => {
    let t: TestDb;
    const clock = createSandboxClock({ startAt: Date.UTC(2026, 10, 25, 9), scale: 0 });

    beforeAll(async () => {
        t = await createTestDb();
    });
    afterAll(async () => {
        await t.drop();
    });
    beforeEach(async () => {
        await t.reset();
    });

    it('reports jobs by state and, per connection, its queue, dead letters and both API budgets', async () => {
        const { app, zohoLimiter, metrics } = createTestApp(t.db, { clock });
        const key = (await createApiKey(t.db, { name: 'r', scopes: ['admin:read'] })).token;
        const acme = await createConnection(t.db, {
            name: 'Acme',
            salesforceOrgId: '00D5g000004ABCDEAQ'
        });
        const idle = await createConnection(t.db, {
            name: 'Idle',
            salesforceOrgId: '00D5g000004ZZZZEAQ'
        });
        await addZohoOrganization(t.db, {
            connectionId: acme.id,
            organizationId: '60001',
            region: 'us'
        });
        for (let i = 0; i < 3; i++)
            await (await zohoLimiter.acquire('60001', 'interactive')).done();
        metrics.salesforceUsage(acme.id, { used: 1200, max: 15000 });
        for (const n of [1, 2])
            await enqueue(t.db, {
                kind: 'invoice.create',
                partitionKey: `p${n}`,
                connectionId: acme.id
            });
        const job = await claim(t.db, { workerId: 'w', leaseMs: 60_000 });
        await failJob(t.db, job!, 'w', { message: 'no', retryable: false });

        const res = await app.request('/v1/admin/status', {
            headers: { authorization: `Bearer ${key}` }
        });
        expect(res.status).toBe(200);
        const body = await res.json();
        expect(body.jobs).toEqual({ queued: 1, running: 0, retrying: 0, done: 0, dead: 1 });
        expect(body.connections).toEqual([
            {
                id: acme.id,
                name: 'Acme',
                status: 'pending',
                queue: { waiting: 1, dead: 1 },
                zoho: [
                    {
                        organizationId: '60001',
                        lastMinute: 3,
                        perMinute: 100,
                        lastDay: 3,
                        perDay: 2000
                    }
                ],
                salesforce: { used: 1200, max: 15000 }
            },
            {
                id: idle.id,
                name: 'Idle',
                status: 'pending',
                queue: { waiting: 0, dead: 0 },
                zoho: [],
                salesforce: null
            }
        ]);
        expect((await app.request('/v1/admin/status')).status).toBe(401);
    });
});
