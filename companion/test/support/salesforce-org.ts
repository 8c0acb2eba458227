import {
    createSalesforceSandbox,
    type SalesforceSandboxOptions
} from '../../sandbox/salesforce/salesforce-sandbox.ts';
import type { OrgCredentials } from '../../sandbox/salesforce/org-factory.ts';
import { createLogger } from '../../src/log.ts';
import {
    createSalesforceClient,
    type SalesforceClientOptions
} from '../../src/salesforce/connection.ts';
import { listen } from './serve.ts';

/**
 * A served Salesforce sandbox with one org, and a factory for our Salesforce client signed in
 * to it by refresh token, with the org's package namespace. Always `await close()` in `afterAll`.
 */
export async function servedSalesforce(options: SalesforceSandboxOptions = {}) {
    const sandbox = createSalesforceSandbox(options);
    const server = await listen(sandbox.app);
    const credentials: OrgCredentials = sandbox.createOrg({ instanceUrl: server.url });
    const client = (overrides: Partial<SalesforceClientOptions> = {}) =>
        createSalesforceClient({
            instanceUrl: credentials.instance_url,
            loginUrl: credentials.login_url,
            clientId: credentials.client_id,
            clientSecret: credentials.client_secret,
            tokens: { refreshToken: async () => credentials.refresh_token },
            log: createLogger('silent'),
            namespace: sandbox.namespace,
            ...overrides
        });
    return { sandbox, server, credentials, orgId: credentials.org_id, client, close: server.close };
}
