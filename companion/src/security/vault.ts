import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

import { AppError } from '../errors.ts';

/**
 * Seals secrets (refresh tokens, shared secrets) with AES-256-GCM before they reach the
 * database. Each sealed value carries the id of the key that sealed it, so keys can rotate: a
 * new key seals, old keys still open until `reseal` has moved every row (see README).
 *
 * The additional authenticated data binds a ciphertext to its row (connection, kind, scope):
 * a value copied into another row fails to open instead of handing over another tenant's token.
 */
export type MasterKey = { readonly id: string; readonly key: Buffer };

export type Keyring = { readonly current: MasterKey; readonly previous: readonly MasterKey[] };

export class VaultError extends AppError {
    constructor(
        code: 'vault_key_invalid' | 'vault_key_unknown' | 'vault_tampered',
        message: string
    ) {
        super(code, message);
    }
}

const FORMAT = 'v1';
const IV_BYTES = 12;

/** A master key from its base64 form (32 random bytes: `openssl rand -base64 32`). */
export function parseMasterKey(base64: string): MasterKey {
    const key = Buffer.from(base64.trim(), 'base64');
    if (key.length !== 32 || key.toString('base64') !== base64.trim()) {
        throw new VaultError('vault_key_invalid', 'a master key must be 32 bytes, base64-encoded');
    }
    return { id: createHash('sha256').update(key).digest('hex').slice(0, 12), key };
}

export function generateMasterKey(): string {
    return randomBytes(32).toString('base64');
}

export function keyring(current: string, previous: readonly string[] = []): Keyring {
    return { current: parseMasterKey(current), previous: previous.map(parseMasterKey) };
}

export type Sealed = { keyId: string; sealed: string };

export function seal(ring: Keyring, plaintext: string, aad: string): Sealed {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', ring.current.key, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const parts = [
        FORMAT,
        ring.current.id,
        iv.toString('base64'),
        cipher.getAuthTag().toString('base64'),
        body.toString('base64')
    ];
    return { keyId: ring.current.id, sealed: parts.join(':') };
}

export function open(ring: Keyring, sealed: string, aad: string): string {
    const [format, keyId, iv, tag, body] = sealed.split(':');
    if (format !== FORMAT || !keyId || !iv || !tag || body === undefined) {
        throw new VaultError('vault_tampered', 'a sealed secret is not in the expected format');
    }
    const key = [ring.current, ...ring.previous].find((k) => k.id === keyId);
    if (!key) {
        throw new VaultError(
            'vault_key_unknown',
            `a secret was sealed with key ${keyId}, which is not configured`
        );
    }
    try {
        const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(iv, 'base64'));
        decipher.setAAD(Buffer.from(aad, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag, 'base64'));
        return Buffer.concat([
            decipher.update(Buffer.from(body, 'base64')),
            decipher.final()
        ]).toString('utf8');
    } catch {
        throw new VaultError(
            'vault_tampered',
            'a sealed secret failed authentication (wrong row or altered)'
        );
    }
}
