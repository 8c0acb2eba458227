import { Hono } from 'hono';
import { z } from 'zod';

import { salesforceDomainSchema } from '../salesforce/oauth.ts';
import { getSalesforceIdentity } from '../store/connections.ts';
import { getSecret } from '../store/secrets.ts';
import { requireConnection, type ConnectionEnv } from './connection-auth.ts';
import { errorBody } from './errors.ts';
import {
    NO_SALESFORCE_CLIENT,
    startSalesforceAuthorization,
    type SalesforceOAuthDeps
} from './salesforce-oauth.ts';

/** The setup page chooses the login host only; the connected app is the companion's own. */
const authorizeSchema = z.strictObject({ domain: salesforceDomainSchema });

/**
 * `/v1/package/salesforce`: the setup page's view of how the companion signs in to this org
 * (`GET` → the org, instance, login host and connected user) and its "Reconnect Salesforce"
 * action (`POST /authorize` with `{domain}` → the consent URL of the web-server flow with PKCE,
 * bound to the calling connection by a single-use state). The package never sends a client
 * secret: the connected app is the companion's (SALESFORCE_CLIENT_ID / _SECRET).
 */
export function packageSalesforceRoutes(deps: SalesforceOAuthDeps) {
    return new Hono<ConnectionEnv>()
        .use(requireConnection(deps))
        .get('/', async (c) => {
            const connection = c.get('connection');
            const user = await getSalesforceIdentity(deps.db, connection.id);
            const token = await getSecret(deps.db, deps.keyring, {
                connectionId: connection.id,
                kind: 'salesforce_refresh_token'
            });
            return c.json({
                connected: token !== undefined && user !== undefined,
                orgId: connection.salesforceOrgId,
                instanceUrl: connection.salesforceInstanceUrl,
                loginUrl: connection.salesforceLoginUrl,
                user: user ? { ...user, connectedAt: user.connectedAt.toISOString() } : null
            });
        })
        .post('/authorize', async (c) => {
            const body = authorizeSchema.safeParse(await c.req.json().catch(() => undefined));
            if (!body.success)
                return c.json(
                    errorBody('validation_failed', 'domain must be login, test or a My Domain'),
                    400
                );
            const client = deps.salesforceConnect.client;
            if (!client) return c.json(NO_SALESFORCE_CLIENT, 503);
            const started = await startSalesforceAuthorization(
                deps,
                c.get('connection').id,
                body.data.domain,
                client
            );
            return c.json(started, 201);
        });
}
