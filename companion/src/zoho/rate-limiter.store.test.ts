import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createTestDb, testBackend, type TestDb } from '../../test/support/test-db.ts';
import type { Clock } from '../clock.ts';
import { createZohoRateLimiter, RateDeferredError, type RateAlert } from './rate-limiter.ts';
import { limitsForPlan, MINUTE_MS } from './rate-policy.ts';

/** Virtual time: sleeping moves the clock at once, so an hour of pacing runs in milliseconds. */
function virtualClock(start = 1_800_000_000_000): Clock & { slept: number } {
    let now = start;
    const clock = {
        slept: 0,
        now: () => now,
        sleep: async (ms: number) => {
            now += Math.max(0, ms);
            clock.slept += Math.max(0, ms);
        }
    };
    return clock;
}

function maxInAnyMinute(times: number[]): number {
    return Math.max(...times.map((t) => times.filter((u) => u > t - MINUTE_MS && u <= t).length));
}

describe(`Zoho rate limiter (${testBackend})`, () => {
    let t: TestDb;
    const limits = limitsForPlan('professional');

    beforeAll(async () => {
        t = await createTestDb();
    });
    afterAll(async () => {
        await t.drop();
    });
    beforeEach(async () => {
        await t.reset();
    });

    it('paces 300 job calls under the per-minute limit less the reserve, close to the floor', async () => {
        const clock = virtualClock();
        const limiter = createZohoRateLimiter({ db: t.db, clock, limitsFor: () => limits });
        const times: number[] = [];
        for (let i = 0; i < 300; i++) {
            const permit = await limiter.acquire('org1', 'job');
            times.push(clock.now());
            await permit.done({ status: 201 });
        }
        expect(maxInAnyMinute(times)).toBe(96);
        // 300 calls at 96 a minute need three full windows after the first burst.
        expect(clock.now() - times[0]!).toBeLessThan(4 * MINUTE_MS);
        expect(clock.now() - times[0]!).toBeGreaterThan(3 * MINUTE_MS);
    });

    it('lets an interactive call through the reserve while jobs wait', async () => {
        const clock = virtualClock();
        const limiter = createZohoRateLimiter({ db: t.db, clock, limitsFor: () => limits });
        for (let i = 0; i < 96; i++) await (await limiter.acquire('org1', 'job')).done();
        const before = clock.now();
        await (await limiter.acquire('org1', 'interactive')).done();
        expect(clock.now()).toBe(before);
        await (await limiter.acquire('org1', 'job')).done();
        expect(clock.now()).toBeGreaterThan(before + MINUTE_MS - 1_000);
    });

    it('shares one budget between two processes on the same database', async () => {
        const clock = virtualClock();
        const a = createZohoRateLimiter({ db: t.db, clock, limitsFor: () => limits });
        const b = createZohoRateLimiter({ db: t.db, clock, limitsFor: () => limits });
        const times: number[] = [];
        for (let i = 0; i < 150; i++) {
            const permit = await (i % 2 === 0 ? a : b).acquire('org1', 'job');
            times.push(clock.now());
            await permit.done();
        }
        expect(maxInAnyMinute(times)).toBeLessThanOrEqual(96);
    });

    it('reports every finished call, with its status, to onCall', async () => {
        const calls: [string, number | undefined][] = [];
        const limiter = createZohoRateLimiter({
            db: t.db,
            clock: virtualClock(),
            limitsFor: () => limits,
            onCall: (organizationId, outcome) => calls.push([organizationId, outcome.status])
        });
        await (await limiter.acquire('org1', 'job')).done({ status: 201, zohoCode: 0 });
        await (await limiter.acquire('org2', 'interactive')).done({});
        const permit = await limiter.acquire('org1', 'job');
        await permit.done({ status: 200 });
        await permit.done({ status: 200 });
        expect(calls).toEqual([
            ['org1', 201],
            ['org2', undefined],
            ['org1', 200]
        ]);
    });

    it('stops calling a blocked organization after a 429 and raises an alert', async () => {
        const clock = virtualClock();
        const alerts: RateAlert[] = [];
        const limiter = createZohoRateLimiter({
            db: t.db,
            clock,
            limitsFor: () => limits,
            onAlert: (a) => alerts.push(a)
        });
        await (await limiter.acquire('org1', 'job')).done({ status: 429, zohoCode: 44 });
        const blockedAt = clock.now();
        await (await limiter.acquire('org1', 'interactive')).done();
        expect(clock.now() - blockedAt).toBeGreaterThanOrEqual(MINUTE_MS);
        expect(alerts).toEqual([
            expect.objectContaining({ organizationId: 'org1', kind: 'rate_limited' })
        ]);
        // Other organizations are not affected.
        const other = clock.now();
        await (await limiter.acquire('org2', 'job')).done();
        expect(clock.now()).toBe(other);
    });

    it('alerts once when the daily quota passes 80%, and learns what Zoho says remains', async () => {
        const clock = virtualClock();
        const alerts: RateAlert[] = [];
        const small = { perMinute: 100, perDay: 20, concurrency: 5 };
        const limiter = createZohoRateLimiter({
            db: t.db,
            clock,
            limitsFor: () => small,
            policy: { reservePerMinute: 0, reservePerDay: 0 },
            onAlert: (a) => alerts.push(a)
        });
        for (let i = 0; i < 17; i++) await (await limiter.acquire('org1', 'job')).done();
        expect(alerts.map((a) => a.kind)).toEqual(['daily_quota_80']);

        // Zoho says only one call remains today (another app on the organization used the rest).
        await (
            await limiter.acquire('org1', 'job')
        ).done({ headers: new Headers({ 'x-rate-limit-remaining': '1' }) });
        const before = clock.now();
        await (await limiter.acquire('org1', 'job')).done();
        expect(clock.now()).toBe(before);
        await (await limiter.acquire('org1', 'job')).done();
        expect(clock.now()).toBeGreaterThan(before + 60 * MINUTE_MS);
    });

    it('keeps no more calls in flight than the plan allows', async () => {
        const clock = virtualClock();
        const limiter = createZohoRateLimiter({
            db: t.db,
            clock,
            limitsFor: () => ({ ...limits, concurrency: 2 })
        });
        const first = await limiter.acquire('org1', 'job');
        await limiter.acquire('org1', 'job');
        let thirdStarted = false;
        const third = limiter.acquire('org1', 'job').then((p) => {
            thirdStarted = true;
            return p;
        });
        await new Promise((r) => setTimeout(r, 50));
        expect(thirdStarted).toBe(false);
        await first.done();
        await (await third).done();
        expect(thirdStarted).toBe(true);
    });

    it('answers a job "not before" instead of a long wait, and still lets interactive calls wait', async () => {
        const clock = virtualClock();
        const limiter = createZohoRateLimiter({
            db: t.db,
            clock,
            limitsFor: () => limits,
            deferJobsBeyondMs: 2_000
        });
        const start = clock.now();
        for (let i = 0; i < 96; i++) await (await limiter.acquire('org1', 'job')).done();
        const refused = await limiter.acquire('org1', 'job').catch((e: unknown) => e);
        expect(refused).toBeInstanceOf(RateDeferredError);
        expect(refused).toMatchObject({
            code: 'zoho_rate_deferred',
            retryAtMs: start + MINUTE_MS + 1,
            waitMs: start + MINUTE_MS + 1 - clock.now()
        });
        expect(clock.slept).toBe(0);
        expect((await limiter.usage('org1')).lastMinute).toBe(96);
        // The refusal left no call in flight: the concurrency cap is not eaten by deferrals.
        for (let i = 0; i < 4; i++) await (await limiter.acquire('org1', 'interactive')).done();
        await (await limiter.acquire('org1', 'interactive')).done();
        expect(clock.now()).toBe(start + MINUTE_MS + 1);
        // A wait shorter than the threshold is still waited out.
        const shortly = clock.now();
        await t.db.query('DELETE FROM zoho_api_calls');
        await t.db.query(
            `INSERT INTO zoho_api_calls (organization_id, at_ms, priority)
             SELECT 'org1', $1::bigint - ${MINUTE_MS} + 1000 + g, 'job' FROM generate_series(1, 96) g`,
            [shortly]
        );
        await (await limiter.acquire('org1', 'job')).done();
        expect(clock.now() - shortly).toBe(1_002);
    });
});
