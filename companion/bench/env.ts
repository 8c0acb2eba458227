import { z } from 'zod';

import { createSandboxClock, type SandboxClock } from '../sandbox/clock.ts';
import { seedDemo, type DemoSeed } from '../sandbox/demo/seed.ts';
import type { OrgCredentials as SalesforceCredentials } from '../sandbox/salesforce/org-factory.ts';
import {
    createSalesforceSandbox,
    type SalesforceSandbox
} from '../sandbox/salesforce/salesforce-sandbox.ts';
import { DEFAULT_LIMITS } from '../sandbox/zoho/limits.ts';
import type { OrgCredentials as ZohoCredentials } from '../sandbox/zoho/provision.ts';
import type { Plan } from '../sandbox/zoho/state.ts';
import { createZohoSandbox, type ZohoSandbox } from '../sandbox/zoho/zoho-sandbox.ts';
import { listen } from '../test/support/serve.ts';

/**
 * One scenario environment: a shared scaled clock, both simulators served on loopback, one Zoho
 * org limited to `perMinute` calls per simulated minute (daily quota out of the way), one
 * Salesforce org with a sales rep, and the linked demo seed.
 */

export type Backend = 'pglite' | 'postgres' | 'none';

/** What an engine gets to work with. */
export type BenchEnv = {
    clock: SandboxClock;
    zoho: { sandbox: ZohoSandbox; url: string; credentials: ZohoCredentials };
    salesforce: { sandbox: SalesforceSandbox; url: string; credentials: SalesforceCredentials };
    seed: DemoSeed;
    /** Set for the postgres backend: a server URL on which the engine may create a database. */
    databaseUrl?: string;
};

/** Counted at the served Zoho simulator's door: every Books API answer by status. */
export type ZohoDoorCounts = { books: number; tooMany: number };

export type ScenarioEnv = {
    env: BenchEnv;
    salesRep: string;
    door: ZohoDoorCounts;
    /** Calls the Zoho simulator admitted for the org (its own daily counter). */
    zohoAdmitted(): Promise<number>;
    /** Requests the Salesforce simulator counted against the org's daily allocation. */
    sfUsed(): number;
    close(): Promise<void>;
};

/** A fixed month end, far from UTC midnight, so the Zoho daily counter never rolls over mid-run. */
const START_AT = Date.parse('2026-11-30T06:00:00Z');
const SALES_REP = 'rep@bench.sandbox';
const usageSchema = z.object({ today: z.number() });

export async function createScenarioEnv(options: {
    deals: number;
    scale: number;
    perMinute: number;
    databaseUrl?: string;
    /** Seed Zoho contacts and items for every account and product (default true). */
    linked?: boolean;
    /**
     * The Zoho organization's plan (default standard: 2,000 calls a day, which the companion
     * keeps to). A run that needs more calls in a day takes a plan that allows them.
     */
    plan?: Plan;
}): Promise<ScenarioEnv> {
    const clock = createSandboxClock({ scale: options.scale, startAt: START_AT });
    const daily = 100_000_000;
    const zoho = createZohoSandbox({
        clock,
        limits: {
            requestsPerMinute: options.perMinute,
            dailyByPlan: Object.fromEntries(
                Object.keys(DEFAULT_LIMITS.dailyByPlan).map((plan) => [plan, daily])
            ) as typeof DEFAULT_LIMITS.dailyByPlan
        }
    });
    const salesforce = createSalesforceSandbox({ clock, dailyApiLimit: daily });
    const door: ZohoDoorCounts = { books: 0, tooMany: 0 };
    const zohoServer = await listen({
        fetch: async (request) => {
            const response = await zoho.app.fetch(request);
            if (new URL(request.url).pathname.includes('/api/books/v3/')) {
                door.books += 1;
                if (response.status === 429) door.tooMany += 1;
            }
            return response;
        }
    });
    const sfServer = await listen(salesforce.app);
    const zohoCredentials = zoho.createOrg(
        { name: 'Closebooks Bench', plan: options.plan ?? 'standard' },
        zohoServer.url
    );
    const sfCredentials = salesforce.createOrg({ name: 'Bench', instanceUrl: sfServer.url });
    const orgId = sfCredentials.org_id;
    salesforce.addUser(orgId, { username: SALES_REP, firstName: 'Sam', lastName: 'Seller' });
    const seed = await seedDemo(
        {
            zoho,
            salesforce,
            zohoOrgId: zohoCredentials.organization_id,
            salesforceOrgId: orgId
        },
        { deals: options.deals, linked: options.linked ?? true }
    );
    return {
        env: {
            clock,
            zoho: { sandbox: zoho, url: zohoServer.url, credentials: zohoCredentials },
            salesforce: { sandbox: salesforce, url: sfServer.url, credentials: sfCredentials },
            seed,
            ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {})
        },
        salesRep: SALES_REP,
        door,
        zohoAdmitted: async () => {
            const res = await zoho.app.request(
                `/_sandbox/orgs/${zohoCredentials.organization_id}/usage`
            );
            return usageSchema.parse(await res.json()).today;
        },
        sfUsed: () => salesforce.usage(orgId).used,
        close: async () => {
            await salesforce.settle();
            await Promise.all([zohoServer.close(), sfServer.close()]);
        }
    };
}

const API = 'v65.0';
const BATCH = 200;
const saveResultsSchema = z.array(z.object({ success: z.boolean() }));

/** How often the rep sends a chunk again after the connection was reset before the answer. */
const RESETS_TOLERATED = 3;

/**
 * Closes the deals as the scenario's sales rep through sObject Collections, 200 per transaction
 * (all or none), checking every record's result; `onChunk` hears each closed chunk. A connection
 * reset before the answer (a kept-alive socket the server closed as the request went out) is
 * sent again, as a browser would: closing a closed deal again changes nothing. A session that
 * timed out (401) is replaced by a new login and the chunk sent once more. Returns the
 * Salesforce calls answered.
 */
export async function closeDealsAsRep(
    scenario: ScenarioEnv,
    ids: readonly string[],
    onChunk?: (chunk: string[]) => void
): Promise<number> {
    const { sandbox, url, credentials } = scenario.env.salesforce;
    const login = () => sandbox.sessionFor(credentials.org_id, scenario.salesRep, url);
    let session = login();
    const send = async (chunk: string[], resets = 0): Promise<Response> => {
        try {
            return await fetch(`${url}/services/data/${API}/composite/sobjects`, {
                method: 'PATCH',
                headers: {
                    authorization: `Bearer ${session.access_token}`,
                    'content-type': 'application/json'
                },
                body: JSON.stringify({
                    allOrNone: true,
                    records: chunk.map((id) => ({
                        attributes: { type: 'Opportunity' },
                        id,
                        StageName: 'Closed Won'
                    }))
                })
            });
        } catch (error) {
            if (!(error instanceof TypeError) || resets >= RESETS_TOLERATED) throw error;
            return send(chunk, resets + 1);
        }
    };
    let calls = 0;
    for (let i = 0; i < ids.length; i += BATCH) {
        const chunk = ids.slice(i, i + BATCH);
        let res = await send(chunk);
        calls += 1;
        if (res.status === 401) {
            // The rep's session timed out while a long burst was seeded: log in again, once.
            await res.body?.cancel();
            session = login();
            res = await send(chunk);
            calls += 1;
        }
        if (!res.ok)
            throw new Error(`closing deals failed: HTTP ${res.status}: ${await res.text()}`);
        const results = saveResultsSchema.parse(await res.json());
        const refused = results.find((r) => !r.success);
        if (refused) throw new Error(`closing deals failed: ${JSON.stringify(refused)}`);
        onChunk?.(chunk);
    }
    return calls;
}
