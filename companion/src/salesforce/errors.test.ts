import { describe, expect, it } from 'vitest';

import {
    SalesforceApiError,
    SalesforceAuthError,
    SalesforceLimitError,
    SalesforceRecordError,
    toSalesforceError
} from './errors.ts';

describe('SalesforceRecordError', () => {
    it.each([
        { statusCode: 'UNABLE_TO_LOCK_ROW', retryable: true },
        { statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', retryable: false },
        { statusCode: 'INVALID_FIELD', retryable: false },
        { statusCode: 'REQUIRED_FIELD_MISSING', retryable: false },
        { statusCode: 'DUPLICATE_VALUE', retryable: false }
    ])('$statusCode is retryable: $retryable', ({ statusCode, retryable }) => {
        const error = new SalesforceRecordError(
            'Account',
            [{ statusCode, message: 'm', fields: [] }],
            3
        );
        expect(error).toMatchObject({ code: 'salesforce_record_failed', statusCode, retryable });
        expect(error.message).toBe(`Account record 3: ${statusCode}: m`);
    });
});

describe('toSalesforceError', () => {
    it.each([
        {
            name: 'an exhausted allocation',
            error: {
                errorCode: 'REQUEST_LIMIT_EXCEEDED',
                message: 'TotalRequests Limit exceeded.'
            },
            status: 403,
            type: SalesforceLimitError,
            want: { retryable: true, status: 403 }
        },
        {
            name: 'a dead session',
            error: { errorCode: 'INVALID_SESSION_ID', message: 'Session expired or invalid' },
            status: 401,
            type: SalesforceAuthError,
            want: { retryable: false, code: 'salesforce_auth_failed' }
        },
        {
            name: 'a server error',
            error: { errorCode: 'UNKNOWN_EXCEPTION', message: 'boom' },
            status: 500,
            type: SalesforceApiError,
            want: { retryable: true, status: 500 }
        },
        {
            name: 'an unknown field, with its fields',
            error: {
                errorCode: 'INVALID_FIELD',
                message: 'No such column',
                data: { fields: ['Foo__c'] }
            },
            status: 400,
            type: SalesforceApiError,
            want: { retryable: false, fields: ['Foo__c'] }
        },
        {
            name: 'a refused connection',
            error: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
            status: undefined,
            type: SalesforceApiError,
            want: { errorCode: 'CONNECTION_FAILED', retryable: true }
        }
    ])('maps $name', ({ error, status, type, want }) => {
        const mapped = toSalesforceError(error, { status });
        expect(mapped).toBeInstanceOf(type);
        expect(mapped).toMatchObject(want);
    });

    it('turns a failed refresh into the refresh error itself', () => {
        const refreshError = new SalesforceAuthError(
            'invalid_grant',
            'expired access/refresh token',
            {}
        );
        const wrapped = new Error('Unable to refresh session due to: expired access/refresh token');
        expect(toSalesforceError(wrapped, { refreshError })).toBe(refreshError);
    });
});
