import type { z } from 'zod';

import { backoffMs } from '../backoff.ts';
import type { Clock } from '../clock.ts';
import { correlationFields } from '../correlation.ts';
import type { Logger } from '../log.ts';
import {
    ZohoApiError,
    ZohoAuthError,
    ZohoNetworkError,
    ZohoRateLimitedError,
    zohoErrorFor
} from './errors.ts';
import { parseZohoJson } from './json.ts';
import type { ZohoRateLimiter } from './rate-limiter.ts';
import type { Priority } from './rate-policy.ts';
import type { AccessTokenSource } from './tokens.ts';

/**
 * The request core every Books call goes through: URL with `organization_id`, the
 * `Zoho-oauthtoken` header, one rate-limiter permit per attempt (its outcome reported back), the
 * `{code, message}` envelope checked whatever the status, errors mapped to types, and retries
 * with backoff only where repeating cannot duplicate an effect.
 */

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
export type QueryValue = string | number | boolean | undefined;

export type ZohoRequest<S extends z.ZodType> = {
    method: Method;
    /** Below `/books/v3`, e.g. `/invoices`. */
    path: string;
    query?: Record<string, QueryValue>;
    body?: unknown;
    headers?: Record<string, string>;
    schema: S;
    priority: Priority;
    /** Repeating the call cannot add an effect. Default: true except for POST. */
    idempotent?: boolean;
    signal?: AbortSignal;
};

export type ZohoResponse<T> = { status: number; data: T };

export type RetryPolicy = { maxAttempts: number; baseDelayMs: number; maxDelayMs: number };

export type ZohoHttpDeps = {
    apiDomain: string;
    organizationId: string;
    tokens: AccessTokenSource;
    limiter: ZohoRateLimiter;
    clock: Clock;
    fetch: typeof fetch;
    log: Logger;
    retry?: Partial<RetryPolicy>;
    /** Real milliseconds before a call is abandoned (default 30 s). */
    timeoutMs?: number;
    random?: () => number;
};

export type ZohoHttp = {
    send<S extends z.ZodType>(req: ZohoRequest<S>): Promise<ZohoResponse<z.output<S>>>;
};

/** Errors that show the request never left: nothing can have happened at Zoho. */
const NOT_SENT_CODES = new Set([
    'ECONNREFUSED',
    'ENOTFOUND',
    'EAI_AGAIN',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'UND_ERR_CONNECT_TIMEOUT'
]);

export function neverReachedZoho(error: unknown): boolean {
    let current: unknown = error;
    for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
        const code = (current as { code?: unknown }).code;
        if (typeof code === 'string' && NOT_SENT_CODES.has(code)) return true;
        current = current.cause;
    }
    return false;
}

type Envelope = { code: number; message: string };

function envelopeOf(json: unknown): Envelope | undefined {
    if (typeof json !== 'object' || json === null) return undefined;
    const { code, message } = json as { code?: unknown; message?: unknown };
    if (typeof code !== 'number') return undefined;
    return { code, message: typeof message === 'string' ? message : '' };
}

export function createZohoHttp(deps: ZohoHttpDeps): ZohoHttp {
    const policy: RetryPolicy = {
        maxAttempts: 4,
        baseDelayMs: 500,
        maxDelayMs: 30_000,
        ...deps.retry
    };
    const random = deps.random ?? Math.random;
    const base = `${deps.apiDomain.replace(/\/+$/, '')}/books/v3`;

    function urlFor(req: ZohoRequest<z.ZodType>): string {
        const url = new URL(`${base}${req.path}`);
        // Only GET /organizations goes without one: it lists what a token can reach.
        if (deps.organizationId) url.searchParams.set('organization_id', deps.organizationId);
        for (const [k, v] of Object.entries(req.query ?? {}))
            if (v !== undefined) url.searchParams.set(k, String(v));
        return url.toString();
    }

    async function attempt(req: ZohoRequest<z.ZodType>, token: string) {
        const permit = await deps.limiter.acquire(deps.organizationId, req.priority, req.signal);
        const timeout = AbortSignal.timeout(deps.timeoutMs ?? 30_000);
        const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
        let res: Response;
        let text: string;
        try {
            res = await deps.fetch(urlFor(req), {
                method: req.method,
                headers: {
                    accept: 'application/json',
                    authorization: `Zoho-oauthtoken ${token}`,
                    ...(req.body === undefined ? {} : { 'content-type': 'application/json' }),
                    ...req.headers
                },
                body: req.body === undefined ? undefined : JSON.stringify(req.body),
                signal
            });
            text = await res.text();
        } catch (cause) {
            await permit.done({});
            return { kind: 'network' as const, cause, timedOut: timeout.aborted };
        }
        let json: unknown;
        try {
            // Big-int safe: ids Zoho writes as numbers keep every digit, as strings.
            json = text === '' ? undefined : parseZohoJson(text);
        } catch {
            json = undefined;
        }
        const envelope = envelopeOf(json);
        await permit.done({ status: res.status, zohoCode: envelope?.code, headers: res.headers });
        deps.log.info(
            {
                ...correlationFields(),
                method: req.method,
                path: req.path,
                orgId: deps.organizationId,
                status: res.status,
                zohoCode: envelope?.code
            },
            'zoho call'
        );
        return { kind: 'response' as const, status: res.status, json, envelope };
    }

    async function send<S extends z.ZodType>(
        req: ZohoRequest<S>
    ): Promise<ZohoResponse<z.output<S>>> {
        const idempotent = req.idempotent ?? req.method !== 'POST';
        const where = { method: req.method, path: req.path, orgId: deps.organizationId };
        let refreshed = false;
        for (let n = 1; ; n++) {
            const token = await deps.tokens.accessToken(req.signal);
            const result = await attempt(req, token);
            let error: Error;
            if (result.kind === 'network') {
                const notSent = neverReachedZoho(result.cause);
                error = new ZohoNetworkError(
                    `${req.method} ${req.path}: ${result.timedOut ? 'timed out' : 'no response'}`,
                    {
                        outcomeUnknown: !notSent && !idempotent,
                        timedOut: result.timedOut,
                        cause: result.cause
                    }
                );
                if (req.signal?.aborted || (!notSent && !idempotent)) throw error;
            } else {
                const { status, envelope, json } = result;
                if (envelope?.code === 0 && status < 400) {
                    const parsed = req.schema.safeParse(json);
                    if (!parsed.success)
                        throw new ZohoApiError(
                            'zoho_response_invalid',
                            `${req.method} ${req.path}: unexpected response shape`,
                            { status, zohoCode: 0, cause: parsed.error }
                        );
                    return { status, data: parsed.data };
                }
                error =
                    envelope === undefined && status < 400
                        ? new ZohoApiError(
                              'zoho_response_invalid',
                              `${req.method} ${req.path}: HTTP ${status} without a Zoho envelope`,
                              { status }
                          )
                        : zohoErrorFor(status, envelope, idempotent);
                if (error instanceof ZohoAuthError && error.code === 'zoho_not_authorized') {
                    if (refreshed) throw error;
                    deps.tokens.invalidate(token);
                    refreshed = true;
                    // Same token back means it is fresh: the 401 is a missing scope, not expiry.
                    if ((await deps.tokens.accessToken(req.signal)) === token) throw error;
                    n--;
                    continue;
                }
                const retryable =
                    error instanceof ZohoRateLimitedError
                        ? error.limit !== 'day'
                        : error instanceof ZohoApiError && error.retryable && idempotent;
                if (!retryable) throw error;
            }
            if (n >= policy.maxAttempts) throw error;
            // A 429 needs no sleep here: the limiter learned the block and holds the next permit.
            const delay =
                error instanceof ZohoRateLimitedError
                    ? 0
                    : backoffMs(n, {
                          baseMs: policy.baseDelayMs,
                          capMs: policy.maxDelayMs,
                          random
                      });
            deps.log.warn(
                { ...where, attempt: n, delayMs: delay, err: error },
                'zoho call retried'
            );
            await deps.clock.sleep(delay, req.signal);
        }
    }

    return { send };
}
