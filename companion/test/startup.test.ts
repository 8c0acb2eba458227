import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = path.join(ROOT, 'companion/src/main.ts');
/** What `npm start` execs. */
const COMPANION = ['node', '--import', 'tsx', MAIN];

type Started = { child: ChildProcess; stderr: () => string; exited: Promise<number | null> };

function start(command: string[], env: Record<string, string | undefined>): Started {
    const [cmd, ...args] = command;
    const child = spawn(cmd ?? '', args, {
        cwd: ROOT,
        env: { ...process.env, LOG_LEVEL: 'warn', ...env },
        stdio: ['ignore', 'pipe', 'pipe']
    });
    let stderr = '';
    child.stderr?.on('data', (d) => (stderr += d));
    child.stdout?.resume();
    const exited = new Promise<number | null>((resolve) =>
        child.on('exit', (code) => resolve(code))
    );
    return { child, stderr: () => stderr, exited };
}

async function listeningUrl(started: Started, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        const match = /listening on (http:\/\/\S+)/.exec(started.stderr());
        if (match?.[1]) return match[1];
        if (started.child.exitCode !== null) break;
        await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`companion did not report its URL in ${timeoutMs} ms:\n${started.stderr()}`);
}

/** Runs a command to its end; its stdout and exit code. */
function run(command: string[], env: Record<string, string>) {
    const started = start(command, env);
    let stdout = '';
    started.child.stdout?.removeAllListeners('data');
    started.child.stdout?.on('data', (d) => (stdout += d));
    return started.exited.then((code) => ({ code, stdout, stderr: started.stderr() }));
}

describe('the companion process', () => {
    let dataDir = '';
    beforeAll(async () => {
        dataDir = await mkdtemp(path.join(os.tmpdir(), 'closebooks-start-'));
    });
    const running: Started[] = [];
    afterAll(async () => {
        for (const r of running.filter((p) => p.child.exitCode === null)) {
            r.child.kill('SIGKILL');
            await r.exited;
        }
        await rm(dataDir, { recursive: true, force: true });
    });

    it('npm start answers /healthz, refuses a second process on its data, and stops on SIGTERM', async () => {
        // How fast it starts is measured outside the tests (see the closing notes); here only behaviour.
        const first = start(['npm', 'start', '--silent'], {
            PORT: '0',
            CLOSEBOOKS_DATA_DIR: dataDir
        });
        running.push(first);
        const url = await listeningUrl(first, 60_000);
        const health = await fetch(`${url}/healthz`);
        expect(health.status).toBe(200);
        expect((await fetch(`${url}/readyz`)).status).toBe(200);

        const second = start(COMPANION, { PORT: '0', CLOSEBOOKS_DATA_DIR: dataDir });
        expect(await second.exited).toBe(1);
        expect(second.stderr()).toMatch(/is in use by another companion \(pid \d+\)/);

        // Sandbox mode: the README's commands win a seeded deal and show its Zoho invoice.
        const deadline = Date.now() + 30_000;
        while (!/npm run demo/.test(first.stderr()) && Date.now() < deadline)
            await new Promise((r) => setTimeout(r, 50));
        expect(first.stderr()).toMatch(/Sandbox mode \(no live credentials\)/);
        const closed = await run(['npm', 'run', '--silent', 'demo', '--', 'close', '1'], {
            CLOSEBOOKS_DATA_DIR: dataDir
        });
        expect(closed.code).toBe(0);
        expect(closed.stdout).toMatch(/stage Closed Won, sync Synced/);
        expect(closed.stdout).toMatch(/Zoho invoice (INV-\d+) .*status draft/);
        const number = /Zoho invoice (INV-\d+)/.exec(closed.stdout)?.[1];
        expect(closed.stdout).toContain(`in Zoho Books: ${number} for `);
        const listed = await run(['npm', 'run', '--silent', 'demo', '--', 'deals'], {
            CLOSEBOOKS_DATA_DIR: dataDir
        });
        expect(listed.stdout.split('\n')[1]).toContain(number);

        first.child.kill('SIGTERM');
        expect(await first.exited).toBe(0);
    });

    it.each([
        { name: 'a port that is not a number', env: { PORT: 'abc' }, says: /^closebooks: PORT: / },
        {
            name: 'a database URL that is not one',
            env: { DATABASE_URL: 'nonsense' },
            says: /^closebooks: DATABASE_URL: /
        },
        {
            name: 'a database without a master key',
            env: { DATABASE_URL: 'postgres://closebooks@127.0.0.1:1/closebooks' },
            says: /^closebooks: CLOSEBOOKS_MASTER_KEY: must be set when DATABASE_URL is set/
        },
        {
            name: 'an unreachable database',
            env: {
                DATABASE_URL: 'postgres://closebooks@127.0.0.1:1/closebooks',
                CLOSEBOOKS_MASTER_KEY: Buffer.alloc(32, 7).toString('base64')
            },
            says: /^closebooks: DATABASE_URL: cannot connect to the database \(ECONNREFUSED/
        }
    ])('exits 1 with one line naming the variable for $name', async ({ env, says }) => {
        const started = start(COMPANION, { CLOSEBOOKS_DATA_DIR: dataDir, ...env });
        expect(await started.exited).toBe(1);
        const lines = started.stderr().trim().split('\n');
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(says);
    });
});
