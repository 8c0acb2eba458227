import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { serve, type ServerType } from '@hono/node-server';
import { z } from 'zod';
import type { AddressInfo } from 'node:net';

import type { Keyring } from '../../src/security/vault.ts';
import type { Db } from '../../src/store/db.ts';
import type { EndpointTable } from '../../src/zoho/regions.ts';
import { createSandboxClock, type SandboxClock } from '../clock.ts';
import type { OrgCredentials as SalesforceCredentials } from '../salesforce/org-factory.ts';
import {
    createSalesforceSandbox,
    type SalesforceSandbox
} from '../salesforce/salesforce-sandbox.ts';
import type { OrgCredentials as ZohoCredentials } from '../zoho/provision.ts';
import { createZohoSandbox, type ZohoSandbox } from '../zoho/zoho-sandbox.ts';
import { joinSandboxConnection, SANDBOX_REDIRECT_URI, sandboxEndpoints } from './join.ts';
import { deployDemoRules } from './rules.ts';
import { seedDemo, type DemoSeed } from './seed.ts';
import { registerDemoWebhooks } from './webhooks.ts';

export const DEMO_CONNECTION_NAME = 'Sandbox demo';
export const DEMO_SALES_REP = 'rep@demo.sandbox';

export type SandboxPair = {
    clock: SandboxClock;
    zoho: { sandbox: ZohoSandbox; url: string; credentials: ZohoCredentials };
    salesforce: { sandbox: SalesforceSandbox; url: string; credentials: SalesforceCredentials };
    /** The Zoho endpoints the companion uses instead of the real data centres. */
    endpoints: EndpointTable;
    close(): Promise<void>;
};

function listen(
    app: { fetch: (r: Request) => Response | Promise<Response> },
    host: string,
    port: number,
    name: string
): Promise<{ server: ServerType; url: string }> {
    return new Promise((resolve, reject) => {
        const server = serve({ fetch: app.fetch, port, hostname: host });
        server.once('error', (error: NodeJS.ErrnoException) =>
            reject(
                new Error(
                    `cannot serve the ${name} simulator on ${host}:${port} (${error.code ?? error.message})`
                )
            )
        );
        server.once('listening', () => {
            const { port: actual } = server.address() as AddressInfo;
            resolve({ server, url: `http://${host}:${actual}` });
        });
    });
}

function close(server: ServerType): Promise<void> {
    return new Promise((resolve) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => resolve());
    });
}

/**
 * Both simulators served on loopback, each with one organization: a Zoho Books organization
 * (USD base) and a multi-currency Salesforce org (USD corporate) with a sales rep.
 */
export async function startSandboxPair(options: {
    host?: string;
    zohoPort?: number;
    salesforcePort?: number;
    clock?: SandboxClock;
    /** The package's namespace in the simulated org (default: sfdx-project.json's). */
    namespace?: string;
}): Promise<SandboxPair> {
    const host = options.host ?? '127.0.0.1';
    const clock = options.clock ?? createSandboxClock();
    const zoho = createZohoSandbox({ clock });
    const salesforce = createSalesforceSandbox({
        clock,
        ...(options.namespace === undefined ? {} : { namespace: options.namespace })
    });
    const zohoServer = await listen(zoho.app, host, options.zohoPort ?? 0, 'Zoho');
    const sfServer = await listen(
        salesforce.app,
        host,
        options.salesforcePort ?? 0,
        'Salesforce'
    ).catch(async (error: unknown) => {
        await close(zohoServer.server);
        throw error;
    });
    const zohoCredentials = zoho.createOrg(
        { name: 'Closebooks Demo', plan: 'standard', redirect_uris: [SANDBOX_REDIRECT_URI] },
        zohoServer.url
    );
    const sfCredentials = salesforce.createOrg({
        name: 'Closebooks Demo',
        instanceUrl: sfServer.url,
        multiCurrency: true,
        corporateCurrency: 'USD'
    });
    salesforce.addUser(sfCredentials.org_id, {
        username: DEMO_SALES_REP,
        firstName: 'Sam',
        lastName: 'Seller'
    });
    return {
        clock,
        zoho: { sandbox: zoho, url: zohoServer.url, credentials: zohoCredentials },
        salesforce: { sandbox: salesforce, url: sfServer.url, credentials: sfCredentials },
        endpoints: sandboxEndpoints(zohoCredentials),
        close: async () => {
            await salesforce.settle();
            await Promise.all([close(zohoServer.server), close(sfServer.server)]);
        }
    };
}

/**
 * Joins the pair to the companion as one connection and seeds it: taxes, items, accounts,
 * products and open deals, plus the demo's tax mapping rules. `replaces` names the demo
 * connection an earlier start made (from its `sandbox.json`; its simulators are gone): that one
 * is removed first, and only if it still carries the demo's name. Nothing else is deleted.
 */
export async function joinAndSeed(
    pair: SandboxPair,
    deps: { db: Db; keyring: Keyring },
    options: {
        companionUrl: string;
        deals: number;
        linked: boolean;
        currency?: 'USD' | 'EUR';
        replaces?: string;
        /** Register the Zoho simulator's webhooks to the companion (sandbox mode does). */
        webhooks?: boolean;
    }
): Promise<{ connectionId: string; eventSecret: string; seed: DemoSeed }> {
    if (options.replaces)
        await deps.db.query('DELETE FROM connections WHERE id = $1 AND name = $2', [
            options.replaces,
            DEMO_CONNECTION_NAME
        ]);
    const { connectionId, eventSecret } = await joinSandboxConnection(deps, {
        name: DEMO_CONNECTION_NAME,
        zoho: pair.zoho.credentials,
        salesforce: pair.salesforce.credentials,
        salesforceSandbox: pair.salesforce.sandbox,
        companionUrl: options.companionUrl
    });
    if (options.webhooks)
        await registerDemoWebhooks(deps, {
            zoho: pair.zoho.sandbox,
            organizationId: pair.zoho.credentials.organization_id,
            connectionId,
            companionUrl: options.companionUrl
        });
    const seed = await seedDemo(
        {
            zoho: pair.zoho.sandbox,
            salesforce: pair.salesforce.sandbox,
            zohoOrgId: pair.zoho.credentials.organization_id,
            salesforceOrgId: pair.salesforce.credentials.org_id
        },
        {
            deals: options.deals,
            linked: options.linked,
            ...(options.currency ? { currency: options.currency } : {}),
            onSeeded: () =>
                deployDemoRules(pair.salesforce.sandbox, pair.salesforce.credentials.org_id)
        }
    );
    return { connectionId, eventSecret, seed };
}

/** What `npm run demo` needs to find the running sandbox: written to the data directory. */
export type SandboxInfo = {
    companion: string;
    zoho: {
        url: string;
        organizationId: string;
        /** The simulated finance clerk's OAuth client, with which `npm run demo` records a payment. */
        clerk: {
            accountsUrl: string;
            clientId: string;
            clientSecret: string;
            refreshToken: string;
        };
    };
    salesforce: { url: string; orgId: string; salesRep: string };
    connectionId: string;
    deals: { id: string; name: string; account: string; amount: number }[];
};

/** The connection id an earlier sandbox start recorded in `dataDir`, if it left one. */
export async function previousSandboxConnection(dataDir: string): Promise<string | undefined> {
    const text = await readFile(path.join(dataDir, 'sandbox.json'), 'utf8').catch(() => '');
    if (!text) return undefined;
    const parsed = z
        .object({ connectionId: z.string().min(1) })
        .safeParse(JSON.parse(text) as unknown);
    return parsed.success ? parsed.data.connectionId : undefined;
}

export async function writeSandboxInfo(dataDir: string, info: SandboxInfo): Promise<string> {
    const file = path.join(dataDir, 'sandbox.json');
    await writeFile(file, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
    return file;
}
