import type { Keyring } from '../security/vault.ts';
import type { Queryable } from '../store/db.ts';
import { getSecret, putSecret } from '../store/secrets.ts';
import type { SalesforceTokenProvider } from './connection.ts';
import { SalesforceAuthError } from './errors.ts';

/**
 * Reads a connection's Salesforce refresh token from the secret store on every refresh, so a
 * reconnect (new token stored) takes effect without rebuilding the client; a rotated one is
 * stored in its place. Access tokens stay in memory: they live two hours and a lost one costs
 * one refresh.
 */
export function secretTokenProvider(deps: {
    q: Queryable;
    ring: Keyring;
    connectionId: string;
}): SalesforceTokenProvider {
    return {
        async refreshToken() {
            const token = await getSecret(deps.q, deps.ring, {
                connectionId: deps.connectionId,
                kind: 'salesforce_refresh_token'
            });
            if (!token)
                throw new SalesforceAuthError(
                    'NO_REFRESH_TOKEN',
                    `connection ${deps.connectionId} has no Salesforce refresh token`,
                    {}
                );
            return token;
        },
        async rotated(refreshToken) {
            await putSecret(
                deps.q,
                deps.ring,
                { connectionId: deps.connectionId, kind: 'salesforce_refresh_token' },
                refreshToken
            );
        }
    };
}
