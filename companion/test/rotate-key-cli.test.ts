import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { afterEach, describe, expect, it } from 'vitest';

import { generateMasterKey, keyring } from '../src/security/vault.ts';
import { createConnection } from '../src/store/connections.ts';
import { openStore } from '../src/store/open-store.ts';
import { getSecret, putSecret } from '../src/store/secrets.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** What `npm run rotate-key` runs. */
const ROTATE = ['--import', 'tsx', path.join(ROOT, 'companion/src/cli/rotate-key.ts')];
const run = promisify(execFile);

// PGlite starts three times in the first test (seed, the command, the check): slow under load.
describe('npm run rotate-key', { timeout: 180_000 }, () => {
    let dataDir = '';
    afterEach(async () => {
        await rm(dataDir, { recursive: true, force: true });
    });

    async function rotate(env: Record<string, string>, args: string[] = []) {
        return run('node', [...ROTATE, ...args], {
            cwd: ROOT,
            env: { ...process.env, CLOSEBOOKS_DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env }
        }).then(
            ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
            (error: { code: number; stdout: string; stderr: string }) => error
        );
    }

    it('re-seals the stored secrets under the new key, which then opens them alone', async () => {
        dataDir = await mkdtemp(path.join(os.tmpdir(), 'closebooks-rotate-'));
        const oldKey = generateMasterKey();
        const newKey = generateMasterKey();
        const seeded = await openStore({ kind: 'pglite', dataDir });
        const { id } = await createConnection(seeded.db, {
            name: 'Acme',
            salesforceOrgId: '00D5g000004ABCDEAQ'
        });
        await putSecret(
            seeded.db,
            keyring(oldKey),
            { connectionId: id, kind: 'event_secret' },
            'e'
        );
        await seeded.close();

        const refused = await rotate({ CLOSEBOOKS_MASTER_KEY: newKey });
        expect(refused.code).toBe(1);
        expect(refused.stderr).toMatch(/sealed with key .* not configured .*nothing was changed/);

        const done = await rotate({
            CLOSEBOOKS_MASTER_KEY: newKey,
            CLOSEBOOKS_PREVIOUS_MASTER_KEYS: oldKey
        });
        expect(done.code).toBe(0);
        expect(done.stdout).toMatch(/^re-sealed 1 secrets and 0 pending OAuth states under key /);
        const again = await rotate(
            { CLOSEBOOKS_MASTER_KEY: newKey, CLOSEBOOKS_PREVIOUS_MASTER_KEYS: oldKey },
            ['--json']
        );
        expect(again.code).toBe(0);
        // A second run finds nothing left under the old key.
        expect(JSON.parse(again.stdout)).toEqual({
            secrets: 0,
            oauthStates: 0,
            keyId: expect.any(String)
        });

        const reopened = await openStore({ kind: 'pglite', dataDir });
        try {
            expect(
                await getSecret(reopened.db, keyring(newKey), {
                    connectionId: id,
                    kind: 'event_secret'
                })
            ).toBe('e');
        } finally {
            await reopened.close();
        }
    });

    it('refuses to run without the new key set', async () => {
        dataDir = await mkdtemp(path.join(os.tmpdir(), 'closebooks-rotate-'));
        const res = await rotate({ CLOSEBOOKS_MASTER_KEY: '' });
        expect(res.code).toBe(1);
        expect(res.stderr).toMatch(/^rotate-key: set CLOSEBOOKS_MASTER_KEY to the new key/);
        const json = await rotate({ CLOSEBOOKS_MASTER_KEY: '' }, ['--json']);
        expect(json.code).toBe(1);
        expect(JSON.parse(json.stdout).error.message).toMatch(/^set CLOSEBOOKS_MASTER_KEY/);
        expect((await rotate({ CLOSEBOOKS_MASTER_KEY: '' }, ['--force'])).code).toBe(2);
    });
});
