import { createPublicKey, verify, X509Certificate, type KeyObject } from 'node:crypto';

import { z } from 'zod';

import type { Org } from './org.ts';

/** The grant type of the JWT bearer flow (RFC 7523). */
export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** Salesforce accepts an assertion that expires at most three minutes ahead (reference §A.1). */
const MAX_LIFETIME_MS = 3 * 60_000;

const claimsSchema = z.object({
    iss: z.string(),
    sub: z.string().optional(),
    prn: z.string().optional(),
    aud: z.string(),
    exp: z.number().int()
});

/** The certificate (or public key) uploaded to the connected app ("Use digital signatures"). */
export function verificationKey(pem: string): KeyObject {
    return pem.includes('BEGIN CERTIFICATE')
        ? new X509Certificate(pem).publicKey
        : createPublicKey(pem);
}

const part = (text: string | undefined) => {
    try {
        return JSON.parse(Buffer.from(text ?? '', 'base64url').toString('utf8')) as unknown;
    } catch {
        return undefined;
    }
};

/** The consumer key an assertion names (`iss`), to find its connected app. */
export function assertionIssuer(assertion: string): string | undefined {
    const claims = z.object({ iss: z.string() }).safeParse(part(assertion.split('.')[1]));
    return claims.success ? claims.data.iss : undefined;
}

/**
 * Checks an assertion for the connected app its `iss` named: RS256 signed by the uploaded
 * certificate, `aud` this login host, `exp` in the next three minutes, and `sub`
 * (or legacy `prn`, which wins) a user of the org. Answers the user id, or why not.
 */
export function checkAssertion(
    org: Org,
    assertion: string,
    input: { audience: string; now: number }
): { userId: string } | { error: string } {
    const key = org.client.jwtKey;
    // No certificate uploaded: nothing can verify the assertion.
    if (!key) return { error: 'invalid assertion' };
    const [head, body, signature] = assertion.split('.');
    const header = z.object({ alg: z.literal('RS256') }).safeParse(part(head));
    const claims = claimsSchema.safeParse(part(body));
    if (!header.success || !claims.success || !signature) return { error: 'invalid assertion' };
    const signed = verify(
        'RSA-SHA256',
        Buffer.from(`${head}.${body}`),
        key,
        Buffer.from(signature, 'base64url')
    );
    if (!signed) return { error: 'invalid assertion' };
    const c = claims.data;
    if (c.aud !== input.audience) return { error: 'audience is invalid' };
    const expMs = c.exp * 1000;
    if (expMs <= input.now || expMs > input.now + MAX_LIFETIME_MS)
        return { error: 'expired authorization code' };
    const username = c.prn ?? c.sub;
    const user = [...org.users.values()].find((u) => u.username === username);
    if (!user) return { error: 'user hasn\u2019t approved this consumer' };
    return { userId: user.id };
}
