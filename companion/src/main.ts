import type { AddressInfo } from 'node:net';

import { serve } from '@hono/node-server';

import { createCompanion } from './companion.ts';
import { loadConfig, type Config } from './config.ts';
import { AppError, ConfigError, StoreError } from './errors.ts';
import { createLogger } from './log.ts';
import { resolveKeyring } from './security/master-key.ts';
import { openStore } from './store/open-store.ts';

/** One line on stderr and exit 1: what a person needs when start-up cannot go on. */
function fail(message: string): never {
    process.stderr.write(`closebooks: ${message}\n`);
    process.exit(1);
}

function startupMessage(error: unknown, config: Config): string {
    if (error instanceof ConfigError) return error.message;
    if (error instanceof StoreError && error.code === 'store_unreachable')
        return `DATABASE_URL: ${error.message}`;
    if (
        error instanceof StoreError &&
        config.store.kind === 'pglite' &&
        error.code === 'store_open_failed'
    ) {
        return `CLOSEBOOKS_DATA_DIR: ${error.message}`;
    }
    if (error instanceof AppError) return error.message;
    return `start-up failed: ${error instanceof Error ? error.message : String(error)}`;
}

async function loadSandboxMode() {
    const [{ startSandboxPair }, { announceSandbox }, { withConsole }] = await Promise.all([
        import('../sandbox/demo/sandbox-mode.ts'),
        import('../sandbox/demo/announce.ts'),
        import('../sandbox/console/console.ts')
    ]);
    return { startSandboxPair, announceSandbox, withConsole };
}

async function main(): Promise<void> {
    let config: Config;
    try {
        config = loadConfig();
    } catch (error) {
        fail(error instanceof ConfigError ? error.message : String(error));
    }
    const log = createLogger(config.logLevel);
    const store = await openStore(config.store).catch((error: unknown) =>
        fail(startupMessage(error, config))
    );
    if (store.appliedMigrations.length > 0)
        log.info({ versions: store.appliedMigrations }, 'migrations applied');

    const keyring = await resolveKeyring(config, log).catch(async (error: unknown) => {
        await store.close();
        return fail(startupMessage(error, config));
    });
    // Sandbox mode: both simulators in this process stand in for Zoho and Salesforce. They are
    // loaded only then, so a production start never carries simulator code.
    const sandboxMode = config.sandbox ? await loadSandboxMode() : undefined;
    const sandbox =
        config.sandbox && sandboxMode
            ? await sandboxMode
                  .startSandboxPair({
                      host: config.host,
                      zohoPort: config.sandbox.zohoPort,
                      salesforcePort: config.sandbox.salesforcePort,
                      namespace: config.salesforceNamespace
                  })
                  .catch(async (error: unknown) => {
                      await store.close();
                      return fail(
                          `sandbox: ${error instanceof Error ? error.message : String(error)}`
                      );
                  })
            : undefined;
    const runtime = createCompanion({
        config,
        db: store.db,
        keyring,
        log,
        ...(sandbox && {
            zoho: {
                client: {
                    id: sandbox.zoho.credentials.client_id,
                    secret: sandbox.zoho.credentials.client_secret
                },
                endpoints: sandbox.endpoints
            }
        }),
        publishAlerts: true
    });
    // In sandbox mode the console (`/console`) is served next to the companion's routes.
    const fetchHandler =
        sandbox && sandboxMode
            ? await sandboxMode.withConsole(runtime.app.fetch, { pair: sandbox, log })
            : runtime.app.fetch;
    const server = serve({ fetch: fetchHandler, port: config.port, hostname: config.host });

    server.once('error', async (error: NodeJS.ErrnoException) => {
        await store.close();
        fail(
            error.code === 'EADDRINUSE'
                ? `PORT: ${config.port} is already in use on ${config.host}`
                : `cannot listen on ${config.host}:${config.port} (${error.message})`
        );
    });
    server.once('listening', async () => {
        const { port } = server.address() as AddressInfo;
        const url = `http://${config.host}:${port}`;
        runtime.start();
        log.info({ url, store: store.db.kind }, 'companion listening');
        process.stderr.write(
            `Closebooks companion listening on ${url} (store: ${store.db.kind})\n`
        );
        if (sandbox && sandboxMode) {
            process.stderr.write(`Sandbox console: ${url}/console\n`);
            await sandboxMode
                .announceSandbox(sandbox, {
                    db: store.db,
                    keyring,
                    url,
                    dataDir: config.dataDir,
                    log
                })
                .catch((error: unknown) => log.error({ err: error }, 'sandbox set-up failed'));
        }
    });

    let stopping = false;
    const shutdown = (signal: NodeJS.Signals) => {
        if (stopping) return;
        stopping = true;
        log.info({ signal }, 'shutting down');
        const force = setTimeout(() => {
            log.warn(
                { timeoutMs: config.shutdownTimeoutMs },
                'closing open connections after the shutdown timeout'
            );
            if ('closeAllConnections' in server) server.closeAllConnections();
        }, config.shutdownTimeoutMs);
        force.unref();
        server.close(async () => {
            clearTimeout(force);
            await runtime.stop();
            await sandbox?.close();
            await store.close();
            log.info('stopped');
            process.exit(0);
        });
        if ('closeIdleConnections' in server) server.closeIdleConnections();
    };
    process.on('SIGTERM', shutdown);
    process.on('SIGINT', shutdown);
}

await main();
