import { createHmac } from 'node:crypto';

import { digestsEqual } from '../security/constant-time.ts';

/**
 * Verifies `X-Zoho-Webhook-Signature`: HMAC-SHA256 keyed by the webhook secret over every query
 * parameter sorted by key and written `key1value1key2value2…`, followed by the raw body. Zoho
 * documents this for Billing on the same platform; Books' encoding is unconfirmed (reference
 * §7.4), so both lowercase hex and base64 are accepted.
 */
export function verifyZohoSignature(
    secret: string,
    params: Readonly<Record<string, string>>,
    rawBody: string,
    signature: string
): boolean {
    const signed = Object.keys(params)
        .sort()
        .map((key) => `${key}${params[key]}`)
        .join('');
    const mac = createHmac('sha256', secret).update(signed).update(rawBody).digest();
    const hex = digestsEqual(signature.toLowerCase(), mac.toString('hex'));
    const base64 = digestsEqual(signature, mac.toString('base64'));
    return hex || base64;
}
