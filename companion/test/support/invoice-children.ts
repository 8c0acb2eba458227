import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import type { InvoiceProcessConfig } from './invoice-process.ts';
import { memoryReportSchema, type MemoryReport, type MemoryRequest } from './process-memory.ts';

/**
 * Starting and stopping `invoice-process.ts` children for the multi-process invoice tests, the
 * chaos run and the benchmark's `rss` scenario.
 */

const SCRIPT = fileURLToPath(new URL('./invoice-process.ts', import.meta.url));

/** A child's Zoho OAuth client and API domain, from a simulated organization's credentials. */
export function zohoClientOf(credentials: {
    client_id: string;
    client_secret: string;
    api_domain: string;
}): InvoiceProcessConfig['zoho'] {
    return {
        clientId: credentials.client_id,
        clientSecret: credentials.client_secret,
        apiDomain: credentials.api_domain
    };
}

export type Child = {
    process: ChildProcess;
    url: Promise<string>;
    exited: Promise<void>;
    /** Asks a child started with `measured` for its memory figures (see process-memory.ts). */
    memory(request: MemoryRequest): Promise<MemoryReport>;
};

/** Answers a measured child's memory messages to its requests, in the order they were sent. */
function memoryChannel(child: ChildProcess) {
    const waiting: { resolve: (r: MemoryReport) => void; reject: (e: Error) => void }[] = [];
    child.on('message', (message: unknown) => {
        const report = memoryReportSchema.safeParse(message);
        if (report.success) waiting.shift()?.resolve(report.data);
    });
    child.once('exit', () => {
        for (const w of waiting.splice(0)) w.reject(new Error('the companion process exited'));
    });
    return (request: MemoryRequest) =>
        new Promise<MemoryReport>((resolve, reject) => {
            if (!child.connected) {
                reject(new Error('the companion process has no memory channel'));
                return;
            }
            waiting.push({ resolve, reject });
            child.send(request);
        });
}

/**
 * Starts a companion process. `measured`: with `--expose-gc` and an IPC channel, so it can be
 * asked for its memory (`Child.memory`).
 */
export function startChild(
    config: InvoiceProcessConfig,
    options: { measured?: boolean } = {}
): Child {
    const child = spawn(
        'node',
        [...(options.measured ? ['--expose-gc'] : []), '--import', 'tsx', SCRIPT],
        {
            env: { ...process.env, CLOSEBOOKS_TEST_PROCESS: JSON.stringify(config) },
            stdio: ['ignore', 'pipe', 'pipe', ...(options.measured ? ['ipc' as const] : [])]
        }
    );
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
    return { process: child, url, exited, memory: memoryChannel(child) };
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
