import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { servedSalesforce } from '../../test/support/salesforce-org.ts';
import { createTestDb, testBackend, type TestDb } from '../../test/support/test-db.ts';
import { generateMasterKey, keyring } from '../security/vault.ts';
import { createConnection } from '../store/connections.ts';
import { migrate } from '../store/migrate.ts';
import { putSecret } from '../store/secrets.ts';
import { queryAll } from './query.ts';
import { secretTokenProvider } from './secret-tokens.ts';
import { soql } from './soql.ts';

describe(`secretTokenProvider (${testBackend})`, () => {
    let t: TestDb;
    let org: Awaited<ReturnType<typeof servedSalesforce>>;
    beforeAll(async () => {
        t = await createTestDb();
        await migrate(t.db);
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
});
