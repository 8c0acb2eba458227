import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createSandboxClock } from '../../sandbox/clock.ts';
import { servedSalesforce } from '../../test/support/salesforce-org.ts';
import { createTestApp } from '../../test/support/test-app.ts';
import { freshStore, putEventSecrets } from '../../test/support/store-fixture.ts';
import { createTestDb, testBackend, type TestDb } from '../../test/support/test-db.ts';
import { EVENT_HEADERS } from '../contracts/salesforce-events.ts';
import { generateMasterKey, keyring as makeKeyring } from '../security/vault.ts';

const REDIRECT = 'https://companion.example/v1/oauth/salesforce/callback';
const SECRET = 'secret-of-acme';

describe(`the setup page's Salesforce connection (${testBackend})`, () => {
    let t: TestDb;
    let org: Awaited<ReturnType<typeof servedSalesforce>>;
    const clock = createSandboxClock({ startAt: Date.UTC(2026, 10, 25), scale: 0 });
    const keyring = makeKeyring(generateMasterKey());
    let test: ReturnType<typeof createTestApp>;
    let acme = '';
    let other = '';

    const call = (path: string, init: RequestInit = {}, connectionId = acme, secret = SECRET) =>
        test.app.request(`/v1/package/salesforce${path}`, {
            ...init,
            headers: {
                [EVENT_HEADERS.connection]: connectionId,
                [EVENT_HEADERS.secret]: secret,
                'content-type': 'application/json'
            }
        });
    const authorize = (body: unknown, connectionId = acme, secret = SECRET) =>
        call('/authorize', { method: 'POST', body: JSON.stringify(body) }, connectionId, secret);

    function appWith(client: { id: string; secret: string } | undefined) {
        return createTestApp(t.db, {
            keyring,
            clock,
            salesforceConnect: {
                client,
                redirectUri: REDIRECT,
                loginHosts: { login: org.server.url, test: 'https://test.invalid' },
                fetch
            }
        });
    }

    beforeAll(async () => {
        t = await createTestDb();
        org = await servedSalesforce({ clock });
    });
    afterAll(async () => {
        await org.close();
        await t.drop();
    });
    beforeEach(async () => {
        ({ Acme: acme, Other: other } = await freshStore(t, {
            Acme: org.orgId,
            Other: '00D5g000004ZZZZEAQ'
        }));
        await putEventSecrets(t.db, keyring, { [acme]: SECRET, [other]: 'other-1' });
        test = appWith({ id: org.credentials.client_id, secret: org.credentials.client_secret });
    });

    it('shows the org as not connected before the OAuth flow, then the connected user after it', async () => {
        expect(await (await call('')).json()).toEqual({
            connected: false,
            orgId: org.orgId,
            instanceUrl: null,
            loginUrl: null,
            user: null
        });

        const started = await authorize({ domain: 'login' });
        expect(started.status).toBe(201);
        const { authorizationUrl, expiresAt } = (await started.json()) as {
            authorizationUrl: string;
            expiresAt: string;
        };
        const url = new URL(authorizationUrl);
        expect(url.origin).toBe(org.server.url);
        expect(url.searchParams.get('code_challenge_method')).toBe('S256');
        expect(url.searchParams.get('redirect_uri')).toBe(REDIRECT);
        expect(Date.parse(expiresAt)).toBeGreaterThan(clock.now());

        const consented = await fetch(authorizationUrl, { redirect: 'manual' });
        const back = new URL(consented.headers.get('location') ?? '');
        const done = await test.app.request(`${back.pathname}${back.search}`);
        expect(done.status).toBe(200);

        expect(await (await call('')).json()).toEqual({
            connected: true,
            orgId: org.orgId,
            instanceUrl: org.server.url,
            loginUrl: org.server.url,
            user: {
                userId: expect.stringMatching(/^005/),
                username: expect.stringContaining('@'),
                displayName: expect.any(String),
                connectedAt: new Date(clock.now()).toISOString()
            }
        });
        // The other connection's view is untouched: each page sees its own org only.
        expect(await (await call('', {}, other, 'other-1')).json()).toMatchObject({
            connected: false,
            user: null
        });
    });

    it('starts on the test login host when the page chooses a sandbox', async () => {
        const started = await authorize({ domain: 'test' });
        expect(started.status).toBe(201);
        const { authorizationUrl } = (await started.json()) as { authorizationUrl: string };
        expect(new URL(authorizationUrl).origin).toBe('https://test.invalid');
        const states = await t.db.query<{ connection_id: string }>(
            'SELECT connection_id FROM oauth_states'
        );
        expect(states).toEqual([{ connection_id: acme }]);
    });

    it('refuses a domain other than login, test or a My Domain, and a client from the page', async () => {
        expect((await authorize({ domain: 'https://evil.example' })).status).toBe(400);
        expect(
            (
                await authorize({
                    domain: 'login',
                    clientId: 'x'.repeat(30),
                    clientSecret: 'y'.repeat(20)
                })
            ).status
        ).toBe(400);
        const states = await t.db.query('SELECT 1 FROM oauth_states');
        expect(states).toHaveLength(0);
    });

    it('answers 503 not_configured when the companion has no connected app', async () => {
        test = appWith(undefined);
        const res = await authorize({ domain: 'login' });
        expect(res.status).toBe(503);
        expect(await res.json()).toMatchObject({ error: { code: 'not_configured' } });
    });

    it('refuses a caller without the connection secret', async () => {
        expect((await call('', {}, acme, 'wrong')).status).toBe(401);
        expect((await authorize({ domain: 'login' }, acme, 'wrong')).status).toBe(401);
    });
});
