// `npm run keys -- <command>`: manage API keys for the admin API and metrics.
//   create --name <name> --scopes admin:read,admin:write,metrics:read   prints the key once
//   list                                                                 one line per key
//   revoke <id>
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
    type ApiScope
} from '../store/api-keys.ts';
import { openStore } from '../store/open-store.ts';

const USAGE = 'usage: npm run keys -- create --name <name> --scopes <scope,…> | list | revoke <id>';

function fail(message: string): never {
    process.stderr.write(`keys: ${message}\n`);
    process.exit(1);
}

const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { name: { type: 'string' }, scopes: { type: 'string' } }
});
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
    fail(error instanceof AppError ? error.message : String(error))
);
try {
    if (command === 'create') {
        const { key, token } = await createApiKey(store.db, { name: values.name ?? '', scopes });
        process.stderr.write(
            `created key ${key.id} (${key.scopes.join(', ')}); it is shown only now:\n`
        );
        process.stdout.write(`${token}\n`);
    } else if (command === 'list') {
        for (const key of await listApiKeys(store.db)) {
            const state = key.revokedAt ? `revoked ${key.revokedAt.toISOString()}` : 'active';
            process.stdout.write(`${key.id}  ${key.name}  ${key.scopes.join(',')}  ${state}\n`);
        }
    } else if (!(await revokeApiKey(store.db, argument ?? ''))) {
        process.exitCode = 1;
        process.stderr.write(`keys: no active key ${argument}\n`);
    }
} finally {
    await store.close();
}
