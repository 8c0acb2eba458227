import type { Keyring } from '../security/vault.ts';
import { listZohoOrganizations, type ZohoRegion } from '../store/connections.ts';
import type { Queryable } from '../store/db.ts';
import { getSecret } from '../store/secrets.ts';

export type HeldRefreshToken = { refreshToken: string; region: ZohoRegion };

/** The distinct refresh tokens the connection's organizations hold now, with their region. */
export async function heldRefreshTokens(
    q: Queryable,
    keyring: Keyring,
    connectionId: string
): Promise<HeldRefreshToken[]> {
    const held = new Map<string, ZohoRegion>();
    for (const org of await listZohoOrganizations(q, connectionId)) {
        const token = await getSecret(q, keyring, {
            connectionId,
            kind: 'zoho_refresh_token',
            scope: org.organizationId
        });
        if (token) held.set(token, org.region);
    }
    return [...held].map(([refreshToken, region]) => ({ refreshToken, region }));
}

/**
 * The refresh tokens a reconnect replaced: held before, held by no organization after. Zoho
 * keeps 20 refresh tokens per user and drops the oldest silently (reference §2.5), so these
 * are revoked rather than left to count against the user.
 */
export function supersededTokens(
    before: readonly HeldRefreshToken[],
    after: readonly HeldRefreshToken[]
): HeldRefreshToken[] {
    const still = new Set(after.map((t) => t.refreshToken));
    return before.filter((t) => !still.has(t.refreshToken));
}
