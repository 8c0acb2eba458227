// A child process of the ingest scenario (ingest.ts): serves, on a free loopback port, either
// the companion as it runs in production (its whole app, the real Zoho webhook door with its
// signature check and durable store write; logs at info, written to /dev/null) or a bare Hono
// handler that parses the same JSON body and answers 200 without storing. The worker does not
// run: the scenario measures the door. Talks to its parent over IPC: it sends
// `{ ready, url, connectionId, organizationId }`, then answers `count` with what is stored and
// `stop` by closing.
import { Hono } from 'hono';
import { pino } from 'pino';

import { sandboxZoho } from '../sandbox/demo/join.ts';
import { systemClock } from '../src/clock.ts';
import { createLogger } from '../src/log.ts';
import { createMetrics } from '../src/metrics.ts';
import { createRuntime } from '../src/runtime.ts';
import { generateMasterKey, keyring as makeKeyring } from '../src/security/vault.ts';
import { addZohoOrganization, createConnection } from '../src/store/connections.ts';
import type { Db } from '../src/store/db.ts';
import { migrate } from '../src/store/migrate.ts';
import { putSecret } from '../src/store/secrets.ts';
import { listen } from '../test/support/serve.ts';
import { openStore } from './closebooks.ts';
import {
    ingestRequestSchema,
    ingestServerConfigSchema,
    type IngestCount,
    type IngestServerConfig
} from './ingest-protocol.ts';

function bareApp() {
    return new Hono().post('/v1/zoho/webhooks/:connection', async (c) => {
        const body: unknown = JSON.parse(await c.req.text());
        return c.json({ accepted: body === null ? 0 : 1, duplicates: 0 }, 200);
    });
}

async function companion(config: IngestServerConfig) {
    const store = await openStore(config.backend, config.databaseUrl);
    const db = store.db;
    await migrate(db);
    const log = createLogger('info', pino.destination({ dest: '/dev/null' }));
    const keyring = makeKeyring(generateMasterKey());
    const { id: connectionId } = await createConnection(db, {
        name: 'Ingest bench',
        salesforceOrgId: '00D5g000004BENCHAQ'
    });
    await addZohoOrganization(db, {
        connectionId,
        organizationId: config.organizationId,
        region: 'us'
    });
    await putSecret(db, keyring, { connectionId, kind: 'webhook_secret' }, config.webhookSecret);
    // Never called: the worker does not run and no Zoho call is made.
    const zoho = sandboxZoho({
        db,
        clock: systemClock,
        log,
        client: { id: 'ingest-bench', secret: 'ingest-bench' },
        apiDomain: 'http://127.0.0.1:9/dc/us/api'
    });
    const runtime = createRuntime({
        db,
        log,
        keyring,
        metrics: createMetrics({ db, clock: systemClock }),
        clock: systemClock,
        ...zoho
    });
    return { app: runtime.app, connectionId, db, drop: store.drop };
}

async function count(db: Db | undefined, since: NodeJS.CpuUsage): Promise<IngestCount> {
    const used = process.cpuUsage(since);
    const cpuMs = (used.user + used.system) / 1000;
    const none = { inbox: 0, records: 0, jobs: 0 };
    if (!db) return { ...none, cpuMs };
    const [row] = await db.query<Omit<IngestCount, 'cpuMs'>>(
        `SELECT (SELECT count(*) FROM inbox)::int AS inbox,
                (SELECT count(DISTINCT payload->>'recordId') FROM inbox)::int AS records,
                (SELECT count(*) FROM jobs)::int AS jobs`
    );
    return { ...(row ?? none), cpuMs };
}

const config = ingestServerConfigSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
const served =
    config.mode === 'companion'
        ? await companion(config)
        : { app: bareApp(), connectionId: 'bare', db: undefined, drop: async () => undefined };
const server = await listen(served.app);
const readyCpu = process.cpuUsage();
process.on('message', (raw) => {
    const message = ingestRequestSchema.parse(raw);
    if (message === 'count') {
        void count(served.db, readyCpu).then((counted) => process.send?.({ count: counted }));
        return;
    }
    void (async () => {
        await server.close();
        await served.db?.close();
        await served.drop();
        process.disconnect();
    })();
});
process.send?.({
    ready: true,
    url: server.url,
    connectionId: served.connectionId
});
