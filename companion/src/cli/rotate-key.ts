// `npm run rotate-key`: re-seals every stored secret under a new master key.
//   1. openssl rand -base64 32                      → the new key
//   2. every companion process: CLOSEBOOKS_MASTER_KEY=<new>, CLOSEBOOKS_PREVIOUS_MASTER_KEYS=<old>
//      (restart them; both keys now open secrets, new ones are sealed under the new key)
//   3. once, with the same environment: npm run rotate-key
//   4. remove the old key from CLOSEBOOKS_PREVIOUS_MASTER_KEYS and restart; destroy the old key
// Uses the same environment as the companion (DATABASE_URL or the PGlite data directory; with
// PGlite, stop the companion first: one process at a time may open it).
// --json: one JSON document on stdout ({secrets, oauthStates, keyId}, or {error: {code, message}}).
import { loadConfig } from '../config.ts';
import { AppError } from '../errors.ts';
import { keyring } from '../security/vault.ts';
import { rotateMasterKey } from '../store/key-rotation.ts';
import { openStore } from '../store/open-store.ts';

const json = process.argv.slice(2).includes('--json');
if (process.argv.slice(2).some((arg) => arg !== '--json'))
    fail('the only flag is --json; the keys come from the environment', 2, 'usage');

function fail(message: string, exitCode = 1, code = 'rotate_failed'): never {
    if (json) process.stdout.write(`${JSON.stringify({ error: { code, message } })}\n`);
    else process.stderr.write(`rotate-key: ${message}\n`);
    process.exit(exitCode);
}

const config = (() => {
    try {
        return loadConfig();
    } catch (error) {
        return fail(error instanceof Error ? error.message : String(error));
    }
})();
if (!config.masterKey)
    fail(
        'set CLOSEBOOKS_MASTER_KEY to the new key and CLOSEBOOKS_PREVIOUS_MASTER_KEYS to the old one(s)'
    );
const ring = (() => {
    try {
        return keyring(config.masterKey, config.previousMasterKeys);
    } catch (error) {
        return fail(error instanceof Error ? error.message : String(error));
    }
})();
const store = await openStore(config.store).catch((error: unknown) =>
    fail(error instanceof AppError ? error.message : String(error))
);
try {
    const result = await rotateMasterKey(store.db, ring);
    process.stdout.write(
        json
            ? `${JSON.stringify(result)}\n`
            : `re-sealed ${result.secrets} secrets and ${result.oauthStates} pending OAuth states under key ${result.keyId}; ` +
                  'no stored secret needs the previous keys now: remove them from CLOSEBOOKS_PREVIOUS_MASTER_KEYS\n'
    );
} catch (error) {
    process.exitCode = 1;
    const message = `${error instanceof AppError ? error.message : String(error)} (nothing was changed)`;
    if (json)
        process.stdout.write(`${JSON.stringify({ error: { code: 'rotate_failed', message } })}\n`);
    else process.stderr.write(`rotate-key: ${message}\n`);
} finally {
    await store.close();
}
