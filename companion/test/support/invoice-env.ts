import { pino, type Logger } from 'pino';

import { createSandboxClock, type SandboxClock } from '../../sandbox/clock.ts';
import { sandboxZoho } from '../../sandbox/demo/join.ts';
import { DEMO_SALES_REP, joinAndSeed, startSandboxPair } from '../../sandbox/demo/sandbox-mode.ts';
import type { Clock } from '../../src/clock.ts';
import { EVENT_HEADERS } from '../../src/contracts/salesforce-events.ts';
import type { RateLimit } from '../../src/mcp/rate-limit.ts';
import { createMetrics } from '../../src/metrics.ts';
import { createRuntime, type Runtime } from '../../src/runtime.ts';
import type { NotifyConfig } from '../../src/sync/collections/notifiers.ts';
import { generateMasterKey, keyring as makeKeyring } from '../../src/security/vault.ts';
import type { Db } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrate.ts';
import { opportunityEvent, postEvents } from './events.ts';
import { waitFor } from './invoice-children.ts';
import { listen } from './serve.ts';

export type Record = { [field: string]: unknown };

/**
 * The whole invoice flow end to end on one test database: both simulators served, the
 * companion's runtime (doors, worker, write-back sender) served and joined to them as a
 * connection, and the demo seed. Closing a deal through the Salesforce simulator makes it
 * POST its event batch to the companion, exactly as in sandbox mode.
 */
export async function invoiceEnv(
    db: Db,
    options: {
        deals?: number;
        linked?: boolean;
        currency?: 'USD' | 'EUR';
        clock?: SandboxClock;
        fetch?: typeof fetch;
        notify?: NotifyConfig;
        /** Zoho's webhooks registered as sandbox mode registers them. */
        webhooks?: boolean;
        /** The companion's logger (default: silent, or TEST_LOG_LEVEL). */
        log?: Logger;
        /** The MCP tools' per-key call limit (default: the runtime's). */
        mcpLimit?: RateLimit;
    } = {}
) {
    await migrate(db);
    const clock: SandboxClock = options.clock ?? createSandboxClock();
    const pair = await startSandboxPair({ clock });
    const log = options.log ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
    const keyring = makeKeyring(generateMasterKey());
    const { zohoLimiter, zohoConnect } = sandboxZoho({
        db,
        clock,
        log,
        client: {
            id: pair.zoho.credentials.client_id,
            secret: pair.zoho.credentials.client_secret
        },
        apiDomain: pair.zoho.credentials.api_domain,
        ...(options.fetch ? { fetch: options.fetch } : {})
    });
    const makeRuntime = (workerId?: string): Runtime =>
        createRuntime({
            db,
            log,
            keyring,
            metrics: createMetrics({ db, clock: clock as Clock }),
            clock,
            zohoConnect,
            zohoLimiter,
            ...(options.fetch ? { fetch: options.fetch } : {}),
            ...(workerId ? { workerId } : {}),
            worker: { idlePollMs: 25, shutdownGraceMs: 2_000 },
            ...(options.notify ? { notify: options.notify } : {}),
            ...(options.mcpLimit ? { mcpLimit: options.mcpLimit } : {}),
            writeback: { quietMs: 0 }
        });
    const runtime = makeRuntime();
    const server = await listen(runtime.app);
    const { connectionId, eventSecret, seed } = await joinAndSeed(
        pair,
        { db, keyring },
        {
            companionUrl: server.url,
            deals: options.deals ?? 3,
            linked: options.linked ?? false,
            webhooks: options.webhooks ?? false,
            ...(options.currency ? { currency: options.currency } : {})
        }
    );
    runtime.start();
    const sf = pair.salesforce.sandbox;
    const sfOrg = pair.salesforce.credentials.org_id;
    const zohoOrg = pair.zoho.credentials.organization_id;

    const env = {
        db,
        clock,
        pair,
        runtime,
        makeRuntime,
        keyring,
        connectionId,
        seed,
        server,
        sf,
        sfOrg,
        zohoOrg,
        /** Sends events as the package's Apex does ("Create invoice" / "Resync" send invoice.requested). */
        async sendEvents(
            type: 'invoice.requested' | 'opportunity.won',
            recordIds: readonly string[]
        ) {
            const userId = pair.salesforce.sandbox.org(sfOrg).adminUserId;
            const now = clock.now();
            const res = await postEvents(
                server.url,
                { connectionId, eventSecret, orgId: sfOrg },
                recordIds.map((id) => opportunityEvent(type, id, userId, now)),
                now
            );
            if (res.status !== 202)
                throw new Error(`events answered ${res.status}: ${await res.text()}`);
        },
        /** Calls a door as the package does, through its Named Credential headers. */
        packageCall(path: string, body: unknown) {
            return fetch(`${server.url}${path}`, {
                method: 'POST',
                headers: {
                    'content-type': 'application/json',
                    [EVENT_HEADERS.connection]: connectionId,
                    [EVENT_HEADERS.secret]: eventSecret
                },
                body: JSON.stringify(body)
            });
        },
        /** Reads a package door as the setup page does, through its Named Credential headers. */
        packageGet(path: string) {
            return fetch(`${server.url}${path}`, {
                headers: {
                    [EVENT_HEADERS.connection]: connectionId,
                    [EVENT_HEADERS.secret]: eventSecret
                }
            });
        },
        /** Closes deals as won, as the sales rep, in one transaction (one event batch). */
        closeDeals(ids: readonly string[], fields: Record = {}) {
            for (const id of ids)
                sf.update(
                    sfOrg,
                    'Opportunity',
                    id,
                    { StageName: 'Closed Won', ...fields },
                    DEMO_SALES_REP
                );
        },
        opportunity(id: string): Record {
            const found = sf.records(sfOrg, 'Opportunity').find((r) => r.Id === id);
            if (!found) throw new Error(`no opportunity ${id}`);
            return found as Record;
        },
        mirrors(): Record[] {
            return sf.records(sfOrg, 'Zoho_Invoice__c') as Record[];
        },
        async zohoState() {
            const res = await pair.zoho.sandbox.app.request(`/_sandbox/orgs/${zohoOrg}`);
            return (await res.json()) as {
                invoices: Record[];
                contacts: Record[];
                items: Record[];
                taxes: Record[];
            };
        },
        async invoicesFor(opportunityId: string) {
            const state = await env.zohoState();
            return state.invoices.filter(
                (i) =>
                    (i.custom_fields as { api_name?: string; value?: unknown }[] | undefined)?.some(
                        (f) =>
                            f.api_name === 'cf_salesforce_id' &&
                            f.value === `${sfOrg}:${opportunityId}`
                    ) || i.reference_number === opportunityId
            );
        },
        /** Polls (real time) until `check` returns a value, or fails after `ms`. */
        waitFor<T>(
            check: () => T | undefined | false | Promise<T | undefined | false>,
            ms = 15_000,
            what = 'condition'
        ): Promise<T> {
            return waitFor(check, what, ms);
        },
        async close() {
            await runtime.stop();
            await server.close();
            await pair.close();
        }
    };
    return env;
}
export type InvoiceEnv = Awaited<ReturnType<typeof invoiceEnv>>;
