import { SalesforceConnectError } from './oauth.ts';

/**
 * Revokes a Salesforce refresh token (and the access tokens issued from it) at the login host's
 * documented endpoint: `POST /services/oauth2/revoke`, form-encoded `token`. False when
 * Salesforce no longer knows the token (HTTP 400): it is dead either way.
 */
export async function revokeSalesforceToken(
    fetchFn: typeof fetch,
    loginUrl: string,
    token: string
): Promise<boolean> {
    const res = await fetchFn(new URL('/services/oauth2/revoke', loginUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token }).toString()
    });
    await res.body?.cancel();
    if (res.ok) return true;
    if (res.status === 400) return false;
    throw new SalesforceConnectError(`revoke answered HTTP ${res.status}`);
}
