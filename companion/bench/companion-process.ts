import http from 'node:http';

import { z } from 'zod';

import { joinSandboxConnection } from '../sandbox/demo/join.ts';
import { generateMasterKey, keyring } from '../src/security/vault.ts';
import { createApiKey } from '../src/store/api-keys.ts';
import { migrate } from '../src/store/migrate.ts';
import { startChild, stopChild, zohoClientOf } from '../test/support/invoice-children.ts';
import type { MemoryReport } from '../test/support/process-memory.ts';
import { openProcessStore } from '../test/support/process-store.ts';
import { linkSeed } from './closebooks.ts';
import type { Backend, BenchEngine, BenchEnv } from './harness.ts';

/**
 * The companion in a process of its own (the chaos run's `invoice-process.ts`), talking to the
 * benchmark's simulators over HTTP, so its memory is measured apart from theirs. Its store is
 * prepared here first, as `joinCompanion` prepares the in-process one (migrated, joined to the
 * orgs, the seed already linked), plus an `admin:read` key for the reconciliation route; on
 * PGlite it is a data directory, as `npm start` keeps by default (`CLOSEBOOKS_DATA_DIR`).
 */

export type CompanionProcess = {
    connectionId: string;
    /** The figures the process reports of itself (see test/support/process-memory.ts). */
    memory(
        request: { type: 'mark'; retainedEveryMs: number } | { type: 'read' }
    ): Promise<MemoryReport>;
    /** `GET /v1/admin/connections/:id/reconciliation?since=`: the findings of the report. */
    reconcile(since: string): Promise<{ kind: string; zohoInvoiceId: string }[]>;
    /** SIGTERM (a clean stop), then the store is dropped. */
    stop(): Promise<void>;
};

const reconciliationSchema = z.looseObject({
    invoices: z.array(z.looseObject({ kind: z.string(), zohoInvoiceId: z.string() }))
});

/**
 * A GET that waits as long as the answer takes: the admin route answers a reconciliation when
 * it has read both sides, which for 100k invoices on a busy machine is longer than fetch's
 * five minutes for the headers.
 */
function getLong(
    url: string,
    headers: Record<string, string>
): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
        const req = http.get(url, { headers }, (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (body += chunk));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
            res.on('error', reject);
        });
        req.on('error', reject);
    });
}

export async function startCompanionProcess(
    backend: Backend,
    env: BenchEnv
): Promise<CompanionProcess> {
    const store = await openProcessStore({
        backend: backend === 'postgres' ? 'postgres' : 'pglite',
        prefix: 'bench',
        ...(env.databaseUrl ? { databaseUrl: env.databaseUrl } : {})
    });
    const masterKey = generateMasterKey();
    const db = await store.open();
    await migrate(db);
    // The Named Credential is pointed at the process once it listens (below), before any event.
    const { connectionId, eventSecret } = await joinSandboxConnection(
        { db, keyring: keyring(masterKey) },
        {
            name: 'Bench',
            zoho: env.zoho.credentials,
            salesforce: env.salesforce.credentials,
            salesforceSandbox: env.salesforce.sandbox,
            companionUrl: 'http://127.0.0.1:9'
        }
    );
    await linkSeed(db, env, connectionId);
    const { token } = await createApiKey(db, { name: 'bench', scopes: ['admin:read'] });
    await db.close();

    const child = startChild(
        {
            store: store.store,
            masterKey,
            zoho: zohoClientOf(env.zoho.credentials),
            // The write-back sender's production timing (the chaos run sends at once).
            writeback: {},
            clock: { at: env.clock.now(), wall: Date.now(), scale: env.clock.scale }
        },
        { measured: true }
    );
    const url = await child.url.catch(async (error: unknown) => {
        await store.drop();
        throw error;
    });
    env.salesforce.sandbox.setCompanion(env.salesforce.credentials.org_id, {
        url,
        connectionId,
        secret: eventSecret
    });
    return {
        connectionId,
        memory: async (request) => {
            const report = await child.memory(request);
            // Without it, the held heap would silently be the heap in use, garbage included.
            if (!report.heldHeap && request.type === 'mark')
                throw new Error('the companion process cannot collect garbage (no --expose-gc)');
            return report;
        },
        reconcile: async (since) => {
            const path = `/v1/admin/connections/${connectionId}/reconciliation?since=${since}`;
            const res = await getLong(`${url}${path}`, { authorization: `Bearer ${token}` });
            if (res.status !== 200)
                throw new Error(`reconciliation answered ${res.status}: ${res.body}`);
            return reconciliationSchema.parse(JSON.parse(res.body)).invoices;
        },
        stop: async () => {
            await stopChild(child, 'SIGTERM');
            await store.drop();
        }
    };
}

/**
 * The companion process as a benchmark engine. Its held heap is measured from its start
 * (sampled every `retainedEveryMs`); `stop` reads its figures last, kept in `finalMemory`.
 */
export function closebooksProcessEngine(
    backend: Backend,
    retainedEveryMs: number
): BenchEngine & {
    memory(): Promise<MemoryReport>;
    finalMemory(): MemoryReport | undefined;
} {
    let companion: CompanionProcess | undefined;
    let last: MemoryReport | undefined;
    return {
        name: 'closebooks',
        backend: backend === 'none' ? 'pglite' : backend,
        async start(env: BenchEnv) {
            companion = await startCompanionProcess(backend, env);
            await companion.memory({ type: 'mark', retainedEveryMs });
        },
        memory() {
            if (!companion) throw new Error('the companion process is not started');
            return companion.memory({ type: 'read' });
        },
        async stop() {
            if (!companion) return;
            last = await companion.memory({ type: 'read' });
            await companion.stop();
        },
        finalMemory: () => last
    };
}
