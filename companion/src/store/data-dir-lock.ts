import { mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';

import { StoreError } from '../errors.ts';

const LOCK_FILE = 'companion.pid';

function isAlive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch (error) {
        return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
}

/**
 * PGlite is a single-process database: two processes writing one data directory corrupt it.
 * This takes an exclusive pid file in the directory, fails fast when a live process holds it,
 * and takes over a file left behind by a process that died.
 *
 * @returns a function that releases the lock.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
    await mkdir(dataDir, { recursive: true });
    const file = path.join(dataDir, LOCK_FILE);
    for (let attempt = 0; attempt < 2; attempt++) {
        try {
            const handle = await open(file, 'wx', 0o600);
            await handle.writeFile(String(process.pid));
            await handle.close();
            return async () => {
                await rm(file, { force: true });
            };
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
            const holder = Number((await readFile(file, 'utf8').catch(() => '')).trim());
            if (
                Number.isInteger(holder) &&
                holder > 0 &&
                holder !== process.pid &&
                isAlive(holder)
            ) {
                throw new StoreError(
                    'data_dir_in_use',
                    `the data directory ${dataDir} is in use by another companion (pid ${holder}); ` +
                        'stop it, or set CLOSEBOOKS_DATA_DIR or DATABASE_URL for this one'
                );
            }
            await rm(file, { force: true });
        }
    }
    throw new StoreError('data_dir_in_use', `could not lock the data directory ${dataDir}`);
}
