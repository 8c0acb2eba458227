import type { Clock } from '../clock.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { createSalesforceClient, type SalesforceClient } from '../salesforce/connection.ts';
import type { ApiUsage } from '../salesforce/limits.ts';
import { jwtBearerSignIn } from '../salesforce/jwt-bearer.ts';
import { secretTokenProvider } from '../salesforce/secret-tokens.ts';
import type { Keyring } from '../security/vault.ts';
import {
    getConnection,
    getSalesforceIdentity,
    listZohoOrganizations,
    type ZohoRegion
} from '../store/connections.ts';
import type { Db } from '../store/db.ts';
import { getSecret } from '../store/secrets.ts';
import { createZohoClient, type ZohoClient } from '../zoho/client.ts';
import type { ZohoConnect } from '../zoho/connect.ts';
import { organizationInUse } from '../zoho/organization-choice.ts';
import type { ZohoRateLimiter } from '../zoho/rate-limiter.ts';
import { createZohoTokens, vaultRefreshTokens, type ZohoTokens } from '../zoho/tokens.ts';

/** A connection cannot be used yet: not joined to Salesforce or to Zoho, or disabled. */
export class ConnectionNotReadyError extends AppError {
    constructor(message: string) {
        super('connection_not_ready', message, { retryable: false });
    }
}

/** A Zoho client and the data centre its organization lives in. */
export type RegionalZohoClient = ZohoClient & { readonly region: ZohoRegion };

export type ConnectionClients = {
    /** The Zoho client for one of the connection's organizations (its default when omitted). */
    zoho(connectionId: string, organizationId?: string): Promise<RegionalZohoClient>;
    salesforce(connectionId: string): Promise<SalesforceClient>;
};

export type ConnectionClientsDeps = {
    db: Db;
    keyring: Keyring;
    log: Logger;
    clock: Clock;
    zohoConnect: ZohoConnect;
    zohoLimiter: ZohoRateLimiter;
    fetch: typeof fetch;
    /** The package's namespace in the orgs (default: sfdx-project.json's; `''` for none). */
    salesforceNamespace?: string;
    /** Each Salesforce response's reported API usage, by connection (for metrics). */
    onSalesforceUsage?: (connectionId: string, usage: ApiUsage) => void;
};

/**
 * Builds and keeps one Zoho client per (connection, organization) and one Salesforce client
 * per connection, so their access tokens and single-flight refreshes are shared by every job
 * of this process. Refresh tokens stay in the vault and are read on each refresh.
 */
export function createConnectionClients(deps: ConnectionClientsDeps): ConnectionClients {
    const zohoClients = new Map<string, Promise<RegionalZohoClient>>();
    const salesforceClients = new Map<string, Promise<SalesforceClient>>();
    let tokens: ZohoTokens | undefined;

    function zohoTokens(): ZohoTokens {
        const oauth = deps.zohoConnect.oauth;
        if (!oauth)
            throw new ConnectionNotReadyError(
                'ZOHO_CLIENT_ID and ZOHO_CLIENT_SECRET are not set: the companion cannot refresh Zoho tokens'
            );
        tokens ??= createZohoTokens({
            oauth,
            refreshTokens: vaultRefreshTokens(deps.db, deps.keyring),
            clock: deps.clock,
            log: deps.log
        });
        return tokens;
    }

    async function buildZoho(
        connectionId: string,
        organizationId?: string
    ): Promise<RegionalZohoClient> {
        const orgs = await listZohoOrganizations(deps.db, connectionId);
        const org = orgs.find((o) => o.organizationId === organizationId);
        if (!org || org.status !== 'active')
            throw new ConnectionNotReadyError(
                `connection ${connectionId} has no active Zoho organization${organizationId ? ` ${organizationId}` : ''}`
            );
        const client = createZohoClient({
            endpoints: deps.zohoConnect.endpoints[org.region],
            organizationId: org.organizationId,
            tokens: zohoTokens().forOrganization({
                connectionId,
                organizationId: org.organizationId,
                region: org.region
            }),
            limiter: deps.zohoLimiter,
            clock: deps.clock,
            fetch: deps.fetch,
            log: deps.log.child({ connectionId, zohoOrganizationId: org.organizationId })
        });
        return { ...client, region: org.region };
    }

    async function buildSalesforce(connectionId: string): Promise<SalesforceClient> {
        const connection = await getConnection(deps.db, connectionId);
        if (!connection) throw new ConnectionNotReadyError(`connection ${connectionId} is unknown`);
        const { salesforceInstanceUrl, salesforceLoginUrl, salesforceClientId } = connection;
        if (!salesforceInstanceUrl || !salesforceLoginUrl || !salesforceClientId)
            throw new ConnectionNotReadyError(
                `connection ${connectionId} is not joined to its Salesforce org yet`
            );
        const log = deps.log.child({ connectionId });
        const secret = (kind: 'salesforce_client_secret' | 'salesforce_jwt_private_key') =>
            getSecret(deps.db, deps.keyring, { connectionId, kind });
        const privateKeyPem = await secret('salesforce_jwt_private_key');
        const base = {
            instanceUrl: salesforceInstanceUrl,
            loginUrl: salesforceLoginUrl,
            clientId: salesforceClientId,
            log,
            ...(deps.onSalesforceUsage
                ? { onUsage: (usage: ApiUsage) => deps.onSalesforceUsage?.(connectionId, usage) }
                : {}),
            ...(deps.salesforceNamespace === undefined
                ? {}
                : { namespace: deps.salesforceNamespace })
        };
        if (privateKeyPem) {
            const username = (await getSalesforceIdentity(deps.db, connectionId))?.username;
            if (!username)
                throw new ConnectionNotReadyError(
                    `connection ${connectionId} has a JWT key but no Salesforce username`
                );
            return createSalesforceClient({
                ...base,
                clientSecret: '',
                tokens: {
                    signIn: () =>
                        jwtBearerSignIn(deps.fetch, {
                            loginUrl: salesforceLoginUrl,
                            clientId: salesforceClientId,
                            username,
                            privateKeyPem,
                            nowMs: deps.clock.now()
                        })
                }
            });
        }
        const clientSecret = await secret('salesforce_client_secret');
        if (!clientSecret)
            throw new ConnectionNotReadyError(
                `connection ${connectionId} has no Salesforce client secret`
            );
        return createSalesforceClient({
            ...base,
            clientSecret,
            tokens: secretTokenProvider({ q: deps.db, ring: deps.keyring, connectionId })
        });
    }

    /** Caches the promise; a failed build is forgotten so the next call tries again. */
    function cached<T>(map: Map<string, Promise<T>>, key: string, build: () => Promise<T>) {
        let value = map.get(key);
        if (!value) {
            value = build();
            map.set(key, value);
            value.catch(() => map.delete(key));
        }
        return value;
    }

    return {
        // The chosen organization is read each time (one small query), so a choice changed by
        // an administrator takes effect with the next job; clients are cached per organization.
        zoho: async (connectionId, organizationId) => {
            const orgId =
                organizationId ??
                organizationInUse(await listZohoOrganizations(deps.db, connectionId))
                    ?.organizationId;
            return cached(zohoClients, `${connectionId}\u0000${orgId ?? ''}`, () =>
                buildZoho(connectionId, orgId)
            );
        },
        salesforce: (connectionId) =>
            cached(salesforceClients, connectionId, () => buildSalesforce(connectionId))
    };
}
