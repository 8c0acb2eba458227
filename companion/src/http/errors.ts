import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

import { AppError } from '../errors.ts';
import type { Logger } from '../log.ts';

/** The one error body every route answers with. */
export type ErrorBody = { error: { code: string; message: string; details?: unknown } };

const STATUS_BY_CODE: Record<string, ContentfulStatusCode> = {
    validation_failed: 400,
    unauthorized: 401,
    forbidden: 403,
    not_found: 404,
    payload_too_large: 413,
    unsupported_media_type: 415,
    // A dead job whose work another waiting job already does (see store/jobs.ts).
    job_state_conflict: 409,
    // A call made for a person found the organization over its Zoho budget: try again later.
    zoho_rate_deferred: 503,
    // Zoho throttles token refreshes for this connection: the call can be made a little later.
    zoho_token_throttled: 503
};

export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
    return { error: details === undefined ? { code, message } : { code, message, details } };
}

const CODE_BY_STATUS: Record<number, string> = {
    400: 'validation_failed',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'not_found',
    413: 'payload_too_large',
    415: 'unsupported_media_type'
};

/** Maps a thrown error to its JSON answer; anything unexpected is logged and becomes a 500. */
export function handleError(error: Error, c: Context, log: Logger) {
    // Hono's own refusals (malformed JSON, wrong media type, body limits) keep their status.
    if (error instanceof HTTPException && error.status < 500) {
        const code = CODE_BY_STATUS[error.status] ?? 'bad_request';
        return c.json(errorBody(code, error.message || 'the request was refused'), error.status);
    }
    if (error instanceof AppError) {
        const status = STATUS_BY_CODE[error.code] ?? 500;
        if (status >= 500) log.error({ err: error }, 'request failed');
        return c.json(errorBody(error.code, error.message), status);
    }
    log.error({ err: error }, 'unexpected error');
    return c.json(errorBody('internal_error', 'the companion failed to handle this request'), 500);
}
