import type { Keyring } from '../security/vault.ts';
import type { ConnectionStatus } from './connections.ts';
import type { Queryable } from './db.ts';
import { openSecret } from './secrets.ts';

/**
 * What the Zoho webhook door needs to know of a connection before it stores a webhook, read in
 * one round trip (a door under load would otherwise make three per webhook): its status, its
 * webhook secret (opened), and its Zoho organizations, the default first.
 */
export type WebhookDoorFacts = {
    status: ConnectionStatus;
    webhookSecret: string | undefined;
    /** The secret as stored (sealed): what a later write checks is still the connection's. */
    webhookSecretSealed: string | undefined;
    organizations: { organizationId: string; isDefault: boolean }[];
};

type Row = {
    status: ConnectionStatus;
    sealed: string | null;
    organizations: { organization_id: string; is_default: boolean }[] | string;
};

export async function readWebhookDoorFacts(
    q: Queryable,
    ring: Keyring,
    connectionId: string
): Promise<WebhookDoorFacts | undefined> {
    const [row] = await q.query<Row>(
        `SELECT c.status,
                (SELECT s.sealed FROM secrets s
                 WHERE s.connection_id = c.id AND s.kind = 'webhook_secret' AND s.scope = '') AS sealed,
                COALESCE((SELECT json_agg(json_build_object('organization_id', z.organization_id,
                                                            'is_default', z.is_default)
                                          ORDER BY z.is_default DESC, z.organization_id)
                          FROM zoho_organizations z WHERE z.connection_id = c.id), '[]'::json) AS organizations
         FROM connections c WHERE c.id = $1`,
        [connectionId],
        { name: 'closebooks_webhook_door_facts' }
    );
    if (!row) return undefined;
    const organizations = (
        typeof row.organizations === 'string' ? JSON.parse(row.organizations) : row.organizations
    ) as { organization_id: string; is_default: boolean }[];
    return {
        status: row.status,
        webhookSecret:
            row.sealed === null
                ? undefined
                : openSecret(ring, { connectionId, kind: 'webhook_secret' }, row.sealed),
        webhookSecretSealed: row.sealed ?? undefined,
        organizations: organizations.map((o) => ({
            organizationId: o.organization_id,
            isDefault: o.is_default
        }))
    };
}
