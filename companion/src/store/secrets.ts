import { open, seal, type Keyring } from '../security/vault.ts';
import type { Queryable } from './db.ts';

/** What a secret is for; `scope` tells apart several of one kind (e.g. one per Zoho organization). */
export type SecretKind =
    | 'zoho_refresh_token'
    | 'zoho_access_token'
    | 'zoho_client_secret'
    | 'salesforce_refresh_token'
    | 'salesforce_client_secret'
    | 'salesforce_jwt_private_key'
    | 'event_secret'
    | 'webhook_secret';

export type SecretRef = { connectionId: string; kind: SecretKind; scope?: string };

function aad(ref: SecretRef): string {
    return `${ref.connectionId}/${ref.kind}/${ref.scope ?? ''}`;
}

/** Stores (or replaces) a secret, sealed under the keyring's current key. */
export async function putSecret(
    q: Queryable,
    ring: Keyring,
    ref: SecretRef,
    value: string
): Promise<void> {
    const { keyId, sealed } = seal(ring, value, aad(ref));
    await q.query(
        `INSERT INTO secrets (connection_id, kind, scope, key_id, sealed) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (connection_id, kind, scope)
         DO UPDATE SET key_id = EXCLUDED.key_id, sealed = EXCLUDED.sealed, updated_at = now()`,
        [ref.connectionId, ref.kind, ref.scope ?? '', keyId, sealed]
    );
}

export async function getSecret(
    q: Queryable,
    ring: Keyring,
    ref: SecretRef
): Promise<string | undefined> {
    const [row] = await q.query<{ sealed: string }>(
        'SELECT sealed FROM secrets WHERE connection_id = $1 AND kind = $2 AND scope = $3',
        [ref.connectionId, ref.kind, ref.scope ?? '']
    );
    return row && openSecret(ring, ref, row.sealed);
}

/** Opens a secret's sealed value read by another query (it is bound to its connection, kind and scope). */
export function openSecret(ring: Keyring, ref: SecretRef, sealed: string): string {
    return open(ring, sealed, aad(ref));
}

export async function deleteSecret(q: Queryable, ref: SecretRef): Promise<void> {
    await q.query('DELETE FROM secrets WHERE connection_id = $1 AND kind = $2 AND scope = $3', [
        ref.connectionId,
        ref.kind,
        ref.scope ?? ''
    ]);
}

/**
 * Key rotation, step two: re-seals every secret not yet under the current key (step one is to
 * start the companion with the new key current and the old one listed as previous).
 *
 * @returns how many secrets were re-sealed.
 */
export async function resealSecrets(q: Queryable, ring: Keyring): Promise<number> {
    const rows = await q.query<{
        connection_id: string;
        kind: SecretKind;
        scope: string;
        sealed: string;
    }>('SELECT connection_id, kind, scope, sealed FROM secrets WHERE key_id <> $1', [
        ring.current.id
    ]);
    for (const row of rows) {
        const ref = { connectionId: row.connection_id, kind: row.kind, scope: row.scope };
        await putSecret(q, ring, ref, open(ring, row.sealed, aad(ref)));
    }
    return rows.length;
}
