import { Hono, type Context } from 'hono';

import type { SandboxDeps } from './deps.ts';
import { DC_CODES, accountsUrl, apiDomain, isDataCentre, type DataCentre } from './regions.ts';
import { grantableScopes } from './tokens.ts';

/**
 * The Zoho Accounts server of every DC (reference §2), mounted at `/dc/:dc/accounts`.
 * Consent is automatic: the signed-in user is the one named by `login_hint` (an email), else
 * the user who owns the client. Token-endpoint failures are HTTP 200 with `{error}`.
 */

const ACCESS_DENIED = {
    error: 'Access Denied',
    error_description:
        'You have made too many requests continuously. Please try again after some time.',
    status: 'failure'
};

function origin(c: Context): string {
    return new URL(c.req.url).origin;
}

function dcOf(c: Context): DataCentre | undefined {
    const dc = c.req.param('dc') ?? '';
    return isDataCentre(dc) ? dc : undefined;
}

async function tokenParams(c: Context): Promise<Record<string, string>> {
    const query = c.req.query();
    const type = c.req.header('content-type') ?? '';
    if (c.req.method !== 'POST' || !type.includes('application/x-www-form-urlencoded'))
        return query;
    const form = new URLSearchParams(await c.req.text());
    return { ...query, ...Object.fromEntries(form) };
}

export function oauthRoutes(deps: SandboxDeps) {
    const { state, tokens } = deps;
    return new Hono()
        .get('/oauth/serverinfo', (c) =>
            c.json({
                result: 'success',
                locations: Object.fromEntries(
                    DC_CODES.map((dc) => [dc, accountsUrl(origin(c), dc)])
                )
            })
        )
        .get('/oauth/v2/auth', (c) => {
            const q = c.req.query();
            const client = state.clients.get(q.client_id ?? '');
            if (!client) return c.json({ error: 'invalid_client' }, 400);
            // An unregistered URI gets Zoho's error page, never a redirect: a code is sent only to
            // a URI registered on the client, matched exactly (reference §2.2).
            if (!q.redirect_uri || !client.redirect_uris.has(q.redirect_uri))
                return c.json({ error: 'invalid_redirect_uri' }, 400);
            const target = new URL(q.redirect_uri);
            if (q.state !== undefined) target.searchParams.set('state', q.state);
            if (q.response_type !== 'code') {
                target.searchParams.set('error', 'unsupported_response_type');
                return c.redirect(target.toString(), 302);
            }
            const user =
                [...state.users.values()].find((u) => u.email === q.login_hint) ??
                state.users.get(client.userId);
            if (!user) {
                target.searchParams.set('error', 'access_denied');
                return c.redirect(target.toString(), 302);
            }
            const grant = tokens.createGrant({
                clientId: client.client_id,
                userId: user.user_id,
                dc: user.dc,
                scopes: grantableScopes(q.scope ?? ''),
                redirectUri: q.redirect_uri,
                // A refresh token comes only with the first offline consent, or when consent is
                // forced again with prompt=consent (reference §2.2).
                offline:
                    q.access_type === 'offline' &&
                    (tokens.firstConsent(user.user_id, client.client_id) || q.prompt === 'consent')
            });
            target.searchParams.set('code', grant.code);
            target.searchParams.set('location', user.dc);
            target.searchParams.set('accounts-server', accountsUrl(origin(c), user.dc));
            return c.redirect(target.toString(), 302);
        })
        .post('/oauth/v2/token/revoke', async (c) => {
            const params = await tokenParams(c);
            return tokens.revoke(params.token ?? '')
                ? c.json({ status: 'success' })
                : c.json({ status: 'failure', error: 'invalid_token' }, 400);
        })
        .post('/oauth/v2/token', async (c) => {
            const dc = dcOf(c);
            const p = await tokenParams(c);
            const client = state.clients.get(p.client_id ?? '');
            if (!dc || !client || client.client_secret !== p.client_secret)
                return c.json({ error: 'invalid_client' });
            const base = {
                api_domain: apiDomain(origin(c), dc),
                token_type: 'Bearer',
                expires_in: 3600
            };
            if (p.grant_type === 'authorization_code') {
                const grant = tokens.redeemGrant(p.code ?? '');
                if (!grant || grant.dc !== dc || grant.clientId !== client.client_id)
                    return c.json({ error: 'invalid_code' });
                if (p.redirect_uri !== undefined && p.redirect_uri !== grant.redirectUri)
                    return c.json({ error: 'invalid_redirect_uri' });
                const owner = {
                    clientId: grant.clientId,
                    userId: grant.userId,
                    dc,
                    scopes: grant.scopes
                };
                const rt = grant.offline ? tokens.issueRefreshToken(owner) : undefined;
                const at = tokens.issueAccessToken(owner, rt);
                return c.json({
                    access_token: at.token,
                    ...(rt ? { refresh_token: rt.token } : {}),
                    scope: grant.scopes.join(','),
                    ...base
                });
            }
            if (p.grant_type === 'refresh_token') {
                const rt = tokens.refreshToken(p.refresh_token ?? '');
                if (!rt || rt.dc !== dc || rt.clientId !== client.client_id)
                    return c.json({ error: 'invalid_code' });
                if (!tokens.recordRefresh(rt)) return c.json(ACCESS_DENIED);
                const owner = { clientId: rt.clientId, userId: rt.userId, dc, scopes: rt.scopes };
                const at = tokens.issueAccessToken(owner, rt);
                return c.json({ access_token: at.token, scope: rt.scopes.join(','), ...base });
            }
            return c.json({ error: 'unsupported_grant_type' });
        });
}
