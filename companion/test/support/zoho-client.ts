import { pino } from 'pino';

import { createSandboxClock, type SandboxClock } from '../../sandbox/clock.ts';
import type { SandboxLimits } from '../../sandbox/zoho/limits.ts';
import type { OrgCredentials, OrgInput } from '../../sandbox/zoho/provision.ts';
import { createZohoSandbox, type ZohoSandbox } from '../../sandbox/zoho/zoho-sandbox.ts';
import { createZohoClient, type ZohoClient } from '../../src/zoho/client.ts';
import { createZohoOAuth, type ZohoOAuth } from '../../src/zoho/oauth.ts';
import type { ZohoRateLimiter } from '../../src/zoho/rate-limiter.ts';
import { endpointTable, type EndpointTable } from '../../src/zoho/regions.ts';
import {
    createZohoTokens,
    type RefreshTokenProvider,
    type TokenRef,
    type ZohoTokens
} from '../../src/zoho/tokens.ts';

/**
 * The companion's Zoho client wired to an in-process simulator, for tests: every request is
 * recorded (method, URL, status) so tests can count refreshes, POSTs and 429s.
 */

/** `at`: simulated time the request was sent. */
export type Recorded = { method: string; url: URL; status: number | 'failed'; at: number };

/** A limiter that lets everything through and counts permits (for tests not about pacing). */
export function passThroughLimiter(): ZohoRateLimiter & { acquired: number; done: number } {
    const limiter = {
        acquired: 0,
        done: 0,
        async acquire() {
            limiter.acquired++;
            return {
                done: async () => {
                    limiter.done++;
                }
            };
        },
        async usage() {
            return {
                lastMinute: 0,
                lastDay: 0,
                limits: { perMinute: 100, perDay: 1000, concurrency: 10 }
            };
        }
    };
    return limiter;
}

export type ZohoHarness = {
    sandbox: ZohoSandbox;
    clock: SandboxClock;
    creds: OrgCredentials;
    table: EndpointTable;
    requests: Recorded[];
    oauth: ZohoOAuth;
    tokens: ZohoTokens;
    ref: TokenRef;
    refreshTokens: Map<string, string>;
    client: ZohoClient;
    refreshCount(): number;
};

export const REDIRECT_URI = 'https://companion.test/v1/zoho/oauth/callback';

export function zohoHarness(
    options: {
        scale?: number;
        limits?: Partial<SandboxLimits>;
        org?: OrgInput;
        limiter?: ZohoRateLimiter;
        clock?: SandboxClock;
    } = {}
): ZohoHarness {
    const clock = options.clock ?? createSandboxClock({ scale: options.scale ?? 1_000 });
    const sandbox = createZohoSandbox({
        clock,
        limits: { concurrentPaid: 1_000, ...options.limits }
    });
    const creds = sandbox.createOrg({ redirect_uris: [REDIRECT_URI], ...options.org });
    const origin = new URL(creds.api_domain).origin;
    const table = endpointTable((r) => ({
        accountsUrl: `${origin}/dc/${r}/accounts`,
        apiDomain: `${origin}/dc/${r}/api`
    }));
    const requests: Recorded[] = [];
    const recordingFetch: typeof fetch = async (input, init) => {
        const request = new Request(input, init);
        const entry: Recorded = {
            method: request.method,
            url: new URL(request.url),
            status: 'failed',
            at: clock.now()
        };
        requests.push(entry);
        const res = await sandbox.fetch(request);
        entry.status = res.status;
        return res;
    };
    const oauth = createZohoOAuth({
        clientId: creds.client_id,
        clientSecret: creds.client_secret,
        redirectUri: REDIRECT_URI,
        endpoints: table,
        fetch: recordingFetch,
        clock
    });
    const refreshTokens = new Map<string, string>();
    const provider: RefreshTokenProvider = {
        get: async (ref) => refreshTokens.get(ref.organizationId),
        save: async (ref, token) => {
            refreshTokens.set(ref.organizationId, token);
        }
    };
    const ref: TokenRef = {
        connectionId: 'conn-1',
        organizationId: creds.organization_id,
        region: creds.location
    };
    refreshTokens.set(ref.organizationId, creds.refresh_token);
    const tokens = createZohoTokens({ oauth, refreshTokens: provider, clock });
    const client = createZohoClient({
        endpoints: table[ref.region],
        organizationId: creds.organization_id,
        tokens: tokens.forOrganization(ref),
        limiter: options.limiter ?? passThroughLimiter(),
        clock,
        fetch: recordingFetch,
        log: pino({ level: 'silent' })
    });
    return {
        sandbox,
        clock,
        creds,
        table,
        requests,
        oauth,
        tokens,
        ref,
        refreshTokens,
        client,
        refreshCount: () =>
            requests.filter((r) => r.url.pathname.endsWith('/oauth/v2/token')).length
    };
}
