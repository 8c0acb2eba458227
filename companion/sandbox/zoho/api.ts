import type { IncomingMessage } from 'node:http';

import { Hono, type Context, type MiddlewareHandler } from 'hono';

import type { ApiEnv, SandboxDeps } from './deps.ts';
import { ZohoError, envelope, zohoErrors } from './errors.ts';
import { hang } from './faults.ts';
import { isDataCentre } from './regions.ts';
import { hasScope, type Operation } from './tokens.ts';

/**
 * The request pipeline in front of every Books API handler, in the order Zoho applies it as
 * far as the reference tells: token (401/57), organization (400/6041), rate limits
 * (429/44/45/1070), injected faults; scopes are checked per route (401/57).
 */

export const LOST_RESPONSE_HEADER = 'x-sandbox-connection';

export function zohoErrorResponse(c: Context, error: ZohoError): Response {
    return c.json(envelope(error), error.status);
}

function authenticate(deps: SandboxDeps): MiddlewareHandler<ApiEnv> {
    return async (c, next) => {
        const dc = c.req.param('dc') ?? '';
        if (!isDataCentre(dc)) throw zohoErrors.invalidUrl();
        c.set('dc', dc);
        const header = c.req.header('authorization') ?? '';
        const match = /^Zoho-oauthtoken\s+(\S+)$/i.exec(header.trim());
        if (!match && header) throw zohoErrors.invalidToken();
        if (!match)
            throw deps.limits.missingAuthCode === 14
                ? zohoErrors.notAuthenticated()
                : zohoErrors.notAuthorized();
        const token = deps.tokens.accessToken(match[1] as string);
        // A token minted by another DC's accounts server is unknown to this API domain.
        if (!token || token.dc !== dc) throw zohoErrors.invalidToken();
        c.set('token', token);
        await next();
    };
}

/** Set as the `env` of `app.fetch` by the control surface's seeding; unreachable over HTTP. */
export const SEED_ENV = { sandboxSeed: true } as const;

function isSeedRequest(c: Context): boolean {
    return (c.env as Partial<typeof SEED_ENV> | undefined)?.sandboxSeed === true;
}

function organizationId(c: Context): string | undefined {
    return (
        c.req.query('organization_id') ??
        c.req.header('x-com-zoho-books-organizationid') ??
        /\/books\/v3\/organizations\/(\d+)$/.exec(c.req.path)?.[1]
    );
}

function resolveOrganization(deps: SandboxDeps): MiddlewareHandler<ApiEnv> {
    return async (c, next) => {
        const listingOrgs =
            c.req.method === 'GET' && /\/books\/v3\/organizations\/?$/.test(c.req.path);
        const orgId = organizationId(c);
        if (listingOrgs && orgId === undefined) return next();
        const data = deps.state.orgs.get(orgId ?? '');
        const user = deps.state.users.get(c.get('token').userId);
        if (!data || !user?.orgIds.has(data.org.organization_id) || data.org.dc !== c.get('dc'))
            throw zohoErrors.wrongOrganization(orgId ?? '');
        c.set('data', data);
        // Seeding from the control surface goes through the same handlers but is not a client
        // request: it neither counts against limits nor meets injected faults.
        if (isSeedRequest(c)) return next();
        const admission = deps.limiter.admit(data.org.organization_id, data.org.plan);
        if (!admission.ok) throw admission.error;
        try {
            await applyFaults(deps, c, next);
        } finally {
            admission.release();
        }
        for (const [k, v] of Object.entries(admission.headers)) c.header(k, v);
    };
}

async function applyFaults(deps: SandboxDeps, c: Context<ApiEnv>, next: () => Promise<void>) {
    const fault = deps.faults.forRequest({
        method: c.req.method,
        path: c.req.path,
        orgId: c.get('data').org.organization_id
    });
    if (fault)
        deps.log.info(
            { faultId: fault.fault_id, kind: fault.kind, path: c.req.path },
            'fault injected'
        );
    if (fault?.kind === 'latency') await new Promise((r) => setTimeout(r, fault.ms));
    if (fault?.kind === 'error') throw new ZohoError(fault.status, 1000, 'Internal error');
    if (fault?.kind === 'rate_limit')
        throw { 44: zohoErrors.perMinute, 45: zohoErrors.daily, 1070: zohoErrors.concurrency }[
            fault.code
        ]();
    if (fault?.kind === 'token_expired') {
        deps.tokens.expireAccessTokens(c.get('token').userId);
        throw zohoErrors.invalidToken();
    }
    if (fault?.kind === 'timeout') {
        await hang(c.req.raw.signal, fault.hangMs);
        c.res = new Response('Gateway Timeout', {
            status: 504,
            headers: { [LOST_RESPONSE_HEADER]: 'timeout' }
        });
        return;
    }
    await next();
    if (fault?.kind === 'lost_response') {
        const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
        incoming?.socket.destroy();
        c.res = new Response(null, { status: 502, headers: { [LOST_RESPONSE_HEADER]: 'reset' } });
    }
}

/** Route guard: the token must carry `ZohoBooks.<module>.<op>` (or `.ALL`, or full access). */
export function scope(module: string, op: Operation): MiddlewareHandler<ApiEnv> {
    return async (c, next) => {
        if (!hasScope(c.get('token').scopes, module, op)) throw zohoErrors.notAuthorized();
        await next();
    };
}

export function booksPipeline(deps: SandboxDeps) {
    return new Hono<ApiEnv>()
        .use('*', async (_c, next) => {
            void deps.webhooks.drain();
            await next();
        })
        .use('*', authenticate(deps))
        .use('*', resolveOrganization(deps));
}
