import { describe, expect, it } from 'vitest';

import { errorResponseSchema } from '../../src/zoho/schemas/responses.ts';
import { createSandboxClock } from '../clock.ts';
import type { SandboxLimits } from './limits.ts';
import { booksClient } from './test-client.ts';
import { createZohoSandbox } from './zoho-sandbox.ts';

function setUp(plan: 'free' | 'standard' = 'standard', limits: Partial<SandboxLimits> = {}) {
    const clock = createSandboxClock({ startAt: Date.UTC(2026, 0, 15, 10), scale: 0 });
    const sandbox = createZohoSandbox({ clock, limits });
    const creds = sandbox.createOrg({ plan });
    return { sandbox, creds, zoho: booksClient(sandbox, creds) };
}

describe('zoho sandbox rate limits', () => {
    it('answers the 101st request within a minute with 429 code 44 and no Retry-After', async () => {
        const { sandbox, zoho } = setUp();
        for (let i = 0; i < 100; i += 1) {
            sandbox.clock.advance(500);
            expect((await zoho.get('/contacts')).status).toBe(200);
        }
        const refused = await zoho.get('/contacts');
        expect(refused.status).toBe(429);
        expect(errorResponseSchema.parse(refused.body).code).toBe(44);
        expect(refused.headers.get('retry-after')).toBeNull();
        // The window slides: the first request (at +0.5 s) leaves it once 60 s have passed.
        sandbox.clock.advance(10_499);
        expect((await zoho.get('/contacts')).body.code).toBe(44);
        sandbox.clock.advance(2);
        expect((await zoho.get('/contacts')).status).toBe(200);
    });

    it('blocks the whole organization but not another one', async () => {
        const { sandbox, zoho } = setUp();
        for (let i = 0; i < 100; i += 1) await zoho.get('/contacts');
        expect((await zoho.get('/invoices')).body.code).toBe(44);
        const other = booksClient(sandbox, sandbox.createOrg());
        expect((await other.get('/invoices')).status).toBe(200);
    });

    it('answers 429 code 45 once the plan’s daily quota is spent, until the next day', async () => {
        // Long-lived tokens keep this test about the quota.
        const { sandbox, zoho } = setUp('free', { accessTokenTtlMs: 3 * 86_400_000 });
        for (let i = 0; i < 1000; i += 1) {
            if (i % 100 === 0) sandbox.clock.advance(60_000);
            const res = await zoho.get('/contacts');
            if (res.status !== 200)
                throw new Error(`request ${i + 1} refused: ${JSON.stringify(res.body)}`);
            if (i === 999) expect(res.headers.get('x-rate-limit-remaining')).toBe('0');
        }
        sandbox.clock.advance(60_000);
        const refused = await zoho.get('/contacts');
        expect(refused).toMatchObject({ status: 429, body: { code: 45 } });
        sandbox.clock.set(Date.UTC(2026, 0, 16, 0, 0, 1));
        expect((await zoho.get('/contacts')).status).toBe(200);
    });

    it('reports the daily quota in X-Rate-Limit headers', async () => {
        const { zoho } = setUp('standard');
        const res = await zoho.get('/contacts');
        expect([
            res.headers.get('x-rate-limit-limit'),
            res.headers.get('x-rate-limit-remaining')
        ]).toEqual(['2000', '1999']);
        // 10:00 UTC → 14 hours to midnight.
        expect(res.headers.get('x-rate-limit-reset')).toBe(String(14 * 3600));
    });

    it('answers 429 code 1070 beyond the concurrent-request cap', async () => {
        const { sandbox, creds, zoho } = setUp('free');
        // Five requests hang in flight (a timeout fault) until we abort them.
        sandbox.setFault({ kind: 'timeout', times: 5 });
        const stop = new AbortController();
        const url = `${creds.api_domain}/books/v3/contacts?organization_id=${creds.organization_id}`;
        const init = {
            headers: { authorization: `Zoho-oauthtoken ${creds.access_token}` },
            signal: stop.signal
        };
        const held = Array.from({ length: 5 }, () =>
            sandbox.fetch(url, init).catch((e: unknown) => e)
        );
        const usage = async () =>
            (await (
                await sandbox.app.request(`/_sandbox/orgs/${creds.organization_id}/usage`)
            ).json()) as { inFlight: number };
        while ((await usage()).inFlight < 5) await new Promise((r) => setImmediate(r));
        const refused = await zoho.get('/contacts');
        expect(refused).toMatchObject({ status: 429, body: { code: 1070 } });
        stop.abort();
        await Promise.all(held);
        expect((await usage()).inFlight).toBe(0);
        expect((await zoho.get('/contacts')).status).toBe(200);
    });

    it('takes its limits from options', async () => {
        const sandbox = createZohoSandbox({ limits: { requestsPerMinute: 3 } });
        const zoho = booksClient(sandbox, sandbox.createOrg());
        const statuses = [];
        for (let i = 0; i < 4; i += 1) statuses.push((await zoho.get('/contacts')).status);
        expect(statuses).toEqual([200, 200, 200, 429]);
    });
});
