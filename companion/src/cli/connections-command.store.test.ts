import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createSandboxClock } from '../../sandbox/clock.ts';
import { createTestDb, testBackend, type TestDb } from '../../test/support/test-db.ts';
import { generateMasterKey, keyring as makeKeyring } from '../security/vault.ts';
import { createConnection, getConnection } from '../store/connections.ts';
import { putSecret } from '../store/secrets.ts';
import { createZohoOAuth } from '../zoho/oauth.ts';
import { ZOHO_DATA_CENTRES } from '../zoho/regions.ts';
import { runConnectionsCommand } from './connections-command.ts';

describe(`npm run connections (${testBackend})`, () => {
    let t: TestDb;
    let id = '';
    const keyring = makeKeyring(generateMasterKey());
    const clock = createSandboxClock({ startAt: Date.UTC(2026, 10, 25), scale: 0 });
    const log = pino({ level: 'silent' });
    let out: string[] = [];
    let err: string[] = [];
    const run = (args: string[], zoho = false) =>
        runConnectionsCommand(
            args,
            {
                db: t.db,
                keyring,
                clock,
                log,
                fetch,
                zohoOAuth: zoho
                    ? createZohoOAuth({
                          clientId: '1000.CLIENT',
                          clientSecret: 'secret',
                          redirectUri: 'https://companion.example/v1/oauth/zoho/callback',
                          endpoints: ZOHO_DATA_CENTRES,
                          fetch,
                          clock
                      })
                    : undefined
            },
            { out: (line) => out.push(line), err: (line) => err.push(line) }
        );

    beforeAll(async () => {
        t = await createTestDb();
    });
    afterAll(async () => {
        await t.drop();
    });
    beforeEach(async () => {
        await t.reset();
        out = [];
        err = [];
        id = (await createConnection(t.db, { name: 'Acme', salesforceOrgId: '00D5g000004ABCDEAQ' }))
            .id;
    });

    it('lists, disables and enables a connection', async () => {
        expect(await run(['disable', id])).toBe(0);
        expect((await getConnection(t.db, id))?.status).toBe('disabled');
        expect(await run(['list'])).toBe(0);
        expect(out).toEqual([`${id}  disabled`, `${id}  disabled  00D5g000004ABCDEAQ  Acme`]);
        expect(await run(['enable', id])).toBe(0);
        expect((await getConnection(t.db, id))?.status).toBe('pending');
    });

    it('prints a Zoho consent URL for a new consent, bound to the connection by a state', async () => {
        expect(await run(['reauthorize-zoho', id, '--region', 'eu'], true)).toBe(0);
        const url = new URL(out[0] ?? '');
        expect(url.origin).toBe('https://accounts.zoho.eu');
        expect(url.searchParams.get('prompt')).toBe('consent');
        const [state] = await t.db.query<{ connection_id: string }>(
            'SELECT connection_id FROM oauth_states'
        );
        expect(state?.connection_id).toBe(id);
        expect(await run(['reauthorize-zoho', id], true)).toBe(0);
        expect(await run(['reauthorize-zoho', id, '--region', 'mars'], true)).toBe(1);
    });

    it('refuses to re-authorize Zoho without a configured client', async () => {
        expect(await run(['reauthorize-zoho', id], false)).toBe(1);
        expect(err).toEqual(['connections: ZOHO_CLIENT_ID and ZOHO_CLIENT_SECRET are not set']);
    });

    it('deletes a connection and its secrets; an unknown id or command is an error', async () => {
        await putSecret(t.db, keyring, { connectionId: id, kind: 'event_secret' }, 'x');
        expect(await run(['delete', id])).toBe(0);
        expect(await getConnection(t.db, id)).toBeUndefined();
        expect(await t.db.query('SELECT 1 FROM secrets')).toEqual([]);
        expect(await run(['delete', id])).toBe(1);
        expect(await run(['explode', id])).toBe(1);
        expect(err.at(-1)).toMatch(/^usage: npm run connections/);
    });
});
