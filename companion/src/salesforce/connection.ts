import { Connection } from 'jsforce';

import type { Logger } from '../log.ts';
import { SalesforceAuthError, toSalesforceError } from './errors.ts';
import { createUsageTracker, type ApiUsage } from './limits.ts';
import { createNamespaceTranslator } from './namespace.ts';
import { namespacedClient } from './namespaced-client.ts';
import { PACKAGE_NAMES } from './package-names.generated.ts';

/**
 * Where the client gets its secrets. The refresh token is read on every refresh (it may be
 * rotated or revoked meanwhile); the access token, if one was kept, saves the first refresh.
 * A headless connection signs in afresh instead (JWT bearer: no refresh token exists).
 */
export type SalesforceTokenProvider =
    | {
          refreshToken(): Promise<string>;
          /**
           * Keeps the refresh token a refresh answered in place of the one it used (connected
           * apps with refresh-token rotation end the old one). Awaited: the next refresh reads it.
           */
          rotated?(refreshToken: string): Promise<void>;
          accessToken?(): Promise<string | undefined>;
      }
    | {
          signIn(): Promise<{ access_token: string; instance_url: string }>;
          accessToken?(): Promise<string | undefined>;
      };

export type SalesforceClientOptions = {
    instanceUrl: string;
    loginUrl: string;
    clientId: string;
    clientSecret: string;
    tokens: SalesforceTokenProvider;
    /** Explicit on purpose: jsforce's default (50.0) is years old. */
    apiVersion?: string;
    log: Logger;
    /**
     * The package's namespace in this org (default: the one in sfdx-project.json; empty for an
     * org where the package is not namespaced). Callers use local names either way.
     */
    namespace?: string;
    /** Called with each new access token, to persist it; a failure is logged, not thrown. */
    onRefresh?: (accessToken: string) => Promise<void> | void;
    /** Called with the API usage each response reports (`Sforce-Limit-Info`), for metrics. */
    onUsage?: (usage: ApiUsage) => void;
};

export type SalesforceRequest = {
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
    /** Relative to `/services/data/vXX.X` (e.g. `/composite/sobjects`), or from the root. */
    path: string;
    body?: unknown;
    headers?: Record<string, string>;
};

/** The narrow surface the rest of `salesforce/` builds on; nothing outside sees jsforce. */
export type SalesforceClient = {
    readonly apiVersion: string;
    /** Sends one REST call; throws a `SalesforceApiError` (or subclass) on any failure. */
    request<T>(request: SalesforceRequest): Promise<T>;
    /** API usage from the latest `Sforce-Limit-Info` header. */
    usage(): ApiUsage | undefined;
};

/**
 * The token endpoint answers `{ error, error_description }`; jsforce turns that into an Error
 * named after `error` (`invalid_grant`, `invalid_client`, …). Those need a person to reconnect;
 * anything else (the network) may pass.
 */
function refreshFailure(error: unknown): Error {
    const name = error instanceof Error ? error.name : '';
    if (/^(invalid_|unsupported_|inactive_)/.test(name))
        return new SalesforceAuthError(name, (error as Error).message, { cause: error });
    return toSalesforceError(error);
}

type StreamPromiseLike = Promise<{ statusCode: number; headers: Record<string, string> }>;
type TransportLike = { httpRequest(req: unknown, options?: unknown): StreamPromiseLike };

/**
 * A Salesforce REST client over jsforce 3's `Connection`. Sessions are renewed by the
 * refresh-token grant whenever a call answers 401 (jsforce retries the call once); jsforce's
 * own retries of GETs on 5xx (five, for 15 s) are switched off so that retrying stays with the
 * caller, bounded and visible.
 */
export function createSalesforceClient(options: SalesforceClientOptions): SalesforceClient {
    const apiVersion = options.apiVersion ?? '65.0';
    const log = options.log.child({ component: 'salesforce', instanceUrl: options.instanceUrl });
    const tracker = createUsageTracker();
    let refreshError: unknown;

    /** A new access token: signed in afresh, or by the refresh-token grant (following rotation). */
    async function freshToken(conn: Connection) {
        const tokens = options.tokens;
        if ('signIn' in tokens) return tokens.signIn();
        const used = await tokens.refreshToken();
        const token = await conn.oauth2.refreshToken(used);
        if (token.refresh_token && token.refresh_token !== used) {
            await tokens.rotated?.(token.refresh_token);
            log.info('salesforce refresh token rotated');
        }
        return token;
    }

    async function renew(conn: Connection): Promise<string> {
        try {
            const token = await freshToken(conn);
            refreshError = undefined;
            // We keep calling the configured instance; a move (My Domain change) needs a reconnect.
            if (token.instance_url && token.instance_url !== options.instanceUrl)
                log.warn({ tokenInstanceUrl: token.instance_url }, 'salesforce instance moved');
            else log.info('salesforce session refreshed');
            await Promise.resolve(options.onRefresh?.(token.access_token)).catch((error: unknown) =>
                log.warn({ err: error }, 'could not persist access token')
            );
            return token.access_token;
        } catch (error) {
            refreshError = refreshFailure(error);
            log.warn({ err: error }, 'salesforce session refresh failed');
            throw refreshError;
        }
    }

    const conn = new Connection({
        instanceUrl: options.instanceUrl,
        loginUrl: options.loginUrl,
        version: apiVersion,
        oauth2: {
            clientId: options.clientId,
            clientSecret: options.clientSecret,
            loginUrl: options.loginUrl
        },
        refreshFn: (c, callback) => {
            renew(c).then(
                (token) => callback(null, token),
                (error: unknown) =>
                    callback(error instanceof Error ? error : new Error(String(error)))
            );
        }
    });
    let session: Promise<void> | undefined;

    /** Starts a session up front when no access token was kept, instead of a wasted 401. */
    function ensureSession(): Promise<void> {
        session ??= (async () => {
            const kept = await options.tokens.accessToken?.();
            conn.accessToken = kept ?? (await renew(conn));
        })().catch((error: unknown) => {
            session = undefined;
            throw error;
        });
        return session;
    }

    async function request<T>(req: SalesforceRequest): Promise<T> {
        let status: number | undefined;
        try {
            await ensureSession();
            const base = conn._transport as unknown as TransportLike;
            // A per-call transport that sees the raw response: jsforce's errors drop the HTTP
            // status, and we read the limit header ourselves.
            const transport: TransportLike = {
                httpRequest(r, o) {
                    const sent = base.httpRequest(r, o);
                    sent.then(
                        (res) => {
                            status = res.statusCode;
                            tracker.observe(res.headers['sforce-limit-info']);
                            const usage = tracker.usage();
                            if (usage) options.onUsage?.(usage);
                        },
                        () => undefined
                    );
                    return sent;
                }
            };
            const body = req.body === undefined ? undefined : JSON.stringify(req.body);
            return await conn.request<T>(
                {
                    method: req.method,
                    url: req.path,
                    ...(body === undefined ? {} : { body }),
                    headers: { 'content-type': 'application/json', ...req.headers }
                },
                { retry: { maxRetries: 0 }, transport }
            );
        } catch (error) {
            throw toSalesforceError(error, { status, refreshError });
        }
    }

    return namespacedClient(
        { apiVersion, request, usage: () => tracker.usage() },
        createNamespaceTranslator(options.namespace ?? PACKAGE_NAMES.namespace)
    );
}
