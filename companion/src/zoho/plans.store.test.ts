import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createTestDb, testBackend, type TestDb } from '../../test/support/test-db.ts';
import type { Clock } from '../clock.ts';
import { addZohoOrganization, createConnection } from '../store/connections.ts';
import { createPlanLimits } from './plans.ts';
import { createZohoRateLimiter, RateDeferredError } from './rate-limiter.ts';
import { MINUTE_MS } from './rate-policy.ts';

const NOW = 1_800_000_000_000;

describe(`Zoho limits by plan (${testBackend})`, () => {
    let t: TestDb;
    let connectionId: string;
    let now: number;
    const clock: Clock = { now: () => now, sleep: async () => undefined };

    beforeAll(async () => {
        t = await createTestDb();
    });
    afterAll(async () => {
        await t.drop();
    });
    beforeEach(async () => {
        await t.reset();
        now = NOW;
        connectionId = (
            await createConnection(t.db, { name: 'Acme', salesforceOrgId: '00D5g000004ABCDEAQ' })
        ).id;
    });

    /** The organization made `calls` job calls over the last hour, none in the last minute. */
    async function usedToday(organizationId: string, calls: number): Promise<void> {
        await t.db.query(
            `INSERT INTO zoho_api_calls (organization_id, at_ms, priority)
             SELECT $1, $2::bigint - 60 * ${MINUTE_MS} + g, 'job' FROM generate_series(1, $3::int) g`,
            [organizationId, NOW, calls]
        );
    }

    function limiter(limitsFor = createPlanLimits({ db: t.db, clock })) {
        return createZohoRateLimiter({ db: t.db, clock, limitsFor, deferJobsBeyondMs: 2_000 });
    }

    it('keeps each organization to its own plan, and an unknown plan to the free floor', async () => {
        await addZohoOrganization(t.db, {
            connectionId,
            organizationId: '111',
            region: 'us',
            planName: 'Standard'
        });
        await addZohoOrganization(t.db, { connectionId, organizationId: '222', region: 'us' });
        await usedToday('111', 1_100);
        await usedToday('222', 1_100);
        const zoho = limiter();

        // 1,100 calls today: within Standard's 2,000, past the free plan's 1,000 (less reserve).
        await (await zoho.acquire('111', 'job')).done();
        const refused = await zoho.acquire('222', 'job').catch((e: unknown) => e);
        expect(refused).toBeInstanceOf(RateDeferredError);
        expect((refused as RateDeferredError).message).toContain('day limit');
        expect((await zoho.usage('111')).limits.perDay).toBe(2_000);
        expect((await zoho.usage('222')).limits.perDay).toBe(1_000);
    });

    it('follows a plan read again at a reconnect once the cached one is stale', async () => {
        await addZohoOrganization(t.db, {
            connectionId,
            organizationId: '111',
            region: 'us',
            planName: 'Free'
        });
        const zoho = limiter(createPlanLimits({ db: t.db, clock, ttlMs: 60_000 }));
        expect((await zoho.usage('111')).limits.perDay).toBe(1_000);

        await addZohoOrganization(t.db, {
            connectionId,
            organizationId: '111',
            region: 'us',
            planName: 'Premium'
        });
        expect((await zoho.usage('111')).limits.perDay).toBe(1_000);
        now += 60_000;
        expect((await zoho.usage('111')).limits.perDay).toBe(10_000);
        // A reconnect that reads no plan keeps the one known.
        await addZohoOrganization(t.db, { connectionId, organizationId: '111', region: 'us' });
        now += 60_000;
        expect((await zoho.usage('111')).limits.perDay).toBe(10_000);
    });
});
