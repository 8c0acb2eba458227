import { isInteger, isSafeNumber, parse } from 'lossless-json';

/**
 * Parses a Zoho JSON body without losing digits. Zoho ids are up to 19 digits and some payloads
 * (webhook default payloads, OAS samples) carry them as bare JSON numbers, beyond 2^53 where
 * `JSON.parse` rounds them (reference §3.1, §7.3). Here an integer too large for a double stays
 * its exact digits as a string, and every `*_id` member given as a number becomes a string, so
 * ids are strings whichever way Zoho wrote them. Other numbers (amounts) stay numbers.
 */
export function parseZohoJson(text: string): unknown {
    return parse(
        text,
        (key, value) => (key.endsWith('_id') && typeof value === 'number' ? String(value) : value),
        (digits) => (isInteger(digits) && !isSafeNumber(digits) ? digits : Number(digits))
    );
}
