import { Connection } from 'jsforce';

import { listen } from '../../../test/support/serve.ts';
import type { OrgCredentials } from '../org-factory.ts';
import { createSalesforceSandbox, type SalesforceSandboxOptions } from '../salesforce-sandbox.ts';

export const API_VERSION = '65.0';

/** A served sandbox, one org, and a jsforce connection that logs in by refresh token. */
export async function servedOrg(options: SalesforceSandboxOptions = {}) {
    const sandbox = createSalesforceSandbox(options);
    const server = await listen(sandbox.app);
    const credentials = sandbox.createOrg({ instanceUrl: server.url });
    const connect = (overrides: { accessToken?: string; credentials?: OrgCredentials } = {}) => {
        const creds = overrides.credentials ?? credentials;
        return new Connection({
            oauth2: {
                clientId: creds.client_id,
                clientSecret: creds.client_secret,
                loginUrl: creds.login_url
            },
            instanceUrl: creds.instance_url,
            refreshToken: creds.refresh_token,
            ...(overrides.accessToken ? { accessToken: overrides.accessToken } : {}),
            version: API_VERSION
        });
    };
    /** A connection acting as a normal (non-integration) user: its changes fire the triggers. */
    const connectAs = (username: string) => {
        const session = sandbox.sessionFor(credentials.org_id, username, server.url);
        return new Connection({
            instanceUrl: server.url,
            accessToken: session.access_token,
            version: API_VERSION
        });
    };
    return { sandbox, server, credentials, connect, connectAs, orgId: credentials.org_id };
}
