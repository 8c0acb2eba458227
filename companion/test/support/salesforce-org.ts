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

/** Seeds accounts named `<prefix> 0`, `<prefix> 1`, … in the served org; their ids, in order. */
export function seedAccounts(
    org: Awaited<ReturnType<typeof servedSalesforce>>,
    count: number,
    prefix: string
): string[] {
    const { created } = org.sandbox.seed(org.orgId, {
        records: Array.from({ length: count }, (_, i) => ({
            object: 'Account',
            fields: { Name: `${prefix} ${i}` }
        }))
    });
    return created.map((c) => c.id);
}
