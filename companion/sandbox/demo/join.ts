import { randomBytes } from 'node:crypto';

import { pino } from 'pino';

import type { Clock } from '../../src/clock.ts';
import type { Logger } from '../../src/log.ts';
import type { Keyring } from '../../src/security/vault.ts';
import {
    addZohoOrganization,
    createConnection,
    setConnectionStatus,
    setSalesforceClient,
    setSalesforceIdentity,
    type ZohoRegion
} from '../../src/store/connections.ts';
import type { Db } from '../../src/store/db.ts';
import { putSecret } from '../../src/store/secrets.ts';
import { createZohoConnect, type ZohoConnect } from '../../src/zoho/connect.ts';
import { ZohoAuthError } from '../../src/zoho/errors.ts';
import { createPlanLimits } from '../../src/zoho/plans.ts';
import { createZohoRateLimiter, type ZohoRateLimiter } from '../../src/zoho/rate-limiter.ts';
import { endpointTable, type EndpointTable } from '../../src/zoho/regions.ts';
import type { OrgCredentials as SalesforceCredentials } from '../salesforce/org-factory.ts';
import type { SalesforceSandbox } from '../salesforce/salesforce-sandbox.ts';
import type { OrgCredentials as ZohoCredentials } from '../zoho/provision.ts';

/** The simulator's data-centre layout: `<origin>/dc/<dc>/accounts` and `/dc/<dc>/api`. */
export function sandboxEndpoints(zoho: Pick<ZohoCredentials, 'api_domain'>): EndpointTable {
    const origin = new URL(zoho.api_domain).origin;
    return endpointTable((region) => ({
        accountsUrl: `${origin}/dc/${region}/accounts`,
        apiDomain: `${origin}/dc/${region}/api`
    }));
}

/**
 * The Zoho organization's plan as `GET /organizations` names it, read as the OAuth connect reads
 * it (`listOrganizations`, paced by the limiter): the companion's daily budget follows it. Read
 * with the credentials' access token, or, when Zoho refuses that one (it lives an hour, and a
 * large seed can take longer), with one refreshed through the connect's OAuth client.
 */
export async function readZohoPlanName(
    connect: ZohoConnect,
    zoho: Pick<
        ZohoCredentials,
        'api_domain' | 'access_token' | 'organization_id' | 'refresh_token' | 'location'
    >
): Promise<string | undefined> {
    const region = zoho.location as ZohoRegion;
    let organizations;
    try {
        organizations = await connect.listOrganizations({
            accessToken: zoho.access_token,
            refreshToken: zoho.refresh_token,
            apiDomain: zoho.api_domain,
            expiresAt: 0,
            scope: undefined
        });
    } catch (error) {
        const expired = error instanceof ZohoAuthError && error.code === 'zoho_not_authorized';
        if (!expired || !connect.oauth) throw error;
        const fresh = await connect.oauth.refresh({ refreshToken: zoho.refresh_token, region });
        organizations = await connect.listOrganizations(fresh);
    }
    return organizations.find((o) => o.organization_id === zoho.organization_id)?.plan_name;
}

/**
 * Joins a simulated Salesforce org and a simulated Zoho organization in the companion's store,
 * as the real connect flows would leave them: the connection with its Salesforce OAuth client
 * and connected user (the integration user), the Zoho organization with its plan, every secret sealed in the
 * vault, and the Salesforce org's Named Credential pointing at `companionUrl` with the
 * connection's event secret.
 */
export async function joinSandboxConnection(
    deps: { db: Db; keyring: Keyring; log?: Logger },
    input: {
        name: string;
        zoho: ZohoCredentials;
        salesforce: SalesforceCredentials;
        salesforceSandbox: SalesforceSandbox;
        companionUrl: string;
    }
): Promise<{ connectionId: string; eventSecret: string }> {
    const eventSecret = randomBytes(32).toString('base64url');
    const { zohoConnect } = sandboxZoho({
        db: deps.db,
        clock: input.salesforceSandbox.clock,
        log: deps.log ?? pino({ level: 'silent' }),
        client: { id: input.zoho.client_id, secret: input.zoho.client_secret },
        apiDomain: input.zoho.api_domain
    });
    const planName = await readZohoPlanName(zohoConnect, input.zoho);
    const connectionId = await deps.db.transaction(async (tx) => {
        const connection = await createConnection(tx, {
            name: input.name,
            salesforceOrgId: input.salesforce.org_id,
            salesforceInstanceUrl: input.salesforce.instance_url
        });
        const id = connection.id;
        await setSalesforceClient(tx, id, {
            instanceUrl: input.salesforce.instance_url,
            loginUrl: input.salesforce.login_url,
            clientId: input.salesforce.client_id
        });
        // The user the org's refresh token belongs to, as the consent flow records it.
        const org = input.salesforceSandbox.org(input.salesforce.org_id);
        const user = input.salesforceSandbox
            .records(org.id, 'User')
            .find((u) => u.Id === org.integrationUserId);
        await setSalesforceIdentity(tx, id, {
            userId: org.integrationUserId,
            username: input.salesforce.username,
            displayName: typeof user?.Name === 'string' ? user.Name : null,
            connectedAt: new Date(input.salesforceSandbox.clock.now())
        });
        const seal = (
            kind: Parameters<typeof putSecret>[2]['kind'],
            value: string,
            scope?: string
        ) =>
            putSecret(
                tx,
                deps.keyring,
                { connectionId: id, kind, ...(scope ? { scope } : {}) },
                value
            );
        await seal('salesforce_client_secret', input.salesforce.client_secret);
        await seal('salesforce_refresh_token', input.salesforce.refresh_token);
        await seal('event_secret', eventSecret);
        await addZohoOrganization(tx, {
            connectionId: id,
            organizationId: input.zoho.organization_id,
            region: input.zoho.location as ZohoRegion,
            planName
        });
        await seal('zoho_refresh_token', input.zoho.refresh_token, input.zoho.organization_id);
        await setConnectionStatus(tx, id, 'active');
        return id;
    });
    input.salesforceSandbox.setCompanion(input.salesforce.org_id, {
        url: input.companionUrl,
        connectionId,
        secret: eventSecret
    });
    return { connectionId, eventSecret };
}

/** The callback the sandbox companion names at consent, registered on the simulator's client. */
export const SANDBOX_REDIRECT_URI = 'http://127.0.0.1/v1/oauth/zoho/callback';

/**
 * The companion's Zoho side for a simulated organization: the shared rate limiter and the
 * connect helper with the simulator's OAuth client and data-centre layout.
 */
export function sandboxZoho(deps: {
    db: Db;
    clock: Clock;
    log: Logger;
    client: { id: string; secret: string };
    apiDomain: string;
    fetch?: typeof fetch;
}): { zohoLimiter: ZohoRateLimiter; zohoConnect: ZohoConnect } {
    const zohoLimiter = createZohoRateLimiter({
        db: deps.db,
        clock: deps.clock,
        // By the plan the join (or the OAuth connect) stored, as in production.
        limitsFor: createPlanLimits({ db: deps.db, clock: deps.clock })
    });
    const zohoConnect = createZohoConnect({
        client: deps.client,
        redirectUri: SANDBOX_REDIRECT_URI,
        endpoints: sandboxEndpoints({ api_domain: deps.apiDomain }),
        limiter: zohoLimiter,
        clock: deps.clock,
        fetch: deps.fetch ?? fetch,
        log: deps.log
    });
    return { zohoLimiter, zohoConnect };
}
