import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createApiKey } from '../src/store/api-keys.ts';
import { putSecret } from '../src/store/secrets.ts';
import { createTestApp } from './support/test-app.ts';
import { createTestDb, testBackend, type TestDb } from './support/test-db.ts';

describe(`a dump of the database (${testBackend})`, () => {
    let t: TestDb;
    beforeAll(async () => {
        t = await createTestDb();
    });
    afterAll(async () => {
        await t.drop();
    });

    it('contains no plaintext secret, token or API key', async () => {
        const { app, keyring } = createTestApp(t.db);
        const { token: apiKey } = await createApiKey(t.db, {
            name: 'ops',
            scopes: ['admin:read', 'admin:write']
        });
        const res = await app.request('/v1/admin/connections', {
            method: 'POST',
            headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
            body: JSON.stringify({ name: 'Acme', salesforceOrgId: '00D5g000004ABCDEAQ' })
        });
        const { connection, eventSecret, webhookSecret } = await res.json();
        const zohoToken = ['1000', '0123456789abcdef'.repeat(2), 'fedcba9876543210'.repeat(2)].join(
            '.'
        );
        const salesforceToken =
            '5Aep861TSESvWeug_xvFHRBTTbf_YrTWgEyjBJYr3mHKCfJbgHNLXWE8YhRvMZs9ZrS8N1AgYQ';
        await putSecret(
            t.db,
            keyring,
            { connectionId: connection.id, kind: 'zoho_refresh_token', scope: '1' },
            zohoToken
        );
        await putSecret(
            t.db,
            keyring,
            { connectionId: connection.id, kind: 'salesforce_refresh_token' },
            salesforceToken
        );

        const tables = await t.db.query<{ table_name: string }>(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        );
        let dump = '';
        for (const { table_name } of tables) {
            const rows = await t.db.query(
                `SELECT row_to_json(x)::text AS row FROM "${table_name}" x`
            );
            dump += JSON.stringify(rows);
        }
        expect(dump).toContain(connection.id);
        for (const secret of [
            eventSecret,
            webhookSecret,
            zohoToken,
            salesforceToken,
            apiKey,
            apiKey.slice('cbk_'.length + 12 + 1)
        ]) {
            expect(dump).not.toContain(secret);
        }
    });
});
