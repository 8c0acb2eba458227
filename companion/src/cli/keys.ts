// `npm run keys -- <command>`: manage API keys for the admin API, metrics and the MCP tools.
//   create --name <name> --scopes admin:read,mcp:read,…   prints the key once
//   list                                                   one line per key
//   revoke <id>
// --json: one JSON document on stdout. Exit codes as `npx closebooks`: 2 usage, 3 no such key.
// Uses the same environment as the companion (DATABASE_URL or the PGlite data directory; with
// PGlite, stop the companion first: one process at a time may open it).
import { parseArgs } from 'node:util';

import { loadConfig } from '../config.ts';
import { AppError } from '../errors.ts';
import {
    apiScopes,
    createApiKey,
    listApiKeys,
    revokeApiKey,
    type ApiKey,
    type ApiScope
} from '../store/api-keys.ts';
import { openStore } from '../store/open-store.ts';
import { EXIT } from './exit-codes.ts';

const USAGE = 'usage: npm run keys -- create --name <name> --scopes <scope,…> | list | revoke <id>';

const json = process.argv.includes('--json');

function fail(message: string, code: string = 'usage', exitCode: number = EXIT.usage): never {
    if (json) process.stdout.write(`${JSON.stringify({ error: { code, message } })}\n`);
    else process.stderr.write(`keys: ${message}\n`);
    process.exit(exitCode);
}

const { positionals, values } = (() => {
    try {
        return parseArgs({
            allowPositionals: true,
            options: {
                name: { type: 'string' },
                scopes: { type: 'string' },
                json: { type: 'boolean' }
            }
        });
    } catch (error) {
        return fail((error as Error).message);
    }
})();
const [command, argument] = positionals;
if (!command || !['create', 'list', 'revoke'].includes(command)) fail(USAGE);

let scopes: ApiScope[] = [];
if (command === 'create') {
    if (!values.name?.trim()) fail('--name is required');
    scopes = (values.scopes ?? '').split(',').map((s) => s.trim()) as ApiScope[];
    const unknown = scopes.filter((s) => !apiScopes.includes(s));
    if (scopes.length === 0 || unknown.length > 0)
        fail(`--scopes must list some of: ${apiScopes.join(', ')}`);
}
if (command === 'revoke' && !argument) fail('revoke needs the key id');

const store = await openStore(loadConfig().store).catch((error: unknown) =>
    fail(error instanceof AppError ? error.message : String(error), 'store', EXIT.failed)
);
const keyJson = (key: ApiKey) => ({
    id: key.id,
    name: key.name,
    scopes: key.scopes,
    revokedAt: key.revokedAt?.toISOString() ?? null
});
try {
    if (command === 'create') {
        const { key, token } = await createApiKey(store.db, { name: values.name ?? '', scopes });
        process.stderr.write(
            `created key ${key.id} (${key.scopes.join(', ')}); it is shown only now:\n`
        );
        process.stdout.write(
            json ? `${JSON.stringify({ key: keyJson(key), token })}\n` : `${token}\n`
        );
    } else if (command === 'list') {
        const keys = await listApiKeys(store.db);
        if (json) process.stdout.write(`${JSON.stringify({ keys: keys.map(keyJson) })}\n`);
        else
            for (const key of keys) {
                const state = key.revokedAt ? `revoked ${key.revokedAt.toISOString()}` : 'active';
                process.stdout.write(`${key.id}  ${key.name}  ${key.scopes.join(',')}  ${state}\n`);
            }
    } else if (!(await revokeApiKey(store.db, argument ?? ''))) {
        process.exitCode = EXIT.notFound;
        const message = `no active key ${argument}`;
        if (json)
            process.stdout.write(`${JSON.stringify({ error: { code: 'not_found', message } })}\n`);
        else process.stderr.write(`keys: ${message}\n`);
    } else if (json) process.stdout.write(`${JSON.stringify({ revoked: argument })}\n`);
} finally {
    await store.close();
}
