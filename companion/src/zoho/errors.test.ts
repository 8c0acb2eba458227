import { describe, expect, it } from 'vitest';

import {
    ZohoApiError,
    ZohoAuthError,
    ZohoNotFoundError,
    ZohoRateLimitedError,
    ZohoUnavailableError,
    ZohoValidationError,
    zohoErrorFor
} from './errors.ts';

describe('zohoErrorFor', () => {
    it.each([
        { name: '404 / 1002', status: 404, code: 1002, type: ZohoNotFoundError, retryable: false },
        { name: '400 / 1002', status: 400, code: 1002, type: ZohoNotFoundError, retryable: false },
        { name: '400 / 2', status: 400, code: 2, type: ZohoValidationError, retryable: false },
        {
            name: '400 / 1038',
            status: 400,
            code: 1038,
            type: ZohoValidationError,
            retryable: false
        },
        {
            name: '400 / 1001 dup',
            status: 400,
            code: 1001,
            type: ZohoValidationError,
            retryable: false
        },
        { name: '401 / 57', status: 401, code: 57, type: ZohoAuthError, retryable: false },
        { name: '401 / 14', status: 401, code: 14, type: ZohoAuthError, retryable: false },
        { name: '400 / 6041', status: 400, code: 6041, type: ZohoAuthError, retryable: false },
        { name: '429 / 44', status: 429, code: 44, type: ZohoRateLimitedError, retryable: true },
        { name: '429 / 45', status: 429, code: 45, type: ZohoRateLimitedError, retryable: true },
        {
            name: '429 / 1070',
            status: 429,
            code: 1070,
            type: ZohoRateLimitedError,
            retryable: true
        },
        {
            name: '500 / 1000',
            status: 500,
            code: 1000,
            type: ZohoUnavailableError,
            retryable: true
        },
        {
            name: '200 / 1000',
            status: 200,
            code: 1000,
            type: ZohoUnavailableError,
            retryable: true
        },
        {
            name: '502, no body',
            status: 502,
            code: undefined,
            type: ZohoUnavailableError,
            retryable: true
        },
        {
            name: '200 / 2 (non-zero code on 200)',
            status: 200,
            code: 2,
            type: ZohoApiError,
            retryable: false
        },
        { name: '404 / 5 invalid URL', status: 404, code: 5, type: ZohoApiError, retryable: false },
        {
            name: '403 / 103001 trial over',
            status: 403,
            code: 103001,
            type: ZohoApiError,
            retryable: false
        }
    ])('$name → $type.name', ({ status, code, type, retryable }) => {
        const envelope = code === undefined ? undefined : { code, message: 'm' };
        const error = zohoErrorFor(status, envelope, true);
        expect(error).toBeInstanceOf(type);
        expect(error).toBeInstanceOf(ZohoApiError);
        expect(error.retryable).toBe(retryable);
        expect(error.zohoCode).toBe(code);
    });

    it.each([
        { code: 44, limit: 'minute', retryAfterMs: 60_000, errorCode: 'zoho_rate_limited' },
        { code: 45, limit: 'day', retryAfterMs: 86_400_000, errorCode: 'zoho_quota_exhausted' },
        { code: 1070, limit: 'concurrency', retryAfterMs: 2_000, errorCode: 'zoho_rate_limited' }
    ])(
        'a 429 with code $code waits $retryAfterMs ms',
        ({ code, limit, retryAfterMs, errorCode }) => {
            expect(zohoErrorFor(429, { code, message: 'blocked' }, true)).toMatchObject({
                limit,
                retryAfterMs,
                code: errorCode
            });
        }
    );

    it('marks a 5xx on a non-idempotent call as outcome unknown', () => {
        expect(zohoErrorFor(500, { code: 1000, message: 'x' }, false)).toMatchObject({
            outcomeUnknown: true
        });
        expect(zohoErrorFor(500, { code: 1000, message: 'x' }, true)).toMatchObject({
            outcomeUnknown: false
        });
    });
});
