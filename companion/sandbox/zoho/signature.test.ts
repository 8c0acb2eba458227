import { describe, expect, it } from 'vitest';

import { signWebhook, signingString, verifyWebhookSignature } from './signature.ts';

describe('webhook signature', () => {
    it.each([
        {
            // The worked example of the Zoho Billing page (reference §7.4).
            name: 'sorted params then raw body',
            params: { subscription_id: '90343', name: 'basic' },
            body: '{"created_date":"2019-03-06","event_id":"5675"}',
            want: 'namebasicsubscription_id90343{"created_date":"2019-03-06","event_id":"5675"}'
        },
        { name: 'no params', params: {}, body: '{}', want: '{}' },
        { name: 'empty body', params: { b: '2', a: '1' }, body: '', want: 'a1b2' }
    ] as { name: string; params: Record<string, string>; body: string; want: string }[])(
        'builds the signing string: $name',
        ({ params, body, want }) => {
            expect(signingString(params, body)).toBe(want);
        }
    );

    it('is HMAC-SHA256 in lowercase hex', () => {
        // echo -n '{}' | openssl dgst -sha256 -hmac key
        expect(signWebhook('key', {}, '{}')).toBe(
            'a777724d943eb48dc69bca8a4a6d57a04db3f9ec7e1de4e581e860265bdf3032'
        );
        expect(verifyWebhookSignature('key', {}, '{}', 'short')).toBe(false);
    });
});
