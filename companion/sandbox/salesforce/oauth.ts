import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

import { type Context, Hono } from 'hono';

import { assertionIssuer, checkAssertion, JWT_BEARER } from './jwt-bearer.ts';
import type { Org } from './org.ts';
import type { SandboxState } from './state.ts';

type Form = Record<string, string>;

const oauthError = (error: string, description: string, status: 400 | 401 = 400) =>
    new Response(JSON.stringify({ error, error_description: description }), {
        status,
        headers: { 'content-type': 'application/json;charset=UTF-8' }
    });

function sameSecret(a: string, b: string): boolean {
    const left = Buffer.from(a);
    const right = Buffer.from(b);
    return left.length === right.length && timingSafeEqual(left, right);
}

async function readForm(c: Context): Promise<Form> {
    const form: Form = {};
    const body = await c.req.parseBody();
    for (const [key, value] of Object.entries(body))
        if (typeof value === 'string') form[key] = value;
    const basic = /^Basic\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
    if (basic?.[1]) {
        const [id, secret] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
        form.client_id ??= decodeURIComponent(id ?? '');
        form.client_secret ??= decodeURIComponent(secret ?? '');
    }
    return form;
}

/** The identity URL: jsforce reads the org and user ids from its last two segments (§A.1). */
export const identityUrl = (origin: string, orgId: string, userId: string) =>
    `${origin}/id/${orgId}/${userId}`;

function tokenResponse(
    state: SandboxState,
    origin: string,
    org: Org,
    userId: string,
    refreshToken?: string,
    via: string | undefined = refreshToken
) {
    const issuedAt = String(state.clock.now());
    const id = identityUrl(origin, org.id, userId);
    const signature = createHmac('sha256', org.client.clientSecret)
        .update(id + issuedAt)
        .digest('base64');
    return {
        access_token: state.sessions.issueAccess(org.id, userId, state.clock.now(), via),
        ...(refreshToken ? { refresh_token: refreshToken } : {}),
        signature,
        scope: refreshToken ? 'refresh_token api' : 'api',
        instance_url: origin,
        id,
        token_type: 'Bearer',
        issued_at: issuedAt
    };
}

function clientOrg(state: SandboxState, form: Form, requireSecret: boolean): Org | Response {
    const org = state.orgs.get(state.orgByClientId.get(form.client_id ?? '') ?? '');
    if (!org) return oauthError('invalid_client_id', 'client identifier invalid');
    if (requireSecret && !sameSecret(form.client_secret ?? '', org.client.clientSecret))
        return oauthError('invalid_client', 'invalid client credentials');
    if (form.client_secret && !sameSecret(form.client_secret, org.client.clientSecret))
        return oauthError('invalid_client', 'invalid client credentials');
    return org;
}

function grant(state: SandboxState, form: Form, origin: string): Response {
    const json = (body: unknown) =>
        Response.json(body, { headers: { 'content-type': 'application/json;charset=UTF-8' } });
    const now = state.clock.now();
    switch (form.grant_type) {
        case 'refresh_token': {
            const org = clientOrg(state, form, false);
            if (org instanceof Response) return org;
            const found = state.sessions.refreshGrant(form.refresh_token ?? '');
            if (!found || found.orgId !== org.id || found.clientId !== form.client_id)
                return oauthError('invalid_grant', 'expired access/refresh token');
            if (!org.client.rotateRefreshTokens)
                return json(
                    tokenResponse(state, origin, org, found.userId, undefined, form.refresh_token)
                );
            // Rotation: the used token ends and a new one comes with the access token.
            state.sessions.revoke(form.refresh_token ?? '');
            const next = state.sessions.issueRefresh(found);
            return json(tokenResponse(state, origin, org, found.userId, next));
        }
        case 'authorization_code': {
            const org = clientOrg(state, form, true);
            if (org instanceof Response) return org;
            const code = state.sessions.takeCode(form.code ?? '', now);
            if (!code || code.clientId !== form.client_id)
                return oauthError('invalid_grant', 'invalid authorization code');
            if (code.redirectUri !== form.redirect_uri)
                return oauthError('redirect_uri_mismatch', 'redirect_uri must match configuration');
            if (code.codeChallenge) {
                if (!form.code_verifier)
                    return oauthError('invalid_grant', 'invalid code verifier');
                const digest = createHash('sha256').update(form.code_verifier).digest('base64url');
                if (digest !== code.codeChallenge)
                    return oauthError('invalid_request', 'invalid code verifier');
            }
            const refresh = state.sessions.issueRefresh({
                orgId: org.id,
                userId: code.userId,
                clientId: code.clientId
            });
            return json(tokenResponse(state, origin, org, code.userId, refresh));
        }
        case JWT_BEARER: {
            const iss = assertionIssuer(form.assertion ?? '');
            const org = state.orgs.get(state.orgByClientId.get(iss ?? '') ?? '');
            if (!org) return oauthError('invalid_client_id', 'client identifier invalid');
            const checked = checkAssertion(org, form.assertion ?? '', { audience: origin, now });
            if ('error' in checked) return oauthError('invalid_grant', checked.error);
            return json(tokenResponse(state, origin, org, checked.userId));
        }
        case 'client_credentials': {
            const org = clientOrg(state, form, true);
            if (org instanceof Response) return org;
            // The connected app's "Run As" user is the integration user.
            return json(tokenResponse(state, origin, org, org.integrationUserId));
        }
        default:
            return oauthError('unsupported_grant_type', 'grant type not supported');
    }
}

/** A fresh access token for any user of the org (control surface: act as that user). */
export function oauthTokenFor(state: SandboxState, org: Org, userId: string): string {
    return state.sessions.issueAccess(org.id, userId, state.clock.now());
}

/** `/services/oauth2/*` and the identity URL (reference §A.1). */
export function oauthRoutes(state: SandboxState) {
    return new Hono()
        .post('/services/oauth2/token', async (c) =>
            grant(state, await readForm(c), new URL(c.req.url).origin)
        )
        .get('/services/oauth2/authorize', (c) => {
            const q = c.req.query();
            const org = state.orgs.get(state.orgByClientId.get(q.client_id ?? '') ?? '');
            if (!org || q.response_type !== 'code' || !q.redirect_uri)
                return oauthError(
                    'invalid_request',
                    'client_id, redirect_uri and response_type=code are required'
                );
            // Consent is automatic; login_hint picks the user (default: the integration user).
            const user = [...org.users.values()].find((u) => u.username === q.login_hint);
            const userId = user?.id ?? org.integrationUserId;
            const code = state.sessions.issueCode({
                orgId: org.id,
                userId,
                clientId: org.client.clientId,
                redirectUri: q.redirect_uri,
                codeChallenge: q.code_challenge,
                expiresAt: state.clock.now() + 15 * 60_000
            });
            const target = new URL(q.redirect_uri);
            target.searchParams.set('code', code);
            if (q.state) target.searchParams.set('state', q.state);
            return c.redirect(target.toString(), 302);
        })
        .post('/services/oauth2/revoke', async (c) => {
            const form = await readForm(c);
            const token = form.token ?? c.req.query('token') ?? '';
            return state.sessions.revokeGrant(token)
                ? c.body(null, 200)
                : oauthError('unsupported_token_type', 'this token type is not supported');
        })
        .get('/services/oauth2/userinfo', (c) => identity(state, c, 'userinfo'))
        .get('/id/:orgId/:userId', (c) => identity(state, c, 'identity'));
}

function identity(state: SandboxState, c: Context, shape: 'userinfo' | 'identity') {
    const token = /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const session = token ? state.sessions.resolve(token, state.clock.now()) : undefined;
    const org = session ? state.orgs.get(session.orgId) : undefined;
    if (!session || !org) return c.text('Bad_OAuth_Token', 403);
    const origin = new URL(c.req.url).origin;
    if (
        shape === 'identity' &&
        (c.req.param('orgId') !== org.id || c.req.param('userId') !== session.userId)
    )
        return c.text('Bad_Id', 403);
    const user = org.store.get('User', session.userId);
    const version = 'v{version}';
    const urls = {
        rest: `${origin}/services/data/${version}/`,
        sobjects: `${origin}/services/data/${version}/sobjects/`,
        query: `${origin}/services/data/${version}/query/`,
        recent: `${origin}/services/data/${version}/recent/`,
        profile: `${origin}/${session.userId}`
    };
    const common = {
        user_id: session.userId,
        organization_id: org.id,
        email: user?.Email ?? null,
        active: user?.IsActive !== false,
        user_type: 'STANDARD',
        urls
    };
    if (shape === 'userinfo')
        return c.json({
            sub: identityUrl(origin, org.id, session.userId),
            preferred_username: user?.Username ?? null,
            name: user?.Name ?? null,
            given_name: user?.FirstName ?? null,
            family_name: user?.LastName ?? null,
            zoneinfo: user?.TimeZoneSidKey ?? null,
            ...common
        });
    return c.json({
        id: identityUrl(origin, org.id, session.userId),
        asserted_user: true,
        username: user?.Username ?? null,
        display_name: user?.Name ?? null,
        first_name: user?.FirstName ?? null,
        last_name: user?.LastName ?? null,
        ...common
    });
}
