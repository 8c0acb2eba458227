import { createPrivateKey, sign } from 'node:crypto';

import { z } from 'zod';

import { SalesforceAuthError } from './errors.ts';
import { SalesforceConnectError } from './oauth.ts';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** Salesforce accepts an assertion that expires within three minutes; we ask for two. */
const LIFETIME_S = 120;

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Whether a PEM is an RSA private key node:crypto can sign with (for input validation). */
export function isRsaPrivateKey(pem: string): boolean {
    try {
        return createPrivateKey(pem).asymmetricKeyType === 'rsa';
    } catch {
        return false;
    }
}

/**
 * The RS256 assertion of the JWT bearer flow: `iss` the connected app's consumer key, `sub` the
 * Salesforce username, `aud` the login host, `exp` two minutes from `nowMs`.
 */
export function signAssertion(input: {
    clientId: string;
    username: string;
    audience: string;
    privateKeyPem: string;
    nowMs: number;
}): string {
    const claims = {
        iss: input.clientId,
        sub: input.username,
        aud: input.audience,
        exp: Math.floor(input.nowMs / 1000) + LIFETIME_S
    };
    const signingInput = `${b64({ alg: 'RS256' })}.${b64(claims)}`;
    const signature = sign('RSA-SHA256', Buffer.from(signingInput), input.privateKeyPem);
    return `${signingInput}.${signature.toString('base64url')}`;
}

const tokenSchema = z.object({
    access_token: z.string().min(1),
    instance_url: z.url({ protocol: /^https?$/ }),
    id: z.url({ protocol: /^https?$/ })
});
export type JwtBearerTokens = z.infer<typeof tokenSchema>;

const refusalSchema = z.object({ error: z.string(), error_description: z.string().optional() });

/** Signs in by JWT bearer at the login host's token endpoint (no refresh token comes back). */
export async function jwtBearerSignIn(
    fetchFn: typeof fetch,
    input: {
        loginUrl: string;
        clientId: string;
        username: string;
        privateKeyPem: string;
        nowMs: number;
    }
): Promise<JwtBearerTokens> {
    const assertion = signAssertion({ ...input, audience: input.loginUrl });
    const response = await fetchFn(new URL('/services/oauth2/token', input.loginUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: JWT_BEARER, assertion })
    });
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
        const refused = refusalSchema.safeParse(body);
        if (!refused.success)
            throw new SalesforceConnectError(
                `Salesforce's token endpoint answered ${response.status}`
            );
        const { error, error_description: why } = refused.data;
        throw new SalesforceAuthError(
            error,
            `Salesforce refused the JWT bearer sign-in: ${error}${why ? ` (${why})` : ''}`,
            { status: response.status }
        );
    }
    const tokens = tokenSchema.safeParse(body);
    if (!tokens.success)
        throw new SalesforceConnectError('Salesforce answered the JWT bearer grant without tokens');
    return tokens.data;
}
