import { pino } from 'pino';

import { joinSandboxConnection, sandboxZoho } from '../sandbox/demo/join.ts';
import { registerDemoWebhooks } from '../sandbox/demo/webhooks.ts';
import { createMetrics } from '../src/metrics.ts';
import { createRuntime, type Runtime } from '../src/runtime.ts';
import { generateMasterKey, keyring as makeKeyring } from '../src/security/vault.ts';
import { openPglite, openPostgres, type Db } from '../src/store/db.ts';
import { saveLink } from '../src/store/links.ts';
import { migrate } from '../src/store/migrate.ts';
import { createServerDatabase } from '../test/support/process-store.ts';
import { listen } from '../test/support/serve.ts';
import type { Backend, BenchEngine, BenchEnv } from './harness.ts';

/** A fresh store for one run: in-memory PGlite, or a new database on the server at `databaseUrl`. */
export async function openStore(backend: Backend, databaseUrl: string | undefined) {
    if (backend !== 'postgres') return { db: await openPglite(), drop: async () => undefined };
    if (!databaseUrl)
        throw new Error(
            'the postgres backend needs --database-url or CLOSEBOOKS_BENCH_DATABASE_URL'
        );
    const database = await createServerDatabase(databaseUrl, 'bench');
    return { db: await openPostgres(database.url), drop: database.drop };
}

/** The seed's customers and items in the connection's link ledger ("already linked"). */
export async function linkSeed(db: Db, env: BenchEnv, connectionId: string): Promise<void> {
    const zohoOrganizationId = env.zoho.credentials.organization_id;
    const linked = [
        ...env.seed.accounts.map((a) => ['customer', a.salesforceId, a.zohoContactId] as const),
        ...env.seed.products.map((p) => ['item', p.salesforceId, p.zohoItemId] as const)
    ];
    for (const [kind, salesforceId, zohoId] of linked)
        if (zohoId)
            await saveLink(db, {
                connectionId,
                kind,
                salesforceId,
                zohoOrganizationId,
                zohoId,
                dataHash: null
            });
}

export type Companion = {
    db: Db;
    runtime: Runtime;
    connectionId: string;
    /** Stops the runtime and releases its server and store. */
    stop(): Promise<void>;
};

/**
 * The companion as it runs in production, on the benchmark's simulators and clock: the same
 * runtime (doors, worker, write-back sender), joined to the orgs as a connection, with the
 * seed's customers and items already in its link ledger ("already linked"). Not started: the
 * caller starts the worker when it wants one. With `zohoWebhooks`, the Zoho simulator's outgoing
 * webhooks are set up as an admin would for a live connection (invoices edited or deleted,
 * payments, credit notes; signed), pointed at the companion.
 */
export async function joinCompanion(
    backend: Backend,
    env: BenchEnv,
    options: { zohoWebhooks?: boolean } = {}
): Promise<Companion> {
    const store = await openStore(backend, env.databaseUrl);
    const db = store.db;
    await migrate(db);
    const log = pino({ level: process.env.BENCH_LOG_LEVEL ?? 'silent' });
    const keyring = makeKeyring(generateMasterKey());
    const { zohoLimiter, zohoConnect } = sandboxZoho({
        db,
        clock: env.clock,
        log,
        client: {
            id: env.zoho.credentials.client_id,
            secret: env.zoho.credentials.client_secret
        },
        apiDomain: env.zoho.credentials.api_domain
    });
    const runtime = createRuntime({
        db,
        log,
        keyring,
        metrics: createMetrics({ db, clock: env.clock }),
        clock: env.clock,
        zohoConnect,
        zohoLimiter,
        worker: { idlePollMs: 25 }
    });
    const server = await listen(runtime.app);
    const { connectionId } = await joinSandboxConnection(
        { db, keyring },
        {
            name: 'Bench',
            zoho: env.zoho.credentials,
            salesforce: env.salesforce.credentials,
            salesforceSandbox: env.salesforce.sandbox,
            companionUrl: server.url
        }
    );
    if (options.zohoWebhooks)
        await registerDemoWebhooks(
            { db, keyring },
            {
                zoho: env.zoho.sandbox,
                organizationId: env.zoho.credentials.organization_id,
                connectionId,
                companionUrl: server.url
            }
        );
    await linkSeed(db, env, connectionId);
    return {
        db,
        runtime,
        connectionId,
        stop: async () => {
            await runtime.stop();
            await server.close();
            await db.close();
            await store.drop();
        }
    };
}

/** The companion (`joinCompanion`) as a benchmark engine, its worker started. */
export function closebooksEngine(
    backend: Backend,
    options: { zohoWebhooks?: boolean } = {}
): BenchEngine {
    let companion: Companion | undefined;
    return {
        name: 'closebooks',
        backend: backend === 'none' ? 'pglite' : backend,
        async start(env: BenchEnv) {
            companion = await joinCompanion(backend, env, options);
            companion.runtime.start();
        },
        async stop() {
            await companion?.stop();
        }
    };
}
