import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createSandboxClock } from '../../sandbox/clock.ts';
import { createTestDb, testBackend, type TestDb } from '../../test/support/test-db.ts';
import { zohoHarness } from '../../test/support/zoho-client.ts';
import { generateMasterKey, keyring } from '../security/vault.ts';
import { createConnection } from '../store/connections.ts';
import { getSecret } from '../store/secrets.ts';
import { createZohoRateLimiter } from './rate-limiter.ts';
import { limitsForPlan, MINUTE_MS } from './rate-policy.ts';
import { createZohoTokens, vaultRefreshTokens } from './tokens.ts';

describe(`Zoho client with a database (${testBackend})`, () => {
    let t: TestDb;

    beforeAll(async () => {
        t = await createTestDb();
    });
    beforeEach(async () => {
        await t.reset();
    });
    afterAll(async () => {
        await t.drop();
    });

    /**
     * Simulated time flows `scale` times faster than real time. At 60 a minute is one real
     * second, slow enough that the limiter (a database round trip per call) sets the pace; at
     * 600 the round trips alone keep calls under the limit.
     */
    it.each([{ scale: 60 }, { scale: 600 }])(
        'finishes 500 queued calls against a 100-per-minute simulator with zero 429s (scale $scale)',
        async ({ scale }) => {
            const clock = createSandboxClock({ scale });
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
                `500 calls at scale ${scale}: ${wallMs} ms wall, ${simMinutes.toFixed(2)} simulated minutes, busiest minute ${busiest} calls\n`
            );
        }
    );

    it('refreshes with the refresh token sealed in the vault and saves a rotated one', async () => {
        const h = zohoHarness();
        const ring = keyring(generateMasterKey());
        const connection = await createConnection(t.db, {
            name: 'Acme',
            salesforceOrgId: '00D000000000001AAA'
        });
        const provider = vaultRefreshTokens(t.db, ring);
        const ref = { ...h.ref, connectionId: connection.id };
        await provider.save(ref, h.creds.refresh_token);
        const tokens = createZohoTokens({
            oauth: h.oauth,
            refreshTokens: provider,
            clock: h.clock
        });
        expect(await tokens.forOrganization(ref).accessToken()).toMatch(/^1000\./);
        const rotating = createZohoTokens({
            oauth: {
                refresh: async (input) => ({
                    ...(await h.oauth.refresh(input)),
                    refreshToken: '1000.rotated.token'
                })
            },
            refreshTokens: provider,
            clock: h.clock
        });
        // A second process uses the access token the first kept in the vault: no refresh.
        const first = await tokens.forOrganization(ref).accessToken();
        expect(await rotating.forOrganization(ref).accessToken()).toBe(first);
        expect(
            await getSecret(t.db, ring, {
                connectionId: connection.id,
                kind: 'zoho_refresh_token',
                scope: ref.organizationId
            })
        ).toBe(h.creds.refresh_token);
        // Near its expiry, it refreshes, and saves the refresh token Zoho rotated.
        h.clock.advance(56 * 60_000);
        await rotating.forOrganization(ref).accessToken();
        const stored = await getSecret(t.db, ring, {
            connectionId: connection.id,
            kind: 'zoho_refresh_token',
            scope: ref.organizationId
        });
        expect(stored).toBe('1000.rotated.token');
        const elsewhere = { ...ref, organizationId: '700000099' };
        await expect(tokens.forOrganization(elsewhere).accessToken()).rejects.toMatchObject({
            code: 'zoho_refresh_token_invalid'
        });
    });
});
