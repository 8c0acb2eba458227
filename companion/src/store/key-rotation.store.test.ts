import { beforeEach, describe, expect, it } from 'vitest';

import { freshStore, TEST_ORG_ID } from '../../test/support/store-fixture.ts';
import { testBackend, useTestDb } from '../../test/support/test-db.ts';
import { generateMasterKey, keyring } from '../security/vault.ts';
import { rotateMasterKey } from './key-rotation.ts';
import { consumeSealedOAuthState, issueOAuthState } from './oauth-states.ts';
import { getSecret, putSecret } from './secrets.ts';

describe(`master-key rotation (${testBackend})`, () => {
    const t = useTestDb();
    let connectionId = '';
    const oldKey = generateMasterKey();
    const newKey = generateMasterKey();
    const before = keyring(oldKey);
    const during = keyring(newKey, [oldKey]);
    const after = keyring(newKey);

    beforeEach(async () => {
        connectionId = (await freshStore(t, { Acme: TEST_ORG_ID })).Acme;
    });

    it('re-seals every secret and pending OAuth state so the new key alone opens them', async () => {
        await putSecret(t.db, before, { connectionId, kind: 'event_secret' }, 'event');
        await putSecret(
            t.db,
            before,
            { connectionId, kind: 'zoho_refresh_token', scope: '7001' },
            '1000.refresh'
        );
        const state = await issueOAuthState(t.db, connectionId, 1_000, {
            flow: 'salesforce',
            context: { ring: before, value: 'pkce-verifier' }
        });
        await expect(
            getSecret(t.db, after, { connectionId, kind: 'event_secret' })
        ).rejects.toMatchObject({ code: 'vault_key_unknown' });

        const result = await rotateMasterKey(t.db, during);

        expect(result).toEqual({ keyId: after.current.id, secrets: 2, oauthStates: 1 });
        expect(await getSecret(t.db, after, { connectionId, kind: 'event_secret' })).toBe('event');
        expect(
            await getSecret(t.db, after, {
                connectionId,
                kind: 'zoho_refresh_token',
                scope: '7001'
            })
        ).toBe('1000.refresh');
        expect(await consumeSealedOAuthState(t.db, after, state, 2_000)).toEqual({
            connectionId,
            context: 'pkce-verifier'
        });
        expect(await rotateMasterKey(t.db, during)).toMatchObject({ secrets: 0, oauthStates: 0 });
    });

    it('changes nothing when a secret is sealed under a key it was not given', async () => {
        await putSecret(t.db, before, { connectionId, kind: 'event_secret' }, 'event');
        await putSecret(t.db, during, { connectionId, kind: 'webhook_secret' }, 'hook');

        await expect(rotateMasterKey(t.db, after)).rejects.toMatchObject({
            code: 'vault_key_unknown'
        });
        expect(await getSecret(t.db, before, { connectionId, kind: 'event_secret' })).toBe('event');
    });
});
