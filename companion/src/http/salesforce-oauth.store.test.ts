import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { createSandboxClock } from '../../sandbox/clock.ts';
import { servedSalesforce } from '../../test/support/salesforce-org.ts';
import { createTestApp } from '../../test/support/test-app.ts';
import { createTestDb, testBackend, type TestDb } from '../../test/support/test-db.ts';
import { queryAll } from '../salesforce/query.ts';
import { soql } from '../salesforce/soql.ts';
import { generateMasterKey, keyring as makeKeyring } from '../security/vault.ts';
import { createApiKey } from '../store/api-keys.ts';
import { createConnection } from '../store/connections.ts';
import { issueOAuthState } from '../store/oauth-states.ts';
import { getSecret } from '../store/secrets.ts';
import { createConnectionClients } from '../sync/clients.ts';

const REDIRECT = 'https://companion.example/v1/oauth/salesforce/callback';

describe(`connecting Salesforce through OAuth with PKCE (${testBackend})`, () => {
    let t: TestDb;
    let org: Awaited<ReturnType<typeof servedSalesforce>>;
    const clock = createSandboxClock({ startAt: Date.UTC(2026, 10, 25), scale: 0 });
    const keyring = makeKeyring(generateMasterKey());
    let test: ReturnType<typeof createTestApp>;
    let writeKey = '';
    let connectionId = '';

    const authorize = async (body: Record<string, unknown>, id = connectionId) =>
        test.app.request(`/v1/admin/connections/${id}/salesforce/authorize`, {
            method: 'POST',
            headers: { authorization: `Bearer ${writeKey}`, 'content-type': 'application/json' },
            body: JSON.stringify(body)
        });

    /** Follows the consent URL through the simulator (which consents at once) to our callback. */
    async function consent(authorizationUrl: string): Promise<string> {
        const res = await fetch(authorizationUrl, { redirect: 'manual' });
        expect(res.status).toBe(302);
        const back = new URL(res.headers.get('location') ?? '');
        expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
        return `${back.pathname}${back.search}`;
    }

    async function connect(body: Record<string, unknown> = { domain: 'login' }) {
        const started = await authorize(body);
        expect(started.status).toBe(201);
        const { authorizationUrl } = (await started.json()) as { authorizationUrl: string };
        return consent(authorizationUrl);
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
        await t.reset();
        writeKey = (
            await createApiKey(t.db, { name: 'writer', scopes: ['admin:read', 'admin:write'] })
        ).token;
        connectionId = (await createConnection(t.db, { name: 'Acme', salesforceOrgId: org.orgId }))
            .id;
        test = createTestApp(t.db, {
            keyring,
            clock,
            salesforceConnect: {
                client: { id: org.credentials.client_id, secret: org.credentials.client_secret },
                redirectUri: REDIRECT,
                loginHosts: { login: org.server.url, test: 'https://test.invalid' },
                fetch
            }
        });
    });

    it('answers a consent URL with PKCE S256 and a state, then joins the org so the client can query', async () => {
        const started = await authorize({ domain: 'login' });
        expect(started.status).toBe(201);
        const { authorizationUrl } = (await started.json()) as { authorizationUrl: string };
        const url = new URL(authorizationUrl);
        expect(url.origin).toBe(org.server.url);
        expect(url.searchParams.get('code_challenge_method')).toBe('S256');
        expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
        expect(url.searchParams.get('redirect_uri')).toBe(REDIRECT);
        expect(url.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);

        const kept = async () =>
            (
                await t.db.query<{ sealed_context: string | null }>(
                    'SELECT sealed_context FROM oauth_states'
                )
            )[0]?.sealed_context;
        // The verifier and client wait sealed, never in the clear, and are wiped once used.
        expect(await kept()).toMatch(/^v1:/);
        expect(await kept()).not.toContain(org.credentials.client_secret);
        const done = await test.app.request(await consent(authorizationUrl));
        expect(await done.text()).toContain('Salesforce is connected');
        expect(done.status).toBe(200);
        expect(await kept()).toBeNull();
        const stored = await getSecret(t.db, keyring, {
            connectionId,
            kind: 'salesforce_refresh_token'
        });
        expect(stored).toMatch(/^5Aep/);
        expect(stored).not.toBe(org.credentials.refresh_token);

        const shown = await test.app.request(`/v1/admin/connections/${connectionId}`, {
            headers: { authorization: `Bearer ${writeKey}` }
        });
        const body = (await shown.json()) as { salesforce: Record<string, unknown> };
        expect(body.salesforce).toEqual({
            instanceUrl: org.server.url,
            loginUrl: org.server.url,
            clientId: org.credentials.client_id,
            user: {
                userId: expect.stringMatching(/^005/),
                username: expect.stringContaining('@'),
                displayName: expect.any(String),
                connectedAt: new Date(clock.now()).toISOString()
            }
        });

        const clients = createConnectionClients({
            db: t.db,
            keyring,
            log: pino({ level: 'silent' }),
            clock,
            zohoConnect: test.zohoConnect,
            zohoLimiter: test.zohoLimiter,
            fetch
        });
        const client = await clients.salesforce(connectionId);
        const users = await queryAll(
            client,
            soql`SELECT Id FROM User LIMIT 1`,
            z.looseObject({ Id: z.string() })
        );
        expect(users.records).toHaveLength(1);
    });

    it('re-authorizing revokes the refresh token it replaces', async () => {
        const refreshToken = () =>
            getSecret(t.db, keyring, { connectionId, kind: 'salesforce_refresh_token' });
        const honoured = async (token: string | undefined) => {
            const res = await fetch(`${org.server.url}/services/oauth2/token`, {
                method: 'POST',
                headers: { 'content-type': 'application/x-www-form-urlencoded' },
                body: new URLSearchParams({
                    grant_type: 'refresh_token',
                    refresh_token: token ?? '',
                    client_id: org.credentials.client_id,
                    client_secret: org.credentials.client_secret
                }).toString()
            });
            return res.status === 200;
        };
        expect((await test.app.request(await connect())).status).toBe(200);
        const first = await refreshToken();
        expect(await honoured(first)).toBe(true);

        expect((await test.app.request(await connect())).status).toBe(200);
        const second = await refreshToken();

        expect(second).not.toBe(first);
        expect(await honoured(first)).toBe(false);
        expect(await honoured(second)).toBe(true);
    });

    it('refuses a replayed callback, an unknown state and a Zoho state', async () => {
        const callback = await connect();
        expect((await test.app.request(callback)).status).toBe(200);

        const replay = await test.app.request(callback);
        expect(replay.status).toBe(400);
        expect(await replay.text()).toContain('expired or was already used');

        const code = new URL(callback, 'http://x').searchParams.get('code') ?? '';
        const forged = await test.app.request(
            `/v1/oauth/salesforce/callback?state=not-a-state&code=${code}`
        );
        expect(forged.status).toBe(400);
        expect(await forged.text()).toContain('expired or was already used');

        const zohoState = await issueOAuthState(t.db, connectionId, clock.now());
        const crossed = await test.app.request(
            `/v1/oauth/salesforce/callback?state=${zohoState}&code=${code}`
        );
        expect(crossed.status).toBe(400);
        expect(await crossed.text()).toContain('expired or was already used');
    });

    it('refuses an expired state', async () => {
        const callback = await connect();
        clock.advance(11 * 60_000);
        const late = await test.app.request(callback);
        expect(late.status).toBe(400);
        expect(await late.text()).toContain('expired or was already used');
    });

    it('refuses a sign-in to another org and stores nothing', async () => {
        const other = org.sandbox.createOrg({ instanceUrl: org.server.url });
        const callback = await connect({
            domain: 'login',
            clientId: other.client_id,
            clientSecret: other.client_secret
        });
        const refused = await test.app.request(callback);
        expect(refused.status).toBe(400);
        const text = await refused.text();
        expect(text).toContain(`You signed in to org ${other.org_id}`);
        expect(text).toContain(`this connection is for org ${org.orgId}`);
        const stored = await getSecret(t.db, keyring, {
            connectionId,
            kind: 'salesforce_refresh_token'
        });
        expect(stored).toBeUndefined();
    });

    it('needs admin:write to start', async () => {
        const readKey = (await createApiKey(t.db, { name: 'reader', scopes: ['admin:read'] }))
            .token;
        const res = await test.app.request(
            `/v1/admin/connections/${connectionId}/salesforce/authorize`,
            {
                method: 'POST',
                headers: { authorization: `Bearer ${readKey}`, 'content-type': 'application/json' },
                body: JSON.stringify({ domain: 'login' })
            }
        );
        expect(res.status).toBe(403);
    });

    it('refuses a domain that is neither login, test nor a My Domain, and a client id without its secret', async () => {
        const bad = await authorize({ domain: 'https://evil.example.com' });
        expect(bad.status).toBe(400);
        const half = await authorize({ domain: 'test', clientId: 'x'.repeat(30) });
        expect(half.status).toBe(400);
        const myDomain = await authorize({ domain: 'https://acme.my.salesforce.com' });
        const { authorizationUrl } = (await myDomain.json()) as { authorizationUrl: string };
        expect(new URL(authorizationUrl).origin).toBe('https://acme.my.salesforce.com');
    });
});
