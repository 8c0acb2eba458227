import { generateKeyPairSync } from 'node:crypto';

import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { createSandboxClock } from '../../sandbox/clock.ts';
import type { OrgCredentials } from '../../sandbox/salesforce/org-factory.ts';
import { servedSalesforce } from '../../test/support/salesforce-org.ts';
import { createTestApp } from '../../test/support/test-app.ts';
import { createTestDb, testBackend, type TestDb } from '../../test/support/test-db.ts';
import { queryAll } from '../salesforce/query.ts';
import { soql } from '../salesforce/soql.ts';
import { generateMasterKey, keyring as makeKeyring } from '../security/vault.ts';
import { createApiKey } from '../store/api-keys.ts';
import { createConnection } from '../store/connections.ts';
import { getSecret } from '../store/secrets.ts';
import { createConnectionClients } from '../sync/clients.ts';

const rsaPair = () =>
    generateKeyPairSync('rsa', {
        modulusLength: 2048,
        publicKeyEncoding: { type: 'spki', format: 'pem' },
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' }
    });

describe(`connecting Salesforce headless by JWT bearer (${testBackend})`, () => {
    let t: TestDb;
    let org: Awaited<ReturnType<typeof servedSalesforce>>;
    const clock = createSandboxClock({ startAt: Date.UTC(2026, 10, 25), scale: 0 });
    const keyring = makeKeyring(generateMasterKey());
    const key = rsaPair();
    let headless: OrgCredentials;
    let test: ReturnType<typeof createTestApp>;
    let writeKey = '';
    let connectionId = '';

    const connect = (body: Record<string, unknown>) =>
        test.app.request(`/v1/admin/connections/${connectionId}/salesforce/jwt`, {
            method: 'POST',
            headers: { authorization: `Bearer ${writeKey}`, 'content-type': 'application/json' },
            body: JSON.stringify(body)
        });
    const bodyFor = (creds: OrgCredentials, privateKey = key.privateKey) => ({
        domain: 'login',
        clientId: creds.client_id,
        username: creds.username,
        privateKey
    });

    beforeAll(async () => {
        t = await createTestDb();
        org = await servedSalesforce({ clock });
        headless = org.sandbox.createOrg({
            instanceUrl: org.server.url,
            jwtCertificate: key.publicKey
        });
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
        connectionId = (
            await createConnection(t.db, { name: 'Headless', salesforceOrgId: headless.org_id })
        ).id;
        test = createTestApp(t.db, {
            keyring,
            clock,
            salesforceConnect: {
                client: undefined,
                redirectUri: 'https://companion.example/v1/oauth/salesforce/callback',
                loginHosts: { login: org.server.url, test: 'https://test.invalid' },
                fetch
            }
        });
    });

    it('signs in with the sealed key, shows the user, and the client queries with fresh assertions', async () => {
        const res = await connect(bodyFor(headless));
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({
            userId: expect.stringMatching(/^005/),
            username: headless.username,
            instanceUrl: org.server.url
        });
        const sealed = await getSecret(t.db, keyring, {
            connectionId,
            kind: 'salesforce_jwt_private_key'
        });
        expect(sealed).toBe(key.privateKey);
        const shown = await test.app.request(`/v1/admin/connections/${connectionId}`, {
            headers: { authorization: `Bearer ${writeKey}` }
        });
        expect(((await shown.json()) as { salesforce: unknown }).salesforce).toMatchObject({
            clientId: headless.client_id,
            user: { username: headless.username }
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
        const row = z.looseObject({ Id: z.string() });
        const query = soql`SELECT Id FROM User LIMIT 1`;
        expect((await queryAll(client, query, row)).records).toHaveLength(1);
        // Sessions end; the client signs a new assertion (there is no refresh token to use).
        org.sandbox.expireSessions(headless.org_id);
        expect((await queryAll(client, query, row)).records).toHaveLength(1);
    });

    it('answers 502 with Salesforce’s reason when the key is not the uploaded one', async () => {
        const res = await connect(bodyFor(headless, rsaPair().privateKey));
        expect(res.status).toBe(502);
        expect(JSON.stringify(await res.json())).toContain('invalid_grant');
        const sealed = await getSecret(t.db, keyring, {
            connectionId,
            kind: 'salesforce_jwt_private_key'
        });
        expect(sealed).toBeUndefined();
    });

    it('refuses a user of another org with 409 and stores nothing', async () => {
        const other = org.sandbox.createOrg({
            instanceUrl: org.server.url,
            jwtCertificate: key.publicKey
        });
        const res = await connect(bodyFor(other));
        expect(res.status).toBe(409);
        expect(await res.json()).toMatchObject({ error: { code: 'org_mismatch' } });
        const sealed = await getSecret(t.db, keyring, {
            connectionId,
            kind: 'salesforce_jwt_private_key'
        });
        expect(sealed).toBeUndefined();
    });

    it('refuses a private key that is not an RSA PEM', async () => {
        const res = await connect(bodyFor(headless, 'not a key'));
        expect(res.status).toBe(400);
    });
});
