import { createHash, randomBytes } from 'node:crypto';

import { z } from 'zod';

import { AppError } from '../errors.ts';

/** Where an admin says the org signs in: production, a sandbox, or the org's My Domain. */
export const salesforceDomainSchema = z.union([
    z.enum(['login', 'test']),
    z
        .string()
        .regex(
            /^https:\/\/[a-z0-9-]+(\.[a-z0-9-]+)*\.my\.salesforce\.com$/i,
            'login, test or https://<my-domain>.my.salesforce.com'
        )
]);
export type SalesforceDomain = z.infer<typeof salesforceDomainSchema>;

/** The login hosts behind `login` and `test` (tests point them at the simulator). */
export type SalesforceLoginHosts = { login: string; test: string };
export const SALESFORCE_LOGIN_HOSTS: SalesforceLoginHosts = {
    login: 'https://login.salesforce.com',
    test: 'https://test.salesforce.com'
};

export function loginUrlFor(domain: SalesforceDomain, hosts: SalesforceLoginHosts): string {
    return domain === 'login' || domain === 'test' ? hosts[domain] : domain.toLowerCase();
}

/** A PKCE pair (RFC 7636, S256): the verifier stays with us, the challenge goes to consent. */
export function pkcePair(): { verifier: string; challenge: string } {
    const verifier = randomBytes(48).toString('base64url');
    return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function authorizeUrl(input: {
    loginUrl: string;
    clientId: string;
    redirectUri: string;
    state: string;
    challenge: string;
}): string {
    const url = new URL('/services/oauth2/authorize', input.loginUrl);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', input.clientId);
    url.searchParams.set('redirect_uri', input.redirectUri);
    url.searchParams.set('state', input.state);
    url.searchParams.set('code_challenge', input.challenge);
    url.searchParams.set('code_challenge_method', 'S256');
    url.searchParams.set('scope', 'api refresh_token');
    url.searchParams.set('prompt', 'login consent');
    return url.toString();
}

/** The token endpoint or the identity URL refused, or answered something we cannot use. */
export class SalesforceConnectError extends AppError {
    constructor(message: string, options: { cause?: unknown } = {}) {
        super('salesforce_connect_failed', message, options);
    }
}

const httpUrl = z.url({ protocol: /^https?$/ });

const tokenSchema = z.object({
    access_token: z.string().min(1),
    refresh_token: z.string().min(1).optional(),
    instance_url: httpUrl,
    id: httpUrl
});
export type SalesforceCodeTokens = z.infer<typeof tokenSchema>;

const oauthErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });

/** Exchanges an authorization code (with its PKCE verifier) at the login host's token endpoint. */
export async function exchangeCode(
    fetchFn: typeof fetch,
    input: {
        loginUrl: string;
        clientId: string;
        clientSecret: string;
        redirectUri: string;
        code: string;
        verifier: string;
    }
): Promise<SalesforceCodeTokens> {
    const response = await fetchFn(new URL('/services/oauth2/token', input.loginUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
            grant_type: 'authorization_code',
            code: input.code,
            client_id: input.clientId,
            client_secret: input.clientSecret,
            redirect_uri: input.redirectUri,
            code_verifier: input.verifier
        })
    });
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
        const refused = oauthErrorSchema.safeParse(body);
        throw new SalesforceConnectError(
            refused.success
                ? `Salesforce refused the code: ${refused.data.error}${refused.data.error_description ? ` (${refused.data.error_description})` : ''}`
                : `Salesforce's token endpoint answered ${response.status}`
        );
    }
    const tokens = tokenSchema.safeParse(body);
    if (!tokens.success)
        throw new SalesforceConnectError('Salesforce answered the code without usable tokens');
    return tokens.data;
}

const identitySchema = z.object({
    user_id: z.string().regex(/^005[A-Za-z0-9]{12,15}$/),
    organization_id: z.string().regex(/^00D[A-Za-z0-9]{12,15}$/),
    username: z.string().nullable().optional(),
    display_name: z.string().nullable().optional()
});
export type SalesforceUserIdentity = z.infer<typeof identitySchema>;

/** Reads who signed in from the identity URL the token answer named. */
export async function readIdentity(
    fetchFn: typeof fetch,
    idUrl: string,
    accessToken: string
): Promise<SalesforceUserIdentity> {
    const response = await fetchFn(idUrl, {
        headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' }
    });
    if (!response.ok)
        throw new SalesforceConnectError(`Salesforce's identity URL answered ${response.status}`);
    const identity = identitySchema.safeParse(await response.json().catch(() => undefined));
    if (!identity.success)
        throw new SalesforceConnectError('Salesforce identity answer is not usable');
    return identity.data;
}

/** Two Salesforce ids name the same record: 18-character ids add a checksum to the 15. */
export const sameSalesforceId = (a: string, b: string) => a.slice(0, 15) === b.slice(0, 15);
