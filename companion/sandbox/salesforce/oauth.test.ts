import { createHash, generateKeyPairSync, sign } from 'node:crypto';

import { beforeAll, describe, expect, it } from 'vitest';

import { createSandboxClock } from '../clock.ts';
import type { OrgCredentials } from './org-factory.ts';
import { createSalesforceSandbox } from './salesforce-sandbox.ts';

const sandbox = createSalesforceSandbox({
    clock: createSandboxClock({ startAt: Date.UTC(2026, 0, 5), scale: 0 })
});
let creds: OrgCredentials;

const token = (form: Record<string, string>, headers: Record<string, string> = {}) =>
    sandbox.app.request('http://login.test/services/oauth2/token', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(form).toString()
    });

beforeAll(() => {
    creds = sandbox.createOrg({ instanceUrl: 'http://login.test' });
});

describe('OAuth endpoints of the salesforce sandbox', () => {
    it('refreshes with HTTP Basic client authentication and answers the documented fields, no new refresh token', async () => {
        const basic = Buffer.from(`${creds.client_id}:${creds.client_secret}`).toString('base64');
        const response = await token(
            { grant_type: 'refresh_token', refresh_token: creds.refresh_token },
            { authorization: `Basic ${basic}` }
        );
        const body = (await response.json()) as Record<string, string>;
        expect(response.status).toBe(200);
        expect(Object.keys(body).sort()).toEqual([
            'access_token',
            'id',
            'instance_url',
            'issued_at',
            'scope',
            'signature',
            'token_type'
        ]);
        expect(body.instance_url).toBe('http://login.test');
        expect(body.id).toMatch(new RegExp(`/id/${creds.org_id}/005[A-Za-z0-9]{15}$`));
        expect(body.issued_at).toBe(String(Date.UTC(2026, 0, 5)));
    });

    it('rotates the refresh token on each refresh when the connected app asks for it', async () => {
        const rotating = sandbox.createOrg({
            instanceUrl: 'http://login.test',
            refreshTokenRotation: true
        });
        const refresh = (refresh_token: string) =>
            token({
                grant_type: 'refresh_token',
                refresh_token,
                client_id: rotating.client_id,
                client_secret: rotating.client_secret
            });
        const first = (await (await refresh(rotating.refresh_token)).json()) as {
            refresh_token?: string;
        };
        expect(first.refresh_token).toMatch(/^5Aep/);
        expect(first.refresh_token).not.toBe(rotating.refresh_token);
        const old = await refresh(rotating.refresh_token);
        expect(old.status).toBe(400);
        expect(await old.json()).toMatchObject({ error: 'invalid_grant' });
        expect((await refresh(first.refresh_token ?? '')).status).toBe(200);
    });

    it('signs in by JWT bearer only with the uploaded key, this audience, a near expiry and a user of the org', async () => {
        const pair = () =>
            generateKeyPairSync('rsa', {
                modulusLength: 2048,
                publicKeyEncoding: { type: 'spki', format: 'pem' },
                privateKeyEncoding: { type: 'pkcs8', format: 'pem' }
            });
        const key = pair();
        const app = sandbox.createOrg({
            instanceUrl: 'http://login.test',
            jwtCertificate: key.publicKey
        });
        const nowS = Date.UTC(2026, 0, 5) / 1000;
        const assertion = (claims: Record<string, unknown>, privateKey = key.privateKey) => {
            const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
            const input = `${b64({ alg: 'RS256' })}.${b64({
                iss: app.client_id,
                sub: app.username,
                aud: 'http://login.test',
                exp: nowS + 120,
                ...claims
            })}`;
            return `${input}.${sign('RSA-SHA256', Buffer.from(input), privateKey).toString('base64url')}`;
        };
        const grant = (value: string) =>
            token({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: value });

        const ok = await grant(assertion({}));
        expect(ok.status).toBe(200);
        const body = (await ok.json()) as Record<string, string>;
        expect(body.refresh_token).toBeUndefined();
        expect(body.id).toContain(`/id/${app.org_id}/`);
        for (const bad of [
            assertion({}, pair().privateKey),
            assertion({ aud: 'https://login.salesforce.com' }),
            assertion({ exp: nowS + 600 }),
            assertion({ exp: nowS - 1 }),
            assertion({ sub: 'nobody@example.com' })
        ]) {
            const refused = await grant(bad);
            expect(refused.status).toBe(400);
            expect(await refused.json()).toMatchObject({ error: 'invalid_grant' });
        }
        const noCertificate = await token({
            grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
            assertion: assertion({ iss: creds.client_id, sub: creds.username })
        });
        expect(noCertificate.status).toBe(400);
    });

    it('runs the web-server flow with PKCE and issues a refresh token', async () => {
        const verifier = 'a'.repeat(50);
        const challenge = createHash('sha256').update(verifier).digest('base64url');
        const authorize = await sandbox.app.request(
            `http://login.test/services/oauth2/authorize?response_type=code&client_id=${creds.client_id}&redirect_uri=${encodeURIComponent('http://app.test/cb')}&state=xyz&code_challenge=${challenge}`
        );
        expect(authorize.status).toBe(302);
        const redirect = new URL(authorize.headers.get('location')!);
        expect(redirect.searchParams.get('state')).toBe('xyz');
        const code = redirect.searchParams.get('code')!;
        const form = {
            grant_type: 'authorization_code',
            code,
            client_id: creds.client_id,
            client_secret: creds.client_secret,
            redirect_uri: 'http://app.test/cb'
        };
        const bad = await token({ ...form, code_verifier: 'b'.repeat(50) });
        expect(bad.status).toBe(400);
        expect(await bad.json()).toMatchObject({ error: 'invalid_request' });
        const used = await token({ ...form, code_verifier: verifier });
        expect(await used.json()).toMatchObject({ error: 'invalid_grant' });
    });

    it('signs in with client credentials as the integration user', async () => {
        const response = await token({
            grant_type: 'client_credentials',
            client_id: creds.client_id,
            client_secret: creds.client_secret
        });
        const body = (await response.json()) as { access_token: string; refresh_token?: string };
        expect(body.refresh_token).toBeUndefined();
        const info = await sandbox.app.request('http://login.test/services/oauth2/userinfo', {
            headers: { authorization: `Bearer ${body.access_token}` }
        });
        expect(await info.json()).toMatchObject({
            preferred_username: creds.username,
            organization_id: creds.org_id
        });
    });

    it.each<{ name: string; form: Record<string, string>; error: string }>([
        {
            name: 'an unknown client',
            form: { grant_type: 'refresh_token', refresh_token: 'x', client_id: 'nope' },
            error: 'invalid_client_id'
        },
        {
            name: 'a wrong secret',
            form: { grant_type: 'client_credentials', client_secret: 'wrong' },
            error: 'invalid_client'
        },
        {
            name: 'an unknown refresh token',
            form: { grant_type: 'refresh_token', refresh_token: 'stale' },
            error: 'invalid_grant'
        },
        {
            name: 'an unsupported grant',
            form: { grant_type: 'password' },
            error: 'unsupported_grant_type'
        }
    ])('refuses $name with $error', async ({ form, error }) => {
        const response = await token({ client_id: creds.client_id, ...form });
        expect(response.status).toBe(400);
        expect(await response.json()).toMatchObject({ error });
    });

    it('revoking a refresh token also ends the access tokens issued from it', async () => {
        const fresh = sandbox.createOrg();
        const refreshed = (await (
            await token({
                grant_type: 'refresh_token',
                refresh_token: fresh.refresh_token,
                client_id: fresh.client_id
            })
        ).json()) as { access_token: string };
        const userinfo = (accessToken: string) =>
            sandbox.app.request('/services/oauth2/userinfo', {
                headers: { authorization: `Bearer ${accessToken}` }
            });
        expect((await userinfo(refreshed.access_token)).status).toBe(200);
        expect((await userinfo(fresh.access_token)).status).toBe(200);

        const revoked = await sandbox.app.request('/services/oauth2/revoke', {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: `token=${fresh.refresh_token}`
        });

        expect(revoked.status).toBe(200);
        expect((await userinfo(refreshed.access_token)).status).toBe(403);
        expect((await userinfo(fresh.access_token)).status).toBe(403);
        const again = await sandbox.app.request('/services/oauth2/revoke', {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: `token=${fresh.refresh_token}`
        });
        expect(again.status).toBe(400);
        expect(await again.json()).toMatchObject({ error: 'unsupported_token_type' });
    });

    it('revokes a refresh token', async () => {
        const fresh = sandbox.createOrg();
        const revoked = await sandbox.app.request('/services/oauth2/revoke', {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: `token=${fresh.refresh_token}`
        });
        expect(revoked.status).toBe(200);
        const refused = await token({
            grant_type: 'refresh_token',
            refresh_token: fresh.refresh_token,
            client_id: fresh.client_id
        });
        expect(await refused.json()).toMatchObject({
            error: 'invalid_grant',
            error_description: 'expired access/refresh token'
        });
    });
});
