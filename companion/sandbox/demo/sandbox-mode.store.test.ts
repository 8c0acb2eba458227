import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestDb, type TestDb } from '../../test/support/test-db.ts';
import { generateMasterKey, keyring as makeKeyring } from '../../src/security/vault.ts';
import {
    createConnection,
    getSalesforceIdentity,
    listConnections
} from '../../src/store/connections.ts';
import { createSandboxClock } from '../clock.ts';
import {
    DEMO_CONNECTION_NAME,
    joinAndSeed,
    previousSandboxConnection,
    startSandboxPair,
    writeSandboxInfo,
    type SandboxPair
} from './sandbox-mode.ts';

describe('sandbox mode on a store that holds other connections', () => {
    let t: TestDb;
    let dataDir = '';
    const pairs: SandboxPair[] = [];
    beforeAll(async () => {
        t = await createTestDb();
        dataDir = await mkdtemp(path.join(os.tmpdir(), 'closebooks-sandbox-mode-'));
    });
    afterAll(async () => {
        for (const pair of pairs) await pair.close();
        await t.drop();
        await rm(dataDir, { recursive: true, force: true });
    });

    const START = Date.parse('2026-02-01T09:00:00Z');
    const join = async (replaces: string | undefined) => {
        const pair = await startSandboxPair({ clock: createSandboxClock({ startAt: START }) });
        pairs.push(pair);
        const keyring = makeKeyring(generateMasterKey());
        return joinAndSeed(
            pair,
            { db: t.db, keyring },
            { companionUrl: 'http://127.0.0.1:9', deals: 1, linked: false, replaces }
        );
    };

    it('removes only the demo connection it recorded, never one it did not create', async () => {
        // A connection someone else made, even under the demo's name, is not sandbox data.
        const foreign = await createConnection(t.db, {
            name: DEMO_CONNECTION_NAME,
            salesforceOrgId: '00D000000000001AAA'
        });
        expect(await previousSandboxConnection(dataDir)).toBeUndefined();
        const first = await join(await previousSandboxConnection(dataDir));
        await writeSandboxInfo(dataDir, {
            companion: 'http://127.0.0.1:9',
            zoho: {
                url: 'http://127.0.0.1:9',
                organizationId: '1',
                clerk: {
                    accountsUrl: 'http://127.0.0.1:9',
                    clientId: 'c',
                    clientSecret: 's',
                    refreshToken: 'r'
                }
            },
            salesforce: { url: 'http://127.0.0.1:9', orgId: '00D', salesRep: 'x' },
            connectionId: first.connectionId,
            deals: []
        });
        expect(await previousSandboxConnection(dataDir)).toBe(first.connectionId);

        const second = await join(await previousSandboxConnection(dataDir));
        const ids = (await listConnections(t.db)).map((c) => c.id).sort();
        expect(ids).toEqual([foreign.id, second.connectionId].sort());
    });

    it('records the integration user as the connected Salesforce user, as the consent flow does', async () => {
        // Every sandbox org has the same id: replace the demo connection the test above left.
        const earlier = (await listConnections(t.db)).find(
            (c) => c.salesforceOrgId === pairs.at(-1)?.salesforce.credentials.org_id
        );
        const { connectionId } = await join(earlier?.id);
        const pair = pairs.at(-1)!;
        const org = pair.salesforce.sandbox.org(pair.salesforce.credentials.org_id);
        const identity = await getSalesforceIdentity(t.db, connectionId);
        expect(identity).toMatchObject({
            userId: org.integrationUserId,
            username: pair.salesforce.credentials.username
        });
        expect(identity?.displayName).toEqual(expect.any(String));
        expect(identity?.connectedAt.getTime()).toBeGreaterThanOrEqual(START);
    });
});
