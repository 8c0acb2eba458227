import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The `X-Zoho-Webhook-Signature` scheme (reference §7.4, documented for Zoho Billing on the same
 * platform): HMAC-SHA256 keyed by the webhook secret over every query and form parameter sorted
 * by key and concatenated as `key1value1key2value2…`, followed by the raw body; lowercase hex.
 */
export function signingString(params: Record<string, string>, rawBody: string): string {
    const sorted = Object.keys(params).sort();
    return sorted.map((key) => `${key}${params[key]}`).join('') + rawBody;
}

export function signWebhook(
    secret: string,
    params: Record<string, string>,
    rawBody: string
): string {
    return createHmac('sha256', secret).update(signingString(params, rawBody)).digest('hex');
}

export function verifyWebhookSignature(
    secret: string,
    params: Record<string, string>,
    rawBody: string,
    signature: string
): boolean {
    const expected = Buffer.from(signWebhook(secret, params, rawBody));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
}
