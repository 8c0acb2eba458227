import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { Queryable } from '../store/db.ts';
import type { ZohoRegion } from '../store/connections.ts';
import { getSecret, putSecret } from '../store/secrets.ts';
import type { Keyring } from '../security/vault.ts';
import { ZohoAuthError } from './errors.ts';
import type { ZohoOAuth, ZohoTokenSet } from './oauth.ts';

/**
 * Access tokens per (connection, Zoho organization), refreshed single-flight. Zoho allows 10
 * refreshes per refresh token in 10 minutes and keeps at most 20 refresh tokens per user
 * (reference §2.5), so a cached token is reused until shortly before it expires, and however
 * many calls see a 401 at once, one refresh runs and all of them wait for it.
 */

export type TokenRef = { connectionId: string; organizationId: string; region: ZohoRegion };

/** Where refresh tokens live (the vault in production). */
export type RefreshTokenProvider = {
    get(ref: TokenRef): Promise<string | undefined>;
    save(ref: TokenRef, refreshToken: string): Promise<void>;
};

/** What the HTTP core needs: a token for the next call, and a way to report it was refused. */
export type AccessTokenSource = {
    accessToken(signal?: AbortSignal): Promise<string>;
    /** The API refused `token` (401 / code 57); the next `accessToken()` gets a fresh one. */
    invalidate(token: string): void;
};

export type ZohoTokens = {
    forOrganization(ref: TokenRef): AccessTokenSource;
    /** Caches the access token a code exchange returned, so the first call needs no refresh. */
    remember(ref: TokenRef, tokens: ZohoTokenSet): void;
};

export type ZohoTokensDeps = {
    oauth: Pick<ZohoOAuth, 'refresh'>;
    refreshTokens: RefreshTokenProvider;
    clock: Clock;
    log?: Logger;
    /** Refresh this long before expiry (default 5 minutes: Zoho's tokens live an hour). */
    expirySkewMs?: number;
    /**
     * A token younger than this (default 2 minutes) is not thrown away on a 401: it is fresh, so
     * the 401 means a missing scope, and refreshing again would only spend the refresh budget.
     */
    minAgeToInvalidateMs?: number;
    /** After "Access Denied" (refresh throttle), refresh no sooner than this (default 60 s). */
    throttleBackoffMs?: number;
};

type Entry = {
    token?: string;
    expiresAt: number;
    obtainedAt: number;
    inflight?: Promise<string>;
    throttledUntil: number;
};

/** Refresh tokens sealed in the `secrets` table, one per (connection, organization). */
export function vaultRefreshTokens(db: Queryable, keyring: Keyring): RefreshTokenProvider {
    const secretRef = (ref: TokenRef) => ({
        connectionId: ref.connectionId,
        kind: 'zoho_refresh_token' as const,
        scope: ref.organizationId
    });
    return {
        get: (ref) => getSecret(db, keyring, secretRef(ref)),
        save: (ref, token) => putSecret(db, keyring, secretRef(ref), token)
    };
}

export function createZohoTokens(deps: ZohoTokensDeps): ZohoTokens {
    const skew = deps.expirySkewMs ?? 5 * 60_000;
    const minAge = deps.minAgeToInvalidateMs ?? 120_000;
    const entries = new Map<string, Entry>();
    const keyOf = (ref: TokenRef) => `${ref.connectionId}\u0000${ref.organizationId}`;

    function entryFor(ref: TokenRef): Entry {
        let entry = entries.get(keyOf(ref));
        if (!entry) {
            entry = { expiresAt: 0, obtainedAt: 0, throttledUntil: 0 };
            entries.set(keyOf(ref), entry);
        }
        return entry;
    }

    async function refresh(ref: TokenRef, entry: Entry): Promise<string> {
        const now = deps.clock.now();
        if (entry.throttledUntil > now)
            throw new ZohoAuthError(
                'zoho_token_throttled',
                'Zoho refused recent token refreshes; waiting before the next'
            );
        const refreshToken = await deps.refreshTokens.get(ref);
        if (!refreshToken)
            throw new ZohoAuthError(
                'zoho_refresh_token_invalid',
                `no refresh token stored for organization ${ref.organizationId}`
            );
        let tokens: ZohoTokenSet;
        try {
            tokens = await deps.oauth.refresh({ refreshToken, region: ref.region });
        } catch (error) {
            if (error instanceof ZohoAuthError && error.code === 'zoho_token_throttled')
                entry.throttledUntil = deps.clock.now() + (deps.throttleBackoffMs ?? 60_000);
            throw error;
        }
        if (tokens.refreshToken && tokens.refreshToken !== refreshToken)
            await deps.refreshTokens.save(ref, tokens.refreshToken);
        entry.token = tokens.accessToken;
        entry.expiresAt = tokens.expiresAt;
        entry.obtainedAt = deps.clock.now();
        deps.log?.info(
            { connectionId: ref.connectionId, orgId: ref.organizationId },
            'zoho access token refreshed'
        );
        return tokens.accessToken;
    }

    return {
        forOrganization(ref) {
            const entry = entryFor(ref);
            return {
                async accessToken(signal) {
                    signal?.throwIfAborted();
                    if (entry.token && entry.expiresAt - skew > deps.clock.now())
                        return entry.token;
                    entry.inflight ??= refresh(ref, entry).finally(() => {
                        entry.inflight = undefined;
                    });
                    return entry.inflight;
                },
                invalidate(token) {
                    if (entry.token !== token) return;
                    if (deps.clock.now() - entry.obtainedAt < minAge) return;
                    entry.token = undefined;
                    entry.expiresAt = 0;
                }
            };
        },
        remember(ref, tokens) {
            const entry = entryFor(ref);
            entry.token = tokens.accessToken;
            entry.expiresAt = tokens.expiresAt;
            entry.obtainedAt = deps.clock.now();
        }
    };
}
