import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { generateMasterKey, keyring as makeKeyring } from '../security/vault.ts';
import { createTestDb, testBackend, type TestDb } from '../../test/support/test-db.ts';
import { addZohoOrganization, createConnection, setConnectionStatus } from './connections.ts';
import { putSecret } from './secrets.ts';
import { readWebhookDoorFacts } from './webhook-door.ts';

describe(`the webhook door's facts of a connection (${testBackend})`, () => {
    let t: TestDb;
    const ring = makeKeyring(generateMasterKey());
    let connectionId = '';

    beforeAll(async () => {
        t = await createTestDb();
    });
    afterAll(async () => {
        await t.drop();
    });
    beforeEach(async () => {
        await t.reset();
        connectionId = (
            await createConnection(t.db, { name: 'Acme', salesforceOrgId: '00D5g000004ABCDEAQ' })
        ).id;
    });

    it('knows no connection it does not have', async () => {
        expect(await readWebhookDoorFacts(t.db, ring, 'nope')).toBeUndefined();
    });

    it('reads a connection with no webhook secret and no organization yet', async () => {
        expect(await readWebhookDoorFacts(t.db, ring, connectionId)).toEqual({
            status: 'pending',
            webhookSecret: undefined,
            webhookSecretSealed: undefined,
            organizations: []
        });
    });

    it('opens the webhook secret and lists the organizations, the default first', async () => {
        await putSecret(t.db, ring, { connectionId, kind: 'webhook_secret' }, 'doorSecret123456');
        await putSecret(t.db, ring, { connectionId, kind: 'event_secret' }, 'notThisOne');
        await addZohoOrganization(t.db, { connectionId, organizationId: '111', region: 'us' });
        await addZohoOrganization(t.db, {
            connectionId,
            organizationId: '222',
            region: 'eu',
            isDefault: true
        });
        await setConnectionStatus(t.db, connectionId, 'disabled');

        const facts = await readWebhookDoorFacts(t.db, ring, connectionId);
        const [withSql] = await t.db.query<{ organization_id: string }>(
            'SELECT organization_id FROM zoho_organizations WHERE is_default'
        );

        expect(facts?.status).toBe('disabled');
        expect(facts?.webhookSecret).toBe('doorSecret123456');
        const [sealed] = await t.db.query<{ sealed: string }>(
            "SELECT sealed FROM secrets WHERE kind = 'webhook_secret'"
        );
        expect(facts?.webhookSecretSealed).toBe(sealed?.sealed);
        expect(facts?.organizations[0]).toEqual({
            organizationId: withSql?.organization_id,
            isDefault: true
        });
        expect(facts?.organizations.map((o) => o.organizationId).sort()).toEqual(['111', '222']);
    });
});
