import { AppError } from '../errors.ts';

/** One error of one record in an sObject Collections result (note `statusCode`, not `errorCode`). */
export type RecordErrorDetail = { statusCode: string; message: string; fields: string[] };

/**
 * Per-record codes that can succeed on a later attempt. Everything else (validation rules,
 * missing or unknown fields, duplicates) fails the same way until the data changes.
 */
const RETRYABLE_RECORD_CODES = new Set(['UNABLE_TO_LOCK_ROW']);

/** Top-level REST codes worth another try, besides any 5xx. */
const RETRYABLE_API_CODES = new Set(['SERVER_UNAVAILABLE', 'UNABLE_TO_LOCK_ROW']);

export function isRetryableRecordCode(statusCode: string): boolean {
    return RETRYABLE_RECORD_CODES.has(statusCode);
}

/** A REST call failed: `errorCode` is Salesforce's (`INVALID_FIELD`, …), `status` the HTTP status. */
export class SalesforceApiError extends AppError {
    readonly errorCode: string;
    readonly status: number | undefined;
    readonly fields: string[];

    constructor(
        errorCode: string,
        message: string,
        options: {
            status?: number;
            fields?: string[];
            cause?: unknown;
            retryable?: boolean;
            code?: string;
        } = {}
    ) {
        super(options.code ?? 'salesforce_api_error', `${errorCode}: ${message}`, {
            cause: options.cause,
            retryable:
                options.retryable ??
                (RETRYABLE_API_CODES.has(errorCode) || (options.status ?? 0) >= 500)
        });
        this.errorCode = errorCode;
        this.status = options.status;
        this.fields = options.fields ?? [];
    }
}

/**
 * The session is gone and could not be renewed (refresh token revoked or expired:
 * `invalid_grant`). Not retryable: someone has to reconnect the org.
 */
export class SalesforceAuthError extends SalesforceApiError {
    constructor(errorCode: string, message: string, options: { cause?: unknown; status?: number }) {
        super(errorCode, message, { ...options, code: 'salesforce_auth_failed', retryable: false });
    }
}

/**
 * The org's daily API allocation is spent (403 REQUEST_LIMIT_EXCEEDED). Retryable, but only
 * later: the allocation is counted over a rolling 24 hours.
 */
export class SalesforceLimitError extends SalesforceApiError {
    constructor(message: string, options: { cause?: unknown; status?: number }) {
        super('REQUEST_LIMIT_EXCEEDED', message, {
            ...options,
            code: 'salesforce_limit_exceeded',
            retryable: true
        });
    }
}

/** One record of a batched write failed; `statusCode` is the first error's code. */
export class SalesforceRecordError extends AppError {
    readonly statusCode: string;
    readonly errors: RecordErrorDetail[];

    constructor(object: string, errors: RecordErrorDetail[], index?: number) {
        const first = errors[0] ?? { statusCode: 'UNKNOWN_EXCEPTION', message: '', fields: [] };
        const where = index === undefined ? object : `${object} record ${index}`;
        super('salesforce_record_failed', `${where}: ${first.statusCode}: ${first.message}`, {
            retryable: errors.length > 0 && errors.every((e) => isRetryableRecordCode(e.statusCode))
        });
        this.statusCode = first.statusCode;
        this.errors = errors;
    }
}

/** We refused to send a call: an id, an API name or a SOQL value was not what it must be. */
export class SalesforceInputError extends AppError {
    constructor(message: string) {
        super('salesforce_invalid_input', message);
    }
}

type JsforceErrorLike = {
    name?: string;
    errorCode?: string;
    message?: string;
    code?: string;
    data?: unknown;
};

function fieldsOf(data: unknown): string[] {
    if (typeof data !== 'object' || data === null || !('fields' in data)) return [];
    const fields = (data as { fields: unknown }).fields;
    return Array.isArray(fields) ? fields.filter((f) => typeof f === 'string') : [];
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND']);
const REFRESH_FAILED = 'Unable to refresh session due to:';

/**
 * Turns whatever jsforce threw into one of our typed errors. `status` is the HTTP status the
 * connection observed for this call; `refreshError` the token endpoint's own error, if the
 * session refresh failed (jsforce wraps it in a plain Error and drops its name).
 */
export function toSalesforceError(
    error: unknown,
    context: { status?: number; refreshError?: unknown } = {}
): SalesforceApiError {
    if (error instanceof SalesforceApiError) return error;
    const e = (typeof error === 'object' && error !== null ? error : {}) as JsforceErrorLike;
    const message = e.message ?? String(error);
    const { status } = context;
    if (message.startsWith(REFRESH_FAILED)) {
        if (context.refreshError instanceof SalesforceApiError) return context.refreshError;
        return new SalesforceAuthError('INVALID_SESSION_ID', message, { cause: error, status });
    }
    if (e.code && NETWORK_CODES.has(e.code))
        return new SalesforceApiError('CONNECTION_FAILED', message, {
            cause: error,
            retryable: true
        });
    const errorCode = e.errorCode ?? (status ? `ERROR_HTTP_${status}` : 'UNKNOWN_EXCEPTION');
    if (errorCode === 'REQUEST_LIMIT_EXCEEDED')
        return new SalesforceLimitError(message, { cause: error, status });
    if (errorCode === 'INVALID_SESSION_ID')
        return new SalesforceAuthError(errorCode, message, { cause: error, status });
    return new SalesforceApiError(errorCode, message, {
        status,
        fields: fieldsOf(e.data),
        cause: error
    });
}
