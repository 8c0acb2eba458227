// `npx closebooks <command>`: the admin command line. Every command but keys and rotate-key talks
// to a running companion over the admin API (--url or CLOSEBOOKS_URL, CLOSEBOOKS_ADMIN_KEY);
// `npx closebooks --help` lists them, their flags and the exit codes.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { loadCliEnv } from '../config.ts';
import { LOCAL_COMMANDS } from './commands/index.ts';
import { EXIT } from './exit-codes.ts';
import { runCli } from './run.ts';

const env = (() => {
    try {
        return loadCliEnv();
    } catch (error) {
        process.stderr.write(`closebooks: ${(error as Error).message}\n`);
        return process.exit(EXIT.usage);
    }
})();

process.exitCode = await runCli(process.argv.slice(2), {
    env,
    fetch,
    io: {
        out: (text) => process.stdout.write(text),
        err: (text) => process.stderr.write(text),
        errIsTty: process.stderr.isTTY === true
    },
    now: Date.now,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    runLocal: (command, args) =>
        new Promise((resolve) => {
            const script = fileURLToPath(new URL(LOCAL_COMMANDS[command], import.meta.url));
            spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: 'inherit' }).on(
                'exit',
                (code) => resolve(code ?? 1)
            );
        })
});
