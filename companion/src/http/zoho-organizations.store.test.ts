import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createSandboxClock } from '../../sandbox/clock.ts';
import { createZohoSandbox } from '../../sandbox/zoho/zoho-sandbox.ts';
import { createTestApp } from '../../test/support/test-app.ts';
import { freshStore, putEventSecrets, TEST_ORG_ID } from '../../test/support/store-fixture.ts';
import { createTestDb, testBackend, type TestDb } from '../../test/support/test-db.ts';
import { EVENT_HEADERS } from '../contracts/salesforce-events.ts';
import { generateMasterKey, keyring as makeKeyring } from '../security/vault.ts';
import { createApiKey } from '../store/api-keys.ts';
import { listZohoOrganizations } from '../store/connections.ts';
import { createZohoConnect } from '../zoho/connect.ts';
import { createPlanLimits } from '../zoho/plans.ts';
import { createZohoRateLimiter } from '../zoho/rate-limiter.ts';
import { endpointTable } from '../zoho/regions.ts';

const SECRET = 'event-secret-of-the-connection';
const REDIRECT = 'https://companion.example/v1/oauth/zoho/callback';
const endpoints = endpointTable((region) => ({
    accountsUrl: `http://localhost/dc/${region}/accounts`,
    apiDomain: `http://localhost/dc/${region}/api`
}));

describe(`choosing the Zoho organization invoices go to (${testBackend})`, () => {
    let t: TestDb;
    let connectionId = '';
    let adminKey = '';
    const keyring = makeKeyring(generateMasterKey());
    const clock = createSandboxClock({ startAt: Date.UTC(2026, 10, 25), scale: 0 });
    const zoho = createZohoSandbox({ clock });
    // One Zoho user with two organizations: Zoho marks the first as the user's default.
    const main = zoho.createOrg({
        name: 'Acme Inc',
        user_email: 'owner@acme.example',
        redirect_uris: [REDIRECT]
    });
    const second = zoho.createOrg({
        name: 'Acme GmbH',
        user_email: 'owner@acme.example',
        client_id: main.client_id,
        plan: 'premium'
    });
    let app: ReturnType<typeof createTestApp>['app'];

    const packageHeaders = () => ({
        [EVENT_HEADERS.connection]: connectionId,
        [EVENT_HEADERS.secret]: SECRET
    });
    async function connectZoho() {
        const started = await app.request('/v1/oauth/zoho/start', {
            method: 'POST',
            headers: packageHeaders()
        });
        const { authorizationUrl } = (await started.json()) as { authorizationUrl: string };
        const consent = await zoho.fetch(authorizationUrl, { redirect: 'manual' });
        const callback = new URL(consent.headers.get('location') ?? '');
        const done = await app.request(`${callback.pathname}${callback.search}`);
        expect(done.status).toBe(200);
    }
    const admin = (path: string, init: { method?: string; body?: unknown } = {}) =>
        app.request(`/v1/admin/connections/${connectionId}/zoho-organizations${path}`, {
            method: init.method ?? 'GET',
            headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
            ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) })
        });

    beforeAll(async () => {
        t = await createTestDb();
    });
    afterAll(async () => {
        await t.drop();
    });
    beforeEach(async () => {
        connectionId = (await freshStore(t, { Acme: TEST_ORG_ID })).Acme;
        await putEventSecrets(t.db, keyring, { [connectionId]: SECRET });
        adminKey = (
            await createApiKey(t.db, { name: 'ops', scopes: ['admin:read', 'admin:write'] })
        ).token;
        const limiter = createZohoRateLimiter({
            db: t.db,
            clock,
            limitsFor: createPlanLimits({ db: t.db, clock })
        });
        const zohoConnect = createZohoConnect({
            client: { id: main.client_id, secret: main.client_secret },
            redirectUri: REDIRECT,
            endpoints,
            limiter,
            clock,
            fetch: zoho.fetch,
            log: pino({ level: 'silent' })
        });
        app = createTestApp(t.db, { keyring, clock, zohoConnect }).app;
    });

    it('joins every organization of the user and preselects the one Zoho marks as default', async () => {
        await connectZoho();
        const res = await admin('');
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({
            chosen: main.organization_id,
            organizations: [
                {
                    organizationId: main.organization_id,
                    name: 'Acme Inc',
                    region: 'us',
                    planName: 'Standard',
                    isDefault: true
                },
                {
                    organizationId: second.organization_id,
                    name: 'Acme GmbH',
                    region: 'us',
                    planName: 'Premium',
                    isDefault: false
                }
            ]
        });
    });

    it('changes the choice from the admin API, and a reconnect keeps it', async () => {
        await connectZoho();
        const chosen = await admin('/default', {
            method: 'PUT',
            body: { organizationId: second.organization_id }
        });
        expect(chosen.status).toBe(200);
        expect(((await chosen.json()) as { chosen: string }).chosen).toBe(second.organization_id);

        await connectZoho();
        const orgs = await listZohoOrganizations(t.db, connectionId);
        expect(orgs.filter((o) => o.isDefault).map((o) => o.organizationId)).toEqual([
            second.organization_id
        ]);
    });

    it('refuses an organization the connection does not reach, and changes nothing', async () => {
        await connectZoho();
        const res = await admin('/default', { method: 'PUT', body: { organizationId: '123' } });
        expect(res.status).toBe(404);
        expect(((await (await admin('')).json()) as { chosen: string }).chosen).toBe(
            main.organization_id
        );
        const bad = await admin('/default', { method: 'PUT', body: { organizationId: 'x; drop' } });
        expect(bad.status).toBe(400);
    });

    it('lets the package list and choose through its Named Credential, for its own connection only', async () => {
        await connectZoho();
        const listed = await app.request('/v1/package/zoho-organizations', {
            headers: packageHeaders()
        });
        expect(listed.status).toBe(200);
        expect(((await listed.json()) as { organizations: unknown[] }).organizations).toHaveLength(
            2
        );
        const chosen = await app.request('/v1/package/zoho-organizations/default', {
            method: 'PUT',
            headers: { ...packageHeaders(), 'content-type': 'application/json' },
            body: JSON.stringify({ organizationId: second.organization_id })
        });
        expect(chosen.status).toBe(200);
        expect(((await chosen.json()) as { chosen: string }).chosen).toBe(second.organization_id);

        const stranger = await app.request('/v1/package/zoho-organizations', {
            headers: { ...packageHeaders(), [EVENT_HEADERS.secret]: 'wrong' }
        });
        expect(stranger.status).toBe(401);
    });
});
