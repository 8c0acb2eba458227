import { describe, expect, it } from 'vitest';

import { generateMasterKey, keyring, open, parseMasterKey, seal } from './vault.ts';

describe('vault', () => {
    const ring = keyring(generateMasterKey());

    it('opens what it sealed, and never stores the plaintext', () => {
        const { sealed, keyId } = seal(ring, '1000.refresh.token', 'conn-1/zoho_refresh_token/123');
        expect(sealed).not.toContain('1000.refresh.token');
        expect(keyId).toBe(ring.current.id);
        expect(open(ring, sealed, 'conn-1/zoho_refresh_token/123')).toBe('1000.refresh.token');
    });

    it('seals the same secret differently each time', () => {
        expect(seal(ring, 'same', 'a').sealed).not.toBe(seal(ring, 'same', 'a').sealed);
    });

    it('refuses a value moved to another row', () => {
        const { sealed } = seal(ring, 'token-of-tenant-a', 'conn-a/kind/');
        expect(() => open(ring, sealed, 'conn-b/kind/')).toThrow(
            expect.objectContaining({ code: 'vault_tampered' })
        );
    });

    it('refuses an altered ciphertext', () => {
        const { sealed } = seal(ring, 'secret', 'aad');
        const parts = sealed.split(':');
        const body = Buffer.from(parts[4] ?? '', 'base64');
        body[0] = (body[0] ?? 0) ^ 1;
        parts[4] = body.toString('base64');
        expect(() => open(ring, parts.join(':'), 'aad')).toThrow(
            expect.objectContaining({ code: 'vault_tampered' })
        );
    });

    it('opens values sealed under a previous key after rotation, and refuses unknown keys', () => {
        const oldKey = generateMasterKey();
        const before = seal(keyring(oldKey), 'old secret', 'aad');
        const rotated = keyring(generateMasterKey(), [oldKey]);
        expect(open(rotated, before.sealed, 'aad')).toBe('old secret');
        expect(() => open(keyring(generateMasterKey()), before.sealed, 'aad')).toThrow(
            expect.objectContaining({ code: 'vault_key_unknown' })
        );
    });

    it.each(['', 'c2hvcnQ=', 'not base64 at all!', Buffer.alloc(33).toString('base64')])(
        'rejects the master key %j',
        (value) => {
            expect(() => parseMasterKey(value)).toThrow(
                expect.objectContaining({ code: 'vault_key_invalid' })
            );
        }
    );
});
