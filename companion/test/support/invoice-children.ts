import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import type { InvoiceProcessConfig } from './invoice-process.ts';

/** Starting and stopping `invoice-process.ts` children for the multi-process invoice tests. */

const SCRIPT = fileURLToPath(new URL('./invoice-process.ts', import.meta.url));

export type Child = { process: ChildProcess; url: Promise<string>; exited: Promise<void> };

export function startChild(config: InvoiceProcessConfig): Child {
    const child = spawn('node', ['--import', 'tsx', SCRIPT], {
        env: { ...process.env, CLOSEBOOKS_TEST_PROCESS: JSON.stringify(config) },
        stdio: ['ignore', 'pipe', 'pipe']
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) resolve();
        else child.once('exit', () => resolve());
    });
    const url = new Promise<string>((resolve, reject) => {
        const timer = setInterval(() => {
            const match = /listening (http:\/\/\S+)/.exec(stdout);
            if (match?.[1]) {
                clearInterval(timer);
                resolve(match[1]);
            } else if (child.exitCode !== null || child.signalCode !== null) {
                clearInterval(timer);
                reject(new Error(`the companion process exited before listening: ${stderr}`));
            }
        }, 25);
    });
    return { process: child, url, exited };
}

export async function stopChild(child: Child | undefined, signal: NodeJS.Signals): Promise<void> {
    if (!child) return;
    const p = child.process;
    if (p.exitCode === null && p.signalCode === null) p.kill(signal);
    await child.exited;
}

export async function waitFor<T>(
    check: () => T | undefined | false | Promise<T | undefined | false>,
    what: string,
    ms = 20_000
): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
        const value = await check();
        if (value !== undefined && value !== false) return value;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 25));
    }
}
