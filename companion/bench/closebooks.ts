import { pino } from 'pino';

import { joinSandboxConnection, sandboxEndpoints } from '../sandbox/demo/join.ts';
import { createMetrics } from '../src/metrics.ts';
import { createRuntime, type Runtime } from '../src/runtime.ts';
import { generateMasterKey, keyring as makeKeyring } from '../src/security/vault.ts';
import { openPglite, openPostgres, type Db } from '../src/store/db.ts';
import { saveLink } from '../src/store/links.ts';
import { migrate } from '../src/store/migrate.ts';
import { createZohoConnect } from '../src/zoho/connect.ts';
import { createZohoRateLimiter } from '../src/zoho/rate-limiter.ts';
import { limitsForPlan } from '../src/zoho/rate-policy.ts';
import { listen } from '../test/support/serve.ts';
import type { Backend, BenchEngine, BenchEnv } from './harness.ts';

async function openStore(backend: Backend, databaseUrl: string | undefined) {
    if (backend !== 'postgres') return { db: await openPglite(), drop: async () => undefined };
    if (!databaseUrl)
        throw new Error(
            'the postgres backend needs --database-url or CLOSEBOOKS_BENCH_DATABASE_URL'
        );
    const name = `closebooks_bench_${Date.now().toString(36)}`;
    const admin = await openPostgres(databaseUrl, { max: 1 });
    await admin.exec(`CREATE DATABASE ${name}`);
    await admin.close();
    const url = new URL(databaseUrl);
    url.pathname = `/${name}`;
    const db = await openPostgres(url.toString());
    return {
        db,
        drop: async () => {
            const again = await openPostgres(databaseUrl, { max: 1 });
            await again.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
            await again.close();
        }
    };
}

/**
 * The companion as it runs in production, on the benchmark's simulators and clock: the same
 * runtime (doors, worker, write-back sender), joined to the orgs as a connection, with the
 * seed's customers and items already in its link ledger ("already linked").
 */
export function closebooksEngine(backend: Backend): BenchEngine {
    let runtime: Runtime | undefined;
    let db: Db | undefined;
    let cleanup: (() => Promise<void>)[] = [];
    return {
        name: 'closebooks',
        backend: backend === 'none' ? 'pglite' : backend,
        async start(env: BenchEnv) {
            const store = await openStore(backend, env.databaseUrl);
            db = store.db;
            await migrate(db);
            const log = pino({ level: process.env.BENCH_LOG_LEVEL ?? 'silent' });
            const keyring = makeKeyring(generateMasterKey());
            const zohoLimiter = createZohoRateLimiter({
                db,
                clock: env.clock,
                limitsFor: () => limitsForPlan('standard')
            });
            const zohoConnect = createZohoConnect({
                client: {
                    id: env.zoho.credentials.client_id,
                    secret: env.zoho.credentials.client_secret
                },
                redirectUri: 'http://127.0.0.1/v1/oauth/zoho/callback',
                endpoints: sandboxEndpoints(env.zoho.credentials),
                limiter: zohoLimiter,
                clock: env.clock,
                fetch,
                log
            });
            runtime = createRuntime({
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
            const zohoOrganizationId = env.zoho.credentials.organization_id;
            for (const a of env.seed.accounts)
                if (a.zohoContactId)
                    await saveLink(db, {
                        connectionId,
                        kind: 'customer',
                        salesforceId: a.salesforceId,
                        zohoOrganizationId,
                        zohoId: a.zohoContactId,
                        dataHash: null
                    });
            for (const p of env.seed.products)
                if (p.zohoItemId)
                    await saveLink(db, {
                        connectionId,
                        kind: 'item',
                        salesforceId: p.salesforceId,
                        zohoOrganizationId,
                        zohoId: p.zohoItemId,
                        dataHash: null
                    });
            runtime.start();
            cleanup = [server.close, store.drop];
        },
        async stop() {
            await runtime?.stop();
            await cleanup[0]?.();
            await db?.close();
            await cleanup[1]?.();
        }
    };
}
