import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { Hono } from 'hono';

import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import {
    authorizeUrl,
    exchangeCode,
    loginUrlFor,
    pkcePair,
    readIdentity,
    salesforceDomainSchema,
    sameSalesforceId,
    SalesforceConnectError,
    type SalesforceDomain,
    type SalesforceLoginHosts,
    type SalesforceUserIdentity
} from '../salesforce/oauth.ts';
import { revokeSalesforceToken } from '../salesforce/revoke.ts';
import type { Keyring } from '../security/vault.ts';
import { getConnection, type SalesforceIdentity } from '../store/connections.ts';
import type { Db } from '../store/db.ts';
import { consumeSealedOAuthState, issueOAuthState, STATE_TTL_MS } from '../store/oauth-states.ts';
import { linkSalesforce } from '../store/salesforce-link.ts';
import { getSecret } from '../store/secrets.ts';
import { connectionPost, errors, errorSchema, notFound } from './admin-common.ts';
import type { AuthEnv } from './auth.ts';
import { errorBody } from './errors.ts';
import { oauthPage } from './oauth-page.ts';

/** How the companion reaches Salesforce's login hosts, and as which connected app. */
export type SalesforceConnect = {
    /** From SALESFORCE_CLIENT_ID / SALESFORCE_CLIENT_SECRET; a request may name another. */
    client: { id: string; secret: string } | undefined;
    /** `<CLOSEBOOKS_PUBLIC_URL>/v1/oauth/salesforce/callback`, a callback URL of the app. */
    redirectUri: string;
    loginHosts: SalesforceLoginHosts;
    fetch: typeof fetch;
};

export type SalesforceOAuthDeps = {
    db: Db;
    keyring: Keyring;
    clock: Clock;
    salesforceConnect: SalesforceConnect;
};

/** What waits, sealed with the state, for the callback. */
const pendingSchema = z.object({
    verifier: z.string(),
    loginUrl: z.string(),
    clientId: z.string(),
    clientSecret: z.string()
});

const authorizeRoute = createRoute({
    ...connectionPost(
        'salesforce/authorize',
        z
            .strictObject({
                domain: salesforceDomainSchema,
                clientId: z.string().min(20).max(256).optional(),
                clientSecret: z.string().min(10).max(256).optional()
            })
            .refine(
                (b) => (b.clientId === undefined) === (b.clientSecret === undefined),
                'clientId and clientSecret go together'
            )
    ),
    responses: {
        201: {
            description:
                'The consent URL for the org admin to open, with a single-use `state` bound to the connection (PKCE S256; the verifier stays in the companion). Salesforce sends the browser back to `/v1/oauth/salesforce/callback`.',
            content: {
                'application/json': {
                    schema: z.object({ authorizationUrl: z.string(), expiresAt: z.string() })
                }
            }
        },
        503: {
            description: 'No connected app: SALESFORCE_CLIENT_ID / SALESFORCE_CLIENT_SECRET unset',
            content: { 'application/json': { schema: errorSchema } }
        },
        ...notFound,
        ...errors
    }
});

/** Where an authorization starts: the consent URL and when its state expires. */
export type SalesforceAuthorization = { authorizationUrl: string; expiresAt: string };

/**
 * Starts the web-server flow with PKCE for one connection: seals the verifier and client with a
 * single-use state (the callback consumes it) and answers the consent URL on the chosen domain.
 */
export async function startSalesforceAuthorization(
    deps: SalesforceOAuthDeps,
    connectionId: string,
    domain: SalesforceDomain,
    client: { id: string; secret: string }
): Promise<SalesforceAuthorization> {
    const loginUrl = loginUrlFor(domain, deps.salesforceConnect.loginHosts);
    const { verifier, challenge } = pkcePair();
    const pending = { verifier, loginUrl, clientId: client.id, clientSecret: client.secret };
    const now = deps.clock.now();
    const state = await issueOAuthState(deps.db, connectionId, now, {
        flow: 'salesforce',
        context: { ring: deps.keyring, value: JSON.stringify(pending) }
    });
    const authorizationUrl = authorizeUrl({
        loginUrl,
        clientId: client.id,
        redirectUri: deps.salesforceConnect.redirectUri,
        state,
        challenge
    });
    return { authorizationUrl, expiresAt: new Date(now + STATE_TTL_MS).toISOString() };
}

/** The refusal when no connected app is configured and the request names none. */
export const NO_SALESFORCE_CLIENT = errorBody(
    'not_configured',
    'SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET are not set and the request names no client'
);

/** `POST /v1/admin/connections/:id/salesforce/authorize` (admin:write). */
export function registerSalesforceAuthorizeRoute(
    app: OpenAPIHono<AuthEnv>,
    deps: SalesforceOAuthDeps
): void {
    app.openapi(authorizeRoute, async (c) => {
        const { id } = c.req.valid('param');
        const body = c.req.valid('json');
        if (!(await getConnection(deps.db, id)))
            return c.json(errorBody('not_found', 'no such connection'), 404);
        const client =
            body.clientId && body.clientSecret
                ? { id: body.clientId, secret: body.clientSecret }
                : deps.salesforceConnect.client;
        if (!client) return c.json(NO_SALESFORCE_CLIENT, 503);
        return c.json(await startSalesforceAuthorization(deps, id, body.domain, client), 201);
    });
}

/** The connected user as the store keeps it. */
export const identityOf = (identity: SalesforceUserIdentity, clock: Clock): SalesforceIdentity => ({
    userId: identity.user_id,
    username: identity.username ?? null,
    displayName: identity.display_name ?? null,
    connectedAt: new Date(clock.now())
});

type Env = { Variables: { correlationId: string; log: Logger } };

const callbackSchema = z.object({
    state: z.string().min(1).max(200),
    code: z.string().min(1).max(1000)
});

const NOT_CONNECTED = 'Salesforce was not connected';

/**
 * `GET /v1/oauth/salesforce/callback`: consumes the state (single use, this flow only), exchanges
 * the code with the PKCE verifier, refuses an org other than the connection's, then seals the
 * refresh token and client secret and records the instance, client and connected user.
 */
export function salesforceOAuthRoutes(deps: SalesforceOAuthDeps) {
    return new Hono<Env>().get('/callback', async (c) => {
        if (c.req.query('error'))
            return oauthPage(
                NOT_CONNECTED,
                'The consent was declined or failed at Salesforce.',
                400
            );
        const parsed = callbackSchema.safeParse(c.req.query());
        if (!parsed.success)
            return oauthPage(NOT_CONNECTED, 'The link is incomplete. Start again.', 400);
        const taken = await consumeSealedOAuthState(
            deps.db,
            deps.keyring,
            parsed.data.state,
            deps.clock.now()
        );
        const pending = pendingSchema.safeParse(JSON.parse(taken?.context ?? 'null'));
        if (!taken || !pending.success)
            return oauthPage(
                NOT_CONNECTED,
                'This link has expired or was already used. Start again.',
                400
            );
        const { connectionId } = taken;
        const log = c.get('log').child({ connectionId });
        const connection = await getConnection(deps.db, connectionId);
        if (!connection) return oauthPage(NOT_CONNECTED, 'The connection no longer exists.', 400);
        const p = pending.data;
        const fetchFn = deps.salesforceConnect.fetch;
        try {
            const tokens = await exchangeCode(fetchFn, {
                loginUrl: p.loginUrl,
                clientId: p.clientId,
                clientSecret: p.clientSecret,
                redirectUri: deps.salesforceConnect.redirectUri,
                code: parsed.data.code,
                verifier: p.verifier
            });
            if (!tokens.refresh_token)
                throw new SalesforceConnectError(
                    'Salesforce returned no refresh token (the app lacks the refresh_token scope)'
                );
            const identity = await readIdentity(fetchFn, tokens.id, tokens.access_token);
            if (!sameSalesforceId(identity.organization_id, connection.salesforceOrgId)) {
                log.warn({ orgId: identity.organization_id }, 'salesforce org mismatch');
                return oauthPage(
                    NOT_CONNECTED,
                    `You signed in to org ${identity.organization_id}, but this connection is for org ${connection.salesforceOrgId}. Sign in to that org and start again.`,
                    400
                );
            }
            const previous = await getSecret(deps.db, deps.keyring, {
                connectionId,
                kind: 'salesforce_refresh_token'
            });
            await linkSalesforce(deps.db, deps.keyring, {
                connectionId,
                instanceUrl: tokens.instance_url,
                loginUrl: p.loginUrl,
                clientId: p.clientId,
                identity: identityOf(identity, deps.clock),
                secrets: {
                    salesforce_refresh_token: tokens.refresh_token,
                    salesforce_client_secret: p.clientSecret
                }
            });
            // A re-authorization replaces the refresh token: the old one is revoked, not left live.
            if (previous && previous !== tokens.refresh_token)
                await revokeSalesforceToken(
                    fetchFn,
                    connection.salesforceLoginUrl ?? p.loginUrl,
                    previous
                ).catch((error: unknown) =>
                    log.warn({ err: error }, 'previous salesforce refresh token not revoked')
                );
            log.info({ userId: identity.user_id }, 'salesforce connected');
            return oauthPage('Salesforce is connected', 'You can close this tab.', 200);
        } catch (error) {
            log.warn({ err: error }, 'salesforce connection failed');
            return oauthPage(
                NOT_CONNECTED,
                'Salesforce did not complete the connection. Start again.',
                502
            );
        }
    });
}
