// A whole companion runtime (doors, worker, write-back sender) in its own process, for the invoice
// crash test: the test SIGKILLs it mid-flow and starts another one on the same store.
// The chaos run and the benchmark's `rss` scenario run it too.
// Configured by one env var, CLOSEBOOKS_TEST_PROCESS, holding JSON:
//   { store: 'pglite:<dir>' | 'postgres:<url>', masterKey,
//     zoho: { clientId, clientSecret, apiDomain }, leaseMs?, writeback?, clock? }
// Prints `listening <url>` on stdout once served and started; SIGTERM stops it cleanly (exit 0).
// Started with an IPC channel, it answers memory requests on it (process-memory.ts).
// Usage: CLOSEBOOKS_TEST_PROCESS='{...}' node --import tsx invoice-process.ts
import type { AddressInfo } from 'node:net';

import { serve } from '@hono/node-server';
import { pino } from 'pino';
import { z } from 'zod';

import { createSandboxClock } from '../../sandbox/clock.ts';
import { sandboxZoho } from '../../sandbox/demo/join.ts';
import { systemClock } from '../../src/clock.ts';
import { createMetrics } from '../../src/metrics.ts';
import { createRuntime } from '../../src/runtime.ts';
import { keyring } from '../../src/security/vault.ts';
import { lockDataDir } from '../../src/store/data-dir-lock.ts';
import { openPglite, openPostgres } from '../../src/store/db.ts';
import { answerMemoryRequests } from './process-memory.ts';

export const INVOICE_PROCESS_ENV = 'CLOSEBOOKS_TEST_PROCESS';

export const invoiceProcessConfigSchema = z.object({
    store: z.string().regex(/^(pglite|postgres):.+/),
    masterKey: z.string().min(1),
    zoho: z.object({
        clientId: z.string().min(1),
        clientSecret: z.string().min(1),
        apiDomain: z.string().min(1)
    }),
    /** The worker's job lease (default: the worker's own, as in production). */
    leaseMs: z.number().int().positive().optional(),
    /**
     * The write-back sender's quiet wait before it sends a batch: 0 (the default here) sends at
     * once, for tests; `{}` keeps the sender's production default.
     */
    writeback: z.object({ quietMs: z.number().int().min(0).optional() }).default({ quietMs: 0 }),
    /**
     * Run on a scaled clock that agrees with the parent's sandbox clock: it read `at` when the
     * wall clock read `wall`, and flows `scale` times real time (chaos runs). Default: real time.
     */
    clock: z.object({ at: z.number(), wall: z.number(), scale: z.number().positive() }).optional()
});
/** What a parent writes (defaults filled in by the child). */
export type InvoiceProcessConfig = z.input<typeof invoiceProcessConfigSchema>;

async function main(): Promise<void> {
    const config = invoiceProcessConfigSchema.parse(
        JSON.parse(process.env[INVOICE_PROCESS_ENV] ?? '{}')
    );
    const split = config.store.indexOf(':');
    const kind = config.store.slice(0, split);
    const location = config.store.slice(split + 1);
    const unlock = kind === 'pglite' ? await lockDataDir(location) : async () => undefined;
    const db = kind === 'pglite' ? await openPglite(location) : await openPostgres(location);

    const clock = config.clock
        ? createSandboxClock({
              startAt: config.clock.at + (Date.now() - config.clock.wall) * config.clock.scale,
              scale: config.clock.scale
          })
        : systemClock;
    const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
    const { zohoLimiter, zohoConnect } = sandboxZoho({
        db,
        clock,
        log,
        client: { id: config.zoho.clientId, secret: config.zoho.clientSecret },
        apiDomain: config.zoho.apiDomain
    });
    const runtime = createRuntime({
        db,
        log,
        keyring: keyring(config.masterKey),
        metrics: createMetrics({ db, clock }),
        clock,
        zohoConnect,
        zohoLimiter,
        worker: { ...(config.leaseMs ? { leaseMs: config.leaseMs } : {}), idlePollMs: 25 },
        writeback: config.writeback
    });
    const server = serve({ fetch: runtime.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve, reject) => {
        server.once('listening', resolve);
        server.once('error', reject);
    });
    const { port } = server.address() as AddressInfo;
    runtime.start();
    answerMemoryRequests();
    process.stdout.write(`listening http://127.0.0.1:${port}\n`);

    process.once('SIGTERM', () => {
        void (async () => {
            if ('closeAllConnections' in server) server.closeAllConnections();
            await new Promise<void>((resolve) => server.close(() => resolve()));
            await runtime.stop();
            await db.close();
            await unlock();
            process.exit(0);
        })();
    });
}

await main();
