import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';

import { AppError } from '../errors.ts';
import { isRsaPrivateKey, jwtBearerSignIn } from '../salesforce/jwt-bearer.ts';
import {
    loginUrlFor,
    readIdentity,
    salesforceDomainSchema,
    sameSalesforceId
} from '../salesforce/oauth.ts';
import { getConnection } from '../store/connections.ts';
import { linkSalesforce } from '../store/salesforce-link.ts';
import { connectionPost, errors, errorSchema, notFound } from './admin-common.ts';
import type { AuthEnv } from './auth.ts';
import { errorBody } from './errors.ts';
import { identityOf, type SalesforceOAuthDeps } from './salesforce-oauth.ts';

const route = createRoute({
    ...connectionPost(
        'salesforce/jwt',
        z.strictObject({
            domain: salesforceDomainSchema,
            clientId: z.string().min(20).max(256),
            username: z.string().min(3).max(255),
            privateKey: z.string().max(20_000).refine(isRsaPrivateKey, 'an RSA private key in PEM')
        })
    ),
    responses: {
        200: {
            description:
                'Signed in by JWT bearer as `username` (headless: no browser, no refresh token). The private key is sealed in the vault; the companion signs a fresh assertion whenever it needs a session.',
            content: {
                'application/json': {
                    schema: z.object({
                        userId: z.string(),
                        username: z.string().nullable(),
                        instanceUrl: z.string()
                    })
                }
            }
        },
        409: {
            description: 'The user belongs to another org than the connection',
            content: { 'application/json': { schema: errorSchema } }
        },
        502: {
            description: 'Salesforce refused the sign-in (e.g. the user is not pre-authorized)',
            content: { 'application/json': { schema: errorSchema } }
        },
        ...notFound,
        ...errors
    }
});

/** `POST /v1/admin/connections/:id/salesforce/jwt` (admin:write): the headless connection. */
export function registerSalesforceJwtRoute(
    app: OpenAPIHono<AuthEnv>,
    deps: SalesforceOAuthDeps
): void {
    app.openapi(route, async (c) => {
        const { id } = c.req.valid('param');
        const body = c.req.valid('json');
        const connection = await getConnection(deps.db, id);
        if (!connection) return c.json(errorBody('not_found', 'no such connection'), 404);
        const loginUrl = loginUrlFor(body.domain, deps.salesforceConnect.loginHosts);
        const fetchFn = deps.salesforceConnect.fetch;
        let tokens, identity;
        try {
            tokens = await jwtBearerSignIn(fetchFn, {
                loginUrl,
                clientId: body.clientId,
                username: body.username,
                privateKeyPem: body.privateKey,
                nowMs: deps.clock.now()
            });
            identity = await readIdentity(fetchFn, tokens.id, tokens.access_token);
        } catch (error) {
            if (!(error instanceof AppError)) throw error;
            return c.json(errorBody('salesforce_refused', error.message), 502);
        }
        if (!sameSalesforceId(identity.organization_id, connection.salesforceOrgId))
            return c.json(
                errorBody(
                    'org_mismatch',
                    `${body.username} is a user of org ${identity.organization_id}, but this connection is for org ${connection.salesforceOrgId}`
                ),
                409
            );
        await linkSalesforce(deps.db, deps.keyring, {
            connectionId: id,
            instanceUrl: tokens.instance_url,
            loginUrl,
            clientId: body.clientId,
            identity: { ...identityOf(identity, deps.clock), username: body.username },
            secrets: { salesforce_jwt_private_key: body.privateKey }
        });
        c.get('log').info(
            { connectionId: id, userId: identity.user_id },
            'salesforce connected (jwt)'
        );
        return c.json(
            { userId: identity.user_id, username: body.username, instanceUrl: tokens.instance_url },
            200
        );
    });
}
