import { Hono } from 'hono';
import { z } from 'zod';

import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { Keyring } from '../security/vault.ts';
import {
    addZohoOrganization,
    listZohoOrganizations,
    recordKeyFields,
    setConnectionStatus,
    zohoRegions
} from '../store/connections.ts';
import type { Db } from '../store/db.ts';
import { consumeOAuthState, issueOAuthState, STATE_TTL_MS } from '../store/oauth-states.ts';
import { putSecret } from '../store/secrets.ts';
import { recordZohoOrganizationNames } from '../store/zoho-organizations.ts';
import type { KeyFields } from '../zoho/key-fields.ts';
import { organizationToChoose, type ListedOrganization } from '../zoho/organization-choice.ts';
import type { ZohoOAuth, ZohoTokenSet } from '../zoho/oauth.ts';
import { regionFromCallback } from '../zoho/regions.ts';
import type { EndpointTable } from '../zoho/regions.ts';
import { authenticateConnection } from './connection-auth.ts';
import { heldRefreshTokens, supersededTokens } from './zoho-superseded.ts';
import { errorBody } from './errors.ts';
import { oauthPage } from './oauth-page.ts';

type Env = { Variables: { correlationId: string; log: Logger } };

export type ZohoOAuthDoorDeps = {
    db: Db;
    keyring: Keyring;
    clock: Clock;
    /** Undefined when ZOHO_CLIENT_ID / ZOHO_CLIENT_SECRET are not configured. */
    oauth: ZohoOAuth | undefined;
    endpoints: EndpointTable;
    /** The organizations the new token can reach, with their plans (GET /organizations). */
    listOrganizations: (
        tokens: ZohoTokenSet
    ) => Promise<(ListedOrganization & { name?: string; plan_name?: string | undefined })[]>;
    /** Whether an organization has the Salesforce-id field (the setup page says what to add). */
    readKeyFields: (tokens: ZohoTokenSet, organizationId: string) => Promise<KeyFields>;
};

const callbackSchema = z.object({
    state: z.string().min(1).max(200),
    code: z.string().min(1).max(500),
    location: z.string().max(10).optional(),
    'accounts-server': z.string().min(1).max(200)
});

/**
 * Connecting Zoho Books. `POST /v1/oauth/zoho/start` is called by the package (Named Credential
 * headers, as for events) or an admin tool, and answers the consent URL with a fresh single-use
 * `state` bound to the connection; the browser goes there. `GET /v1/oauth/zoho/callback` consumes
 * the state, takes the region from `accounts-server` (only known Zoho servers: the client secret
 * is never sent anywhere else), exchanges the code, seals the refresh token per organization and
 * joins the organizations to the connection. A reconnect revokes the refresh tokens it replaced.
 */
export function zohoOAuthRoutes(deps: ZohoOAuthDoorDeps) {
    return new Hono<Env>()
        .post('/start', async (c) => {
            if (!deps.oauth)
                return c.json(
                    errorBody(
                        'not_configured',
                        'ZOHO_CLIENT_ID and ZOHO_CLIENT_SECRET are not set'
                    ),
                    503
                );
            const auth = await authenticateConnection(deps.db, deps.keyring, (name) =>
                c.req.header(name)
            );
            if (!auth.ok) return c.json(auth.body, auth.status);
            const connectionId = auth.connection.id;
            const region = z.enum(zohoRegions).optional().safeParse(c.req.query('region'));
            if (!region.success)
                return c.json(
                    errorBody(
                        'validation_failed',
                        `region must be one of ${zohoRegions.join(', ')}`
                    ),
                    400
                );
            const now = deps.clock.now();
            const state = await issueOAuthState(deps.db, connectionId, now);
            const authorizationUrl = deps.oauth.authorizationUrl({ state, region: region.data });
            return c.json(
                { authorizationUrl, expiresAt: new Date(now + STATE_TTL_MS).toISOString() },
                201
            );
        })
        .get('/callback', async (c) => {
            if (!deps.oauth)
                return oauthPage(
                    'Zoho Books is not configured',
                    'Ask your administrator to set the Zoho client.',
                    400
                );
            if (c.req.query('error'))
                return oauthPage(
                    'Zoho Books was not connected',
                    'The consent was declined or failed at Zoho. Start again from Closebooks setup.',
                    400
                );
            const parsed = callbackSchema.safeParse(c.req.query());
            if (!parsed.success)
                return oauthPage(
                    'Zoho Books was not connected',
                    'The link is incomplete. Start again from Closebooks setup.',
                    400
                );
            const connectionId = await consumeOAuthState(
                deps.db,
                parsed.data.state,
                deps.clock.now()
            );
            if (!connectionId)
                return oauthPage(
                    'Zoho Books was not connected',
                    'This link has expired or was already used. Start again from Closebooks setup.',
                    400
                );
            let region;
            try {
                region = regionFromCallback(parsed.data, deps.endpoints);
            } catch {
                return oauthPage(
                    'Zoho Books was not connected',
                    'The answer did not come from a known Zoho data centre.',
                    400
                );
            }
            const log = c.get('log').child({ connectionId, region });
            try {
                const tokens = await deps.oauth.exchangeCode({ code: parsed.data.code, region });
                if (!tokens.refreshToken)
                    throw new Error(
                        'Zoho returned no refresh token (offline access was not granted)'
                    );
                const organizations = await deps.listOrganizations(tokens);
                if (organizations.length === 0)
                    throw new Error('the Zoho user belongs to no Books organization');
                const before = await heldRefreshTokens(deps.db, deps.keyring, connectionId);
                const chosen = organizationToChoose(
                    organizations,
                    (await listZohoOrganizations(deps.db, connectionId)).find((o) => o.isDefault)
                        ?.organizationId
                );
                for (const org of organizations) {
                    await addZohoOrganization(deps.db, {
                        connectionId,
                        organizationId: org.organization_id,
                        region,
                        isDefault: org.organization_id === chosen,
                        planName: org.plan_name
                    });
                    await putSecret(
                        deps.db,
                        deps.keyring,
                        { connectionId, kind: 'zoho_refresh_token', scope: org.organization_id },
                        tokens.refreshToken
                    );
                }
                await recordZohoOrganizationNames(deps.db, connectionId, organizations);
                for (const org of organizations) {
                    try {
                        const found = await deps.readKeyFields(tokens, org.organization_id);
                        const at = new Date(deps.clock.now());
                        await recordKeyFields(deps.db, org.organization_id, found, at);
                    } catch (error) {
                        log.warn({ err: error }, 'zoho custom fields not read');
                    }
                }
                await setConnectionStatus(deps.db, connectionId, 'active');
                const after = await heldRefreshTokens(deps.db, deps.keyring, connectionId);
                let revoked = 0;
                for (const old of supersededTokens(before, after)) {
                    try {
                        await deps.oauth.revoke(old);
                        revoked += 1;
                    } catch (error) {
                        log.warn({ err: error }, 'previous zoho refresh token not revoked');
                    }
                }
                log.info(
                    { organizations: organizations.length, chosen: chosen ?? null, revoked },
                    'zoho connected'
                );
                return oauthPage(
                    'Zoho Books is connected',
                    'You can close this tab and return to Salesforce.',
                    200
                );
            } catch (error) {
                log.warn({ err: error }, 'zoho connection failed');
                return oauthPage(
                    'Zoho Books was not connected',
                    'Zoho did not complete the connection. Start again from Closebooks setup.',
                    502
                );
            }
        });
}
