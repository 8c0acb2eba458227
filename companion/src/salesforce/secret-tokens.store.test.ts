import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { servedSalesforce } from '../../test/support/salesforce-org.ts';
import { createTestDb, testBackend, type TestDb } from '../../test/support/test-db.ts';
import { generateMasterKey, keyring } from '../security/vault.ts';
import { createConnection } from '../store/connections.ts';
import { getSecret, putSecret } from '../store/secrets.ts';
import { queryAll } from './query.ts';
import { secretTokenProvider } from './secret-tokens.ts';
import { soql } from './soql.ts';

describe(`secretTokenProvider (${testBackend})`, () => {
    let t: TestDb;
    let org: Awaited<ReturnType<typeof servedSalesforce>>;
    beforeAll(async () => {
        t = await createTestDb();
        org = await servedSalesforce();
    });
    afterAll(async () => {
        await org.close();
        await t.drop();
    });

    it('signs in with the stored refresh token, and says so when none is stored', async () => {
        const ring = keyring(generateMasterKey());
        const connection = await createConnection(t.db, {
            name: 'Acme',
            salesforceOrgId: org.orgId
        });
        const tokens = secretTokenProvider({ q: t.db, ring, connectionId: connection.id });
        const client = org.client({ tokens });
        const query = soql`SELECT Id FROM Account LIMIT 1`;
        const row = z.looseObject({ Id: z.string() });

        await expect(queryAll(client, query, row)).rejects.toMatchObject({
            name: 'SalesforceAuthError',
            errorCode: 'NO_REFRESH_TOKEN'
        });
        await putSecret(
            t.db,
            ring,
            { connectionId: connection.id, kind: 'salesforce_refresh_token' },
            org.credentials.refresh_token
        );
        await expect(queryAll(client, query, row)).resolves.toMatchObject({ totalSize: 0 });
    });

    it('stores the refresh token a rotating connected app answers, so the next process signs in with it', async () => {
        const ring = keyring(generateMasterKey());
        const rotating = org.sandbox.createOrg({
            instanceUrl: org.server.url,
            refreshTokenRotation: true
        });
        const connection = await createConnection(t.db, {
            name: 'Rotating',
            salesforceOrgId: rotating.org_id
        });
        const ref = { connectionId: connection.id, kind: 'salesforce_refresh_token' as const };
        await putSecret(t.db, ring, ref, rotating.refresh_token);
        const clientFor = () =>
            org.client({
                clientId: rotating.client_id,
                clientSecret: rotating.client_secret,
                tokens: secretTokenProvider({ q: t.db, ring, connectionId: connection.id })
            });
        const query = soql`SELECT Id FROM User LIMIT 1`;
        const row = z.looseObject({ Id: z.string() });

        await expect(queryAll(clientFor(), query, row)).resolves.toMatchObject({ totalSize: 1 });
        const rotated = await getSecret(t.db, ring, ref);
        expect(rotated).toMatch(/^5Aep/);
        expect(rotated).not.toBe(rotating.refresh_token);
        // A second process (a fresh client) signs in with the stored token; the old one is dead.
        await expect(queryAll(clientFor(), query, row)).resolves.toMatchObject({ totalSize: 1 });
        const stale = org.client({
            clientId: rotating.client_id,
            clientSecret: rotating.client_secret,
            tokens: { refreshToken: async () => rotating.refresh_token }
        });
        await expect(queryAll(stale, query, row)).rejects.toMatchObject({
            name: 'SalesforceAuthError'
        });
    });
});
