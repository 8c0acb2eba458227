import { apiScopes, createApiKey } from '../src/store/api-keys.ts';
import type { Db } from '../src/store/db.ts';
import { getSecret } from '../src/store/secrets.ts';
import { invoiceEnv, type InvoiceEnv } from '../test/support/invoice-env.ts';

/** A route of the companion's HTTP surface, as Hono lists it. */
export type Route = { method: string; path: string };

/** Ids and credentials that exist in the target, so generated requests can get past the doors. */
export type TargetFacts = {
    connectionId: string;
    orgId: string;
    zohoOrganizationId: string;
    eventSecret: string;
    webhookSecret: string;
    /** Bearer tokens: every admin scope, read only, and metrics only. */
    keys: { full: string; read: string; metrics: string };
    opportunityIds: string[];
    accountIds: string[];
};

export type FuzzTarget = {
    routes: Route[];
    facts: TargetFacts;
    request: (path: string, init: RequestInit) => Promise<Response>;
    close: () => Promise<void>;
};

/**
 * The routes worth fuzzing: every concrete method and path the app answers, without the
 * middleware entries (`ALL /v1/admin/*`) that only wrap them.
 */
export function fuzzableRoutes(routes: readonly Route[]): Route[] {
    const seen = new Set<string>();
    const out: Route[] = [];
    for (const { method, path } of routes) {
        // Middleware entries (`ALL /v1/admin/*`) only wrap routes; a route that answers every
        // method (`ALL /mcp`) is fuzzed as the POST its clients send.
        if (path.endsWith('*')) continue;
        const key = `${method === 'ALL' ? 'POST' : method} ${path}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ method: method === 'ALL' ? 'POST' : method, path });
    }
    return out;
}

/**
 * The companion as sandbox mode runs it (both simulators, a joined and seeded connection, Zoho's
 * webhooks registered), with its worker and write-back sender stopped: every change in the
 * database during a fuzz case then comes from that case's request alone.
 */
export async function startFuzzTarget(db: Db): Promise<FuzzTarget & { env: InvoiceEnv }> {
    const env = await invoiceEnv(db, { deals: 3, webhooks: true });
    await env.pair.salesforce.sandbox.settle();
    await env.runtime.stop();
    const webhookSecret = await getSecret(db, env.keyring, {
        connectionId: env.connectionId,
        kind: 'webhook_secret'
    });
    const eventSecret = await getSecret(db, env.keyring, {
        connectionId: env.connectionId,
        kind: 'event_secret'
    });
    if (!webhookSecret || !eventSecret) throw new Error('the sandbox connection has no secrets');
    const full = await createApiKey(db, { name: 'fuzz full', scopes: apiScopes });
    const read = await createApiKey(db, { name: 'fuzz read', scopes: ['admin:read'] });
    const metrics = await createApiKey(db, { name: 'fuzz metrics', scopes: ['metrics:read'] });
    const ids = (object: string) =>
        env.sf.records(env.sfOrg, object).map((r) => String((r as { Id: unknown }).Id));
    return {
        env,
        routes: fuzzableRoutes(env.runtime.app.routes),
        facts: {
            connectionId: env.connectionId,
            orgId: env.sfOrg,
            zohoOrganizationId: env.zohoOrg,
            eventSecret,
            webhookSecret,
            keys: { full: full.token, read: read.token, metrics: metrics.token },
            opportunityIds: ids('Opportunity'),
            accountIds: ids('Account')
        },
        request: (path, init) => Promise.resolve(env.runtime.app.request(path, init)),
        close: () => env.close()
    };
}
