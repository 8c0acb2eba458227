import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createSandboxClock } from '../../sandbox/clock.ts';
import { createZohoSandbox } from '../../sandbox/zoho/zoho-sandbox.ts';
import { createTestApp } from '../../test/support/test-app.ts';
import { freshStore, putEventSecrets, TEST_ORG_ID } from '../../test/support/store-fixture.ts';
import { createTestDb, testBackend, type TestDb } from '../../test/support/test-db.ts';
import { EVENT_HEADERS } from '../contracts/salesforce-events.ts';
import { generateMasterKey, keyring as makeKeyring } from '../security/vault.ts';
import { getConnection, listZohoOrganizations } from '../store/connections.ts';
import { getSecret } from '../store/secrets.ts';
import { createZohoConnect } from '../zoho/connect.ts';
import { createPlanLimits } from '../zoho/plans.ts';
import { createZohoRateLimiter, type ZohoRateLimiter } from '../zoho/rate-limiter.ts';
import { limitsForPlan } from '../zoho/rate-policy.ts';
import { endpointTable } from '../zoho/regions.ts';

const SECRET = 'event-secret-of-the-connection';
const endpoints = endpointTable((region) => ({
    accountsUrl: `http://localhost/dc/${region}/accounts`,
    apiDomain: `http://localhost/dc/${region}/api`
}));

describe(`connecting Zoho Books through OAuth (${testBackend})`, () => {
    let t: TestDb;
    let connectionId = '';
    const keyring = makeKeyring(generateMasterKey());
    const clock = createSandboxClock({ startAt: Date.UTC(2026, 10, 25), scale: 0 });
    const zoho = createZohoSandbox({ clock });
    const creds = zoho.createOrg({
        plan: 'professional',
        redirect_uris: ['https://companion.example/v1/oauth/zoho/callback']
    });
    let app: ReturnType<typeof createTestApp>['app'];
    let limiter: ZohoRateLimiter;

    const start = (headers: Record<string, string> = {}) =>
        app.request('/v1/oauth/zoho/start', {
            method: 'POST',
            headers: {
                [EVENT_HEADERS.connection]: connectionId,
                [EVENT_HEADERS.secret]: SECRET,
                ...headers
            }
        });

    /** Follows the consent URL through the simulator (which consents at once) to our callback. */
    async function consent(authorizationUrl: string): Promise<URL> {
        const res = await zoho.fetch(authorizationUrl, { redirect: 'manual' });
        expect(res.status).toBe(302);
        return new URL(res.headers.get('location') ?? '');
    }

    beforeAll(async () => {
        t = await createTestDb();
    });
    afterAll(async () => {
        await t.drop();
    });
    beforeEach(async () => {
        connectionId = (await freshStore(t, { Acme: TEST_ORG_ID })).Acme;
        await putEventSecrets(t.db, keyring, { [connectionId]: SECRET });
        limiter = createZohoRateLimiter({
            db: t.db,
            clock,
            limitsFor: createPlanLimits({ db: t.db, clock })
        });
        const zohoConnect = createZohoConnect({
            client: { id: creds.client_id, secret: creds.client_secret },
            redirectUri: 'https://companion.example/v1/oauth/zoho/callback',
            endpoints,
            limiter,
            clock,
            fetch: zoho.fetch,
            log: pino({ level: 'silent' })
        });
        app = createTestApp(t.db, { keyring, clock, zohoConnect }).app;
    });

    it('joins the Zoho organization, seals its refresh token and activates the connection', async () => {
        const started = await start();
        expect(started.status).toBe(201);
        const { authorizationUrl } = await started.json();
        const callback = await consent(authorizationUrl);
        expect(callback.pathname).toBe('/v1/oauth/zoho/callback');

        const done = await app.request(`${callback.pathname}${callback.search}`);
        expect(done.status).toBe(200);
        expect(await done.text()).toContain('Zoho Books is connected');
        expect((await getConnection(t.db, connectionId))?.status).toBe('active');
        const orgs = await listZohoOrganizations(t.db, connectionId);
        expect(orgs).toEqual([
            expect.objectContaining({
                organizationId: creds.organization_id,
                region: 'us',
                isDefault: true,
                // Read from the organization's field settings: this one has neither field yet.
                keyFields: { invoice: false, contact: false, checkedAt: expect.any(Date) },
                planName: 'Professional'
            })
        ]);
        // From now on the limiter keeps the organization to its plan's quota, not the free plan's.
        expect((await limiter.usage(creds.organization_id)).limits).toEqual(
            limitsForPlan('professional')
        );
        const token = await getSecret(t.db, keyring, {
            connectionId,
            kind: 'zoho_refresh_token',
            scope: creds.organization_id
        });
        expect(token).toMatch(/^1000\./);

        const replay = await app.request(`${callback.pathname}${callback.search}`);
        expect(replay.status).toBe(400);
        expect(await replay.text()).toContain('expired or was already used');
    });

    it('revokes the refresh token a reconnect replaces', async () => {
        const connect = async () => {
            const { authorizationUrl } = await (await start()).json();
            const callback = await consent(authorizationUrl);
            expect((await app.request(`${callback.pathname}${callback.search}`)).status).toBe(200);
            return getSecret(t.db, keyring, {
                connectionId,
                kind: 'zoho_refresh_token',
                scope: creds.organization_id
            });
        };
        const refresh = async (token: string | undefined) => {
            const res = await zoho.fetch(`${creds.accounts_url}/oauth/v2/token`, {
                method: 'POST',
                headers: { 'content-type': 'application/x-www-form-urlencoded' },
                body: new URLSearchParams({
                    grant_type: 'refresh_token',
                    refresh_token: token ?? '',
                    client_id: creds.client_id,
                    client_secret: creds.client_secret
                }).toString()
            });
            return (await res.json()) as Record<string, unknown>;
        };
        const first = await connect();
        const second = await connect();
        expect(second).not.toBe(first);
        expect(await refresh(first)).toEqual({ error: 'invalid_code' });
        expect(await refresh(second)).toHaveProperty('access_token');
    });

    it('refuses a callback whose accounts server is not a Zoho data centre, and joins nothing', async () => {
        const { authorizationUrl } = await (await start()).json();
        const callback = await consent(authorizationUrl);
        callback.searchParams.set('accounts-server', 'https://accounts.zoho.com.evil.example');
        const res = await app.request(`${callback.pathname}${callback.search}`);
        expect(res.status).toBe(400);
        expect(await listZohoOrganizations(t.db, connectionId)).toEqual([]);
        expect((await getConnection(t.db, connectionId))?.status).toBe('pending');
    });

    it.each([
        {
            name: 'a wrong secret',
            headers: { [EVENT_HEADERS.secret]: 'nope' } as Record<string, string>,
            status: 401
        },
        {
            name: 'an unknown connection',
            headers: { [EVENT_HEADERS.connection]: 'nope' } as Record<string, string>,
            status: 404
        }
    ])('refuses to start for $name', async ({ headers, status }) => {
        expect((await start(headers)).status).toBe(status);
    });

    it('answers 503 to a start when no Zoho client is configured', async () => {
        app = createTestApp(t.db, { keyring, clock }).app;
        expect((await start()).status).toBe(503);
    });
});
