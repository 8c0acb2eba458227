import { createHmac } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { signWebhook } from '../../sandbox/zoho/signature.ts';
import { verifyZohoSignature } from './webhook-signature.ts';

const SECRET = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6';
const PARAMS = { organization_id: '60012345678', event: 'deleted' };
const BODY = '{"invoice":{"invoice_id":"460000000054321","total":12.5}}';

describe('verifyZohoSignature', () => {
    const hex = signWebhook(SECRET, PARAMS, BODY);
    const base64 = Buffer.from(hex, 'hex').toString('base64');

    it.each([
        ['lowercase hex', hex],
        ['uppercase hex', hex.toUpperCase()],
        ['base64', base64]
    ])('accepts the signature as %s', (_, signature) => {
        expect(verifyZohoSignature(SECRET, PARAMS, BODY, signature)).toBe(true);
    });

    it('signs the parameters sorted by key whatever order they came in', () => {
        const reversed = { event: 'deleted', organization_id: '60012345678' };
        expect(verifyZohoSignature(SECRET, reversed, BODY, hex)).toBe(true);
    });

    it.each([
        ['another secret', signWebhook(`${SECRET}x`, PARAMS, BODY)],
        ['another body', signWebhook(SECRET, PARAMS, BODY.replace('12.5', '125'))],
        ['another parameter', signWebhook(SECRET, { ...PARAMS, event: 'edited' }, BODY)],
        ['a truncated signature', hex.slice(0, 63)],
        ['a signature with a byte more', `${hex}0`],
        ['base64 in other case', base64.toLowerCase()],
        ['the digest of the body alone', createHmac('sha256', SECRET).update(BODY).digest('hex')],
        ['nothing', '']
    ])('refuses %s', (_, signature) => {
        expect(verifyZohoSignature(SECRET, PARAMS, BODY, signature)).toBe(false);
    });
});
