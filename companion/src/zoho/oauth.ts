import type { Clock } from '../clock.ts';
import type { ZohoRegion } from '../store/connections.ts';
import { ZohoAuthError, ZohoNetworkError } from './errors.ts';
import { assertApiDomain, type EndpointTable } from './regions.ts';
import { tokenErrorSchema, tokenSuccessSchema, type TokenSuccess } from './schemas/oauth.ts';

/**
 * Zoho Accounts OAuth (reference §2): the consent URL, the code exchange and the refresh.
 * Token-endpoint failures arrive as HTTP 200 with an `error` key, so the body decides.
 */

/**
 * Only the scopes the client's calls need (reference §2.7, the OAS `security` blocks): contacts
 * (create, read, update and the upsert `PUT /contacts`), invoices (create and the status
 * actions are `CREATE`; the upsert `PUT /invoices` is `UPDATE`), payments and credit notes
 * read, and `settings` to read organizations, currencies, taxes, items and custom fields and
 * to create items. Nothing updates or deletes settings, so neither is asked for.
 */
export const ZOHO_SCOPES = [
    'ZohoBooks.contacts.CREATE',
    'ZohoBooks.contacts.READ',
    'ZohoBooks.contacts.UPDATE',
    'ZohoBooks.invoices.CREATE',
    'ZohoBooks.invoices.READ',
    'ZohoBooks.invoices.UPDATE',
    'ZohoBooks.customerpayments.READ',
    'ZohoBooks.creditnotes.READ',
    'ZohoBooks.settings.CREATE',
    'ZohoBooks.settings.READ'
] as const;

export type ZohoTokenSet = {
    accessToken: string;
    /** Only on a code exchange (and if Zoho ever rotates it on refresh). */
    refreshToken: string | undefined;
    apiDomain: string;
    /** Epoch ms on the injected clock. */
    expiresAt: number;
    scope: string | undefined;
};

export type ZohoOAuthDeps = {
    clientId: string;
    clientSecret: string;
    redirectUri: string;
    endpoints: EndpointTable;
    fetch: typeof fetch;
    clock: Clock;
    timeoutMs?: number;
};

export type ZohoOAuth = {
    /** Where to send the user; the consent always starts at the US accounts server unless told. */
    authorizationUrl(input: {
        state: string;
        region?: ZohoRegion;
        scopes?: readonly string[];
        loginHint?: string;
    }): string;
    exchangeCode(input: { code: string; region: ZohoRegion }): Promise<ZohoTokenSet>;
    refresh(input: { refreshToken: string; region: ZohoRegion }): Promise<ZohoTokenSet>;
    /**
     * Revokes a refresh token and every access token minted from it (reference §2.6). False
     * when Zoho no longer knows it (HTTP 400): it is dead either way.
     */
    revoke(input: { refreshToken: string; region: ZohoRegion }): Promise<boolean>;
};

/** `expires_in` is seconds; very old responses carried ms there and seconds in `expires_in_sec`. */
function lifetimeMs(token: TokenSuccess): number {
    if (token.expires_in_sec !== undefined) return token.expires_in_sec * 1000;
    return token.expires_in > 86_400 ? token.expires_in : token.expires_in * 1000;
}

function authError(error: string, description: string | undefined): ZohoAuthError {
    const message = `Zoho token endpoint: ${error}${description ? ` (${description})` : ''}`;
    if (error === 'invalid_code')
        return new ZohoAuthError('zoho_refresh_token_invalid', message, { oauthError: error });
    if (error === 'Access Denied')
        return new ZohoAuthError('zoho_token_throttled', message, { oauthError: error });
    if (error === 'invalid_client')
        return new ZohoAuthError('zoho_client_invalid', message, { oauthError: error });
    return new ZohoAuthError('zoho_oauth_failed', message, { oauthError: error });
}

export function createZohoOAuth(deps: ZohoOAuthDeps): ZohoOAuth {
    async function post(region: ZohoRegion, path: string, params: Record<string, string>) {
        try {
            return await deps.fetch(`${deps.endpoints[region].accountsUrl}${path}`, {
                method: 'POST',
                headers: { 'content-type': 'application/x-www-form-urlencoded' },
                body: new URLSearchParams(params).toString(),
                signal: AbortSignal.timeout(deps.timeoutMs ?? 30_000)
            });
        } catch (cause) {
            // A token call changes nothing a retry could duplicate: a lost answer is safe to redo.
            throw new ZohoNetworkError('Zoho token endpoint unreachable', {
                outcomeUnknown: false,
                cause
            });
        }
    }

    async function tokenCall(
        region: ZohoRegion,
        params: Record<string, string>
    ): Promise<ZohoTokenSet> {
        const res = await post(region, '/oauth/v2/token', {
            ...params,
            client_id: deps.clientId,
            client_secret: deps.clientSecret
        });
        let json: unknown;
        try {
            json = await res.json();
        } catch (cause) {
            throw new ZohoAuthError('zoho_oauth_failed', `token endpoint HTTP ${res.status}`, {
                status: res.status,
                cause
            });
        }
        const failure = tokenErrorSchema.safeParse(json);
        if (failure.success) throw authError(failure.data.error, failure.data.error_description);
        const parsed = tokenSuccessSchema.safeParse(json);
        if (!parsed.success)
            throw new ZohoAuthError('zoho_oauth_failed', 'unexpected token endpoint answer', {
                status: res.status,
                cause: parsed.error
            });
        const body = parsed.data;
        assertApiDomain(body.api_domain, region, deps.endpoints);
        return {
            accessToken: body.access_token,
            refreshToken: body.refresh_token,
            apiDomain: body.api_domain,
            expiresAt: deps.clock.now() + lifetimeMs(body),
            scope: body.scope
        };
    }

    return {
        authorizationUrl({ state, region = 'us', scopes = ZOHO_SCOPES, loginHint }) {
            const url = new URL(`${deps.endpoints[region].accountsUrl}/oauth/v2/auth`);
            url.searchParams.set('scope', scopes.join(','));
            url.searchParams.set('client_id', deps.clientId);
            url.searchParams.set('response_type', 'code');
            url.searchParams.set('redirect_uri', deps.redirectUri);
            // offline + consent: a refresh token every time, even if the user consented before.
            url.searchParams.set('access_type', 'offline');
            url.searchParams.set('prompt', 'consent');
            url.searchParams.set('state', state);
            if (loginHint) url.searchParams.set('login_hint', loginHint);
            return url.toString();
        },
        exchangeCode: ({ code, region }) =>
            tokenCall(region, {
                grant_type: 'authorization_code',
                code,
                redirect_uri: deps.redirectUri
            }),
        refresh: ({ refreshToken, region }) =>
            tokenCall(region, { grant_type: 'refresh_token', refresh_token: refreshToken }),
        async revoke({ refreshToken, region }) {
            const res = await post(region, '/oauth/v2/token/revoke', { token: refreshToken });
            await res.body?.cancel();
            if (res.ok) return true;
            if (res.status === 400) return false;
            throw new ZohoAuthError('zoho_oauth_failed', `revoke answered HTTP ${res.status}`, {
                status: res.status
            });
        }
    };
}
