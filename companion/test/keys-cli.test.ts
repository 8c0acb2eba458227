import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { EXIT } from '../src/cli/exit-codes.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = path.join(ROOT, 'companion/bin/closebooks.mjs');
const run = promisify(execFile);

// Each command opens PGlite in its own process: slow under load.
describe('npx closebooks keys (on the database, as npm run keys)', { timeout: 180_000 }, () => {
    let dataDir = '';
    beforeAll(async () => {
        dataDir = await mkdtemp(path.join(os.tmpdir(), 'closebooks-keys-'));
    });
    afterAll(async () => {
        await rm(dataDir, { recursive: true, force: true });
    });

    const keys = (...args: string[]) =>
        run(process.execPath, [BIN, 'keys', ...args], {
            cwd: ROOT,
            env: { ...process.env, CLOSEBOOKS_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }
        }).then(
            ({ stdout }) => ({ code: 0, stdout }),
            (error: { code: number; stdout: string }) => error
        );

    it('creates, lists and revokes a key as one JSON document each, with the exit codes of the CLI', async () => {
        const created = await keys('create', '--name', 'ops', '--scopes', 'admin:read', '--json');
        expect(created.code).toBe(EXIT.ok);
        const { key, token } = JSON.parse(created.stdout);
        expect(key).toEqual({
            id: expect.any(String),
            name: 'ops',
            scopes: ['admin:read'],
            revokedAt: null
        });
        expect(token).toMatch(/^cbk_/);

        const revoked = await keys('revoke', key.id, '--json');
        expect(JSON.parse(revoked.stdout)).toEqual({ revoked: key.id });
        const listed = await keys('list', '--json');
        expect(JSON.parse(listed.stdout).keys).toEqual([
            { ...key, revokedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }
        ]);

        const again = await keys('revoke', key.id, '--json');
        expect(again.code).toBe(EXIT.notFound);
        expect(JSON.parse(again.stdout).error.code).toBe('not_found');
        const usage = await keys('create', '--scopes', 'admin:read', '--json');
        expect(usage.code).toBe(EXIT.usage);
        expect(JSON.parse(usage.stdout).error.message).toBe('--name is required');
    });
});
