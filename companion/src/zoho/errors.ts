import { AppError } from '../errors.ts';
import { blockAfter429 } from './rate-policy.ts';

/**
 * Everything the Zoho client throws. `ZohoApiError` and its subclasses carry Zoho's envelope
 * `code` (reference §4.3) and the HTTP status; `retryable` tells the worker whether trying the
 * same call again can help.
 */
export class ZohoApiError extends AppError {
    readonly zohoCode: number | undefined;
    readonly status: number | undefined;

    constructor(
        code: string,
        message: string,
        options: {
            zohoCode?: number | undefined;
            status?: number | undefined;
            retryable?: boolean;
            cause?: unknown;
        } = {}
    ) {
        super(code, message, { cause: options.cause, retryable: options.retryable ?? false });
        this.zohoCode = options.zohoCode;
        this.status = options.status;
    }
}

/**
 * OAuth failed or the token cannot do this: a dead refresh token (`invalid_code`), a refresh
 * throttle (retryable), a missing scope (401 code 57 with a fresh token), a user no longer in
 * the organization (6041), or an accounts server / API domain we do not trust.
 */
export class ZohoAuthError extends ZohoApiError {
    readonly oauthError: string | undefined;

    constructor(
        code:
            | 'zoho_refresh_token_invalid'
            | 'zoho_token_throttled'
            | 'zoho_client_invalid'
            | 'zoho_oauth_failed'
            | 'zoho_not_authorized'
            | 'zoho_organization_denied'
            | 'zoho_accounts_server_untrusted'
            | 'zoho_api_domain_untrusted',
        message: string,
        options: { zohoCode?: number; status?: number; oauthError?: string; cause?: unknown } = {}
    ) {
        super(code, message, { ...options, retryable: code === 'zoho_token_throttled' });
        this.oauthError = options.oauthError;
    }
}

export type RateLimitKind = 'minute' | 'day' | 'concurrency';

/** HTTP 429: code 44 (per minute), 45 (daily quota) or 1070 (too many in flight). */
export class ZohoRateLimitedError extends ZohoApiError {
    readonly limit: RateLimitKind;
    readonly retryAfterMs: number;

    constructor(zohoCode: number, message: string, status = 429) {
        const limit: RateLimitKind =
            zohoCode === 45 ? 'day' : zohoCode === 1070 ? 'concurrency' : 'minute';
        // Zoho sends no Retry-After (reference §5): wait as long as the block is known to last.
        super(limit === 'day' ? 'zoho_quota_exhausted' : 'zoho_rate_limited', message, {
            zohoCode,
            status,
            retryable: true
        });
        this.limit = limit;
        this.retryAfterMs = blockAfter429(zohoCode, 0).untilMs;
    }
}

/** Code 1002 or HTTP 404: the record does not exist. */
export class ZohoNotFoundError extends ZohoApiError {
    constructor(message: string, options: { zohoCode?: number; status?: number } = {}) {
        super('zoho_not_found', message, options);
    }
}

/** HTTP 400 with a validation code (2, 4, 1001 duplicate, 1038 malformed JSON…). */
export class ZohoValidationError extends ZohoApiError {
    constructor(message: string, options: { zohoCode?: number; status?: number } = {}) {
        super('zoho_validation_failed', message, options);
    }
}

/**
 * HTTP 5xx or code 1000. On a non-idempotent request Zoho may have committed before failing,
 * so `outcomeUnknown` is set and the caller must look before it creates again (DESIGN §2).
 */
export class ZohoUnavailableError extends ZohoApiError {
    readonly outcomeUnknown: boolean;

    constructor(
        message: string,
        options: { zohoCode?: number; status?: number; outcomeUnknown?: boolean } = {}
    ) {
        super('zoho_unavailable', message, { ...options, retryable: true });
        this.outcomeUnknown = options.outcomeUnknown ?? false;
    }
}

/**
 * No answer: the connection failed, was reset, or timed out. `outcomeUnknown` is true when the
 * request may have reached Zoho and changed something (a POST whose response was lost): it is
 * then never retried here; the caller resolves it through its own idempotency (search by
 * reference, unique-key upsert) before trying again.
 */
export class ZohoNetworkError extends AppError {
    readonly outcomeUnknown: boolean;

    constructor(
        message: string,
        options: { outcomeUnknown: boolean; timedOut?: boolean; cause?: unknown }
    ) {
        super(options.timedOut ? 'zoho_timeout' : 'zoho_network_error', message, {
            cause: options.cause,
            retryable: true
        });
        this.outcomeUnknown = options.outcomeUnknown;
    }
}

/**
 * The error for a Books API answer whose envelope `code` is not 0 (or whose status is not 2xx),
 * whatever the HTTP status. `idempotent` tells whether a 5xx leaves the outcome unknown.
 */
export function zohoErrorFor(
    status: number,
    envelope: { code: number; message: string } | undefined,
    idempotent: boolean
): ZohoApiError {
    const zohoCode = envelope?.code;
    const message = envelope?.message ?? `Zoho answered HTTP ${status}`;
    const options = { zohoCode, status };
    if (status === 429 || zohoCode === 44 || zohoCode === 45 || zohoCode === 1070)
        return new ZohoRateLimitedError(zohoCode ?? 44, message, status);
    if (status >= 500 || zohoCode === 1000)
        return new ZohoUnavailableError(message, { ...options, outcomeUnknown: !idempotent });
    if (status === 401 || zohoCode === 57 || zohoCode === 14)
        return new ZohoAuthError('zoho_not_authorized', message, options);
    if (zohoCode === 6041) return new ZohoAuthError('zoho_organization_denied', message, options);
    if (zohoCode === 1002 || (status === 404 && zohoCode !== 5))
        return new ZohoNotFoundError(message, options);
    if (status === 400 && zohoCode !== undefined && [2, 4, 1001, 1038].includes(zohoCode))
        return new ZohoValidationError(message, options);
    return new ZohoApiError('zoho_api_error', message, options);
}
