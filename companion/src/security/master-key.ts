import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import type { Logger } from '../log.ts';
import { generateMasterKey, keyring, type Keyring } from './vault.ts';

export const KEY_FILE = 'master.key';

/**
 * The keyring that seals secrets. Production sets CLOSEBOOKS_MASTER_KEY. Without it (the local
 * sandbox) a key is generated once into `<dataDir>/master.key` with mode 0600 and a warning is
 * logged: that key protects nothing from someone who can read the data directory.
 */
export async function resolveKeyring(
    config: {
        dataDir: string;
        masterKey: string | undefined;
        previousMasterKeys: readonly string[];
    },
    log: Logger
): Promise<Keyring> {
    if (config.masterKey) return keyring(config.masterKey, config.previousMasterKeys);
    const file = path.join(config.dataDir, KEY_FILE);
    let key = (await readFile(file, 'utf8').catch(() => '')).trim();
    if (!key) {
        key = generateMasterKey();
        await writeFile(file, `${key}\n`, { mode: 0o600, flag: 'wx' }).catch(
            async (error: NodeJS.ErrnoException) => {
                if (error.code !== 'EEXIST') throw error;
                key = (await readFile(file, 'utf8')).trim();
            }
        );
    }
    await chmod(file, 0o600);
    log.warn(
        { file },
        'CLOSEBOOKS_MASTER_KEY is not set: secrets are sealed with a generated key file (fine for the sandbox, not for production)'
    );
    return keyring(key, config.previousMasterKeys);
}
