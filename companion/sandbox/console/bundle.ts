import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Logger } from '../../src/log.ts';
import {
    bundleInputs,
    bundlePath,
    DEFAULT_CACHE_DIR,
    hashInputs,
    isBuilt,
    REPO_ROOT
} from './build.ts';
import { ConsoleError } from './errors.ts';

const BUILD_MAIN = fileURLToPath(new URL('./build-main.ts', import.meta.url));

export type ConsoleBundle = {
    /** The built bundle's file: at once from the cache, else after a build the first call starts. */
    ready(): Promise<string>;
    /** Whether the bundle came from the cache. */
    readonly cached: boolean;
};

function runBuild(outFile: string): Promise<void> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', BUILD_MAIN, outFile], {
            cwd: REPO_ROOT,
            stdio: ['ignore', 'ignore', 'pipe']
        });
        // A companion that stops mid-build takes its build with it.
        const stop = () => child.kill();
        process.once('exit', stop);
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('error', reject);
        child.on('close', (code) => {
            process.off('exit', stop);
            if (code === 0) resolve();
            else reject(new ConsoleError('console_build_failed', stderr.trim() || `exit ${code}`));
        });
    });
}

/**
 * The console's bundle, keyed by a hash of its inputs (force-app's components and labels, the
 * console's client code, the lock file) in `cacheDir`: served from the cache when the inputs are
 * unchanged, otherwise built in a child process when the console is first opened (so a sandbox
 * start that never opens it, as in tests and the demo, costs no build).
 */
export async function consoleBundle(options: {
    log: Logger;
    cacheDir?: string;
}): Promise<ConsoleBundle> {
    const cacheDir = options.cacheDir ?? DEFAULT_CACHE_DIR;
    const key = await hashInputs(await bundleInputs());
    const file = bundlePath(cacheDir, key);
    if (await isBuilt(file)) {
        options.log.info({ file }, 'console bundle from the cache');
        return { ready: () => Promise.resolve(file), cached: true };
    }
    let built: Promise<string> | undefined;
    const build = () => {
        options.log.info({ file: path.relative(REPO_ROOT, file) }, 'console bundle building');
        const started = Date.now();
        const done = runBuild(file).then(() => {
            options.log.info({ ms: Date.now() - started }, 'console bundle built');
            return file;
        });
        done.catch((error: unknown) => {
            options.log.error({ err: error }, 'console bundle failed');
            built = undefined; // the next visit tries again
        });
        return done;
    };
    return { ready: () => (built ??= build()), cached: false };
}
