import { AppError } from '../errors.ts';
import type { Keyring } from '../security/vault.ts';
import type { Db } from './db.ts';
import { resealOAuthStates } from './oauth-states.ts';
import { resealSecrets } from './secrets.ts';

export type RotationResult = { keyId: string; secrets: number; oauthStates: number };

/**
 * Re-seals every stored secret (and every pending OAuth state's sealed context) under the
 * keyring's current key, in one transaction: a secret no configured key opens stops it with
 * nothing changed. Afterwards no row needs the previous keys.
 */
export async function rotateMasterKey(db: Db, ring: Keyring): Promise<RotationResult> {
    return db.transaction(async (tx) => {
        const secrets = await resealSecrets(tx, ring);
        const oauthStates = await resealOAuthStates(tx, ring);
        const [left] = await tx.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM secrets WHERE key_id <> $1',
            [ring.current.id]
        );
        if ((left?.n ?? 0) > 0)
            throw new AppError(
                'rotation_incomplete',
                `${left?.n} secrets are still under an older key`
            );
        return { keyId: ring.current.id, secrets, oauthStates };
    });
}
