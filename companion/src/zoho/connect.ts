import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import { createZohoClient } from './client.ts';
import { createZohoOAuth, type ZohoOAuth, type ZohoTokenSet } from './oauth.ts';
import type { ZohoRateLimiter } from './rate-limiter.ts';
import { ZohoAuthError } from './errors.ts';
import { readKeyFields, type KeyFields } from './key-fields.ts';
import type { EndpointTable } from './regions.ts';

export type ZohoConnect = {
    oauth: ZohoOAuth | undefined;
    endpoints: EndpointTable;
    listOrganizations: (tokens: ZohoTokenSet) => Promise<
        {
            organization_id: string;
            name?: string;
            plan_name?: string | undefined;
            is_default_org?: boolean | undefined;
        }[]
    >;
    /** Whether the organization has the Salesforce-id field on invoices and contacts. */
    readKeyFields: (tokens: ZohoTokenSet, organizationId: string) => Promise<KeyFields>;
};

/**
 * What the OAuth doors need: the OAuth client (when the Zoho client id and secret are set) and a
 * way to list the organizations a freshly granted token reaches, paced like every other call.
 */
export function createZohoConnect(deps: {
    client: { id: string; secret: string } | undefined;
    redirectUri: string;
    endpoints: EndpointTable;
    limiter: ZohoRateLimiter;
    clock: Clock;
    fetch: typeof fetch;
    log: Logger;
}): ZohoConnect {
    const oauth = deps.client
        ? createZohoOAuth({
              clientId: deps.client.id,
              clientSecret: deps.client.secret,
              redirectUri: deps.redirectUri,
              endpoints: deps.endpoints,
              fetch: deps.fetch,
              clock: deps.clock
          })
        : undefined;
    /** A client on a freshly granted token, paced like every other call. */
    function clientFor(tokens: ZohoTokenSet, organizationId: string) {
        // The API domain was checked against its region at the code exchange; an unknown one stops here.
        const region = (Object.keys(deps.endpoints) as (keyof EndpointTable)[]).find(
            (r) => deps.endpoints[r].apiDomain === tokens.apiDomain
        );
        if (!region)
            throw new ZohoAuthError(
                'zoho_api_domain_untrusted',
                `unknown API domain ${tokens.apiDomain}`
            );
        return createZohoClient({
            endpoints: deps.endpoints[region],
            organizationId,
            tokens: { accessToken: async () => tokens.accessToken, invalidate: () => undefined },
            limiter: deps.limiter,
            clock: deps.clock,
            fetch: deps.fetch,
            log: deps.log,
            priority: 'interactive'
        });
    }
    return {
        oauth,
        endpoints: deps.endpoints,
        listOrganizations: (tokens) => clientFor(tokens, '').organizations.list(),
        readKeyFields: (tokens, organizationId) => readKeyFields(clientFor(tokens, organizationId))
    };
}
