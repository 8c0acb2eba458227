import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createSandboxClock } from '../../sandbox/clock.ts';
import { createTestDb, testBackend, type TestDb } from '../../test/support/test-db.ts';
import { zohoHarness } from '../../test/support/zoho-client.ts';
import { migrate } from '../store/migrate.ts';
import { createZohoRateLimiter } from './rate-limiter.ts';
import { limitsForPlan, MINUTE_MS } from './rate-policy.ts';

/** Sandbox minutes pass this many times faster than real ones: 1 minute = 1 real second, slow enough
 * that the limiter (a database round trip per call) is the one setting the pace.. */
const SCALE = 60;

describe(`Zoho client pacing (${testBackend})`, () => {
    let t: TestDb;

    beforeAll(async () => {
        t = await createTestDb();
        await migrate(t.db);
    });
    afterAll(async () => {
        await t.drop();
    });

    it('finishes 500 queued calls against a 100-per-minute simulator with zero 429s', async () => {
        const clock = createSandboxClock({ scale: SCALE });
        const limiter = createZohoRateLimiter({
            db: t.db,
            clock,
            limitsFor: () => limitsForPlan('standard')
        });
        const h = zohoHarness({
            clock,
            limiter,
            limits: { requestsPerMinute: 100, concurrentPaid: 10 }
        });
        const startReal = performance.now();
        const startSim = clock.now();
        const results = await Promise.all(
            Array.from({ length: 500 }, () => h.client.currencies.list())
        );
        const wallMs = Math.round(performance.now() - startReal);
        const simMinutes = (clock.now() - startSim) / MINUTE_MS;

        const books = h.requests.filter((r) => r.url.pathname.includes('/books/v3/'));
        const statuses = books.map((r) => r.status);
        expect(results).toHaveLength(500);
        expect(statuses.filter((s) => s === 429)).toEqual([]);
        expect(statuses.filter((s) => s === 200)).toHaveLength(500);
        expect(h.sandbox.limits.requestsPerMinute).toBe(100);
        const times = books.map((r) => r.at);
        const busiest = Math.max(
            ...times.map((t) => times.filter((u) => u > t - MINUTE_MS && u <= t).length)
        );
        process.stdout.write(
            `500 calls at scale ${SCALE}: ${wallMs} ms wall, ${simMinutes.toFixed(2)} simulated minutes, busiest minute ${busiest} calls\n`
        );
    });
});
