import { createHash } from 'node:crypto';

import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { Queryable } from '../store/db.ts';
import type { ZohoRegion } from '../store/connections.ts';
import { getSecret, putSecret } from '../store/secrets.ts';
import type { Keyring } from '../security/vault.ts';
import { ZohoAuthError } from './errors.ts';
import type { ZohoOAuth, ZohoTokenSet } from './oauth.ts';

/**
 * Access tokens per refresh token, refreshed single-flight. A refresh token belongs to one Zoho
 * user and reaches every organization of that user, and Zoho counts its limits per refresh
 * token: 10 refreshes in 10 minutes, a handful of live access tokens (reference §2.5). So the
 * organizations reached through one refresh token share one access token and one refresh; a
 * cached token is reused until shortly before it expires, and however many calls see a 401 at
 * once, one refresh runs and all of them wait for it. The refresh token is read from the vault
 * on every call, so a reconnect (a new refresh token) takes effect at once in every process.
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
    remember(tokens: ZohoTokenSet & { refreshToken: string }): void;
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
    /** Keyed by a digest of the refresh token: the secret itself is not kept as a map key. */
    const entries = new Map<string, Entry>();
    const keyOf = (refreshToken: string) =>
        createHash('sha256').update(refreshToken).digest('base64url');

    function entryFor(refreshToken: string): Entry {
        let entry = entries.get(keyOf(refreshToken));
        if (!entry) {
            entry = { expiresAt: 0, obtainedAt: 0, throttledUntil: 0 };
            entries.set(keyOf(refreshToken), entry);
        }
        return entry;
    }

    async function refreshTokenOf(ref: TokenRef): Promise<string> {
        const refreshToken = await deps.refreshTokens.get(ref);
        if (!refreshToken)
            throw new ZohoAuthError(
                'zoho_refresh_token_invalid',
                `no refresh token stored for organization ${ref.organizationId}`
            );
        return refreshToken;
    }

    async function refresh(ref: TokenRef, refreshToken: string, entry: Entry): Promise<string> {
        if (entry.throttledUntil > deps.clock.now())
            throw new ZohoAuthError(
                'zoho_token_throttled',
                'Zoho refused recent token refreshes; waiting before the next'
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
            return {
                async accessToken(signal) {
                    signal?.throwIfAborted();
                    const refreshToken = await refreshTokenOf(ref);
                    const entry = entryFor(refreshToken);
                    if (entry.token && entry.expiresAt - skew > deps.clock.now())
                        return entry.token;
                    entry.inflight ??= refresh(ref, refreshToken, entry).finally(() => {
                        entry.inflight = undefined;
                    });
                    return entry.inflight;
                },
                invalidate(token) {
                    for (const entry of entries.values()) {
                        if (entry.token !== token) continue;
                        if (deps.clock.now() - entry.obtainedAt < minAge) return;
                        entry.token = undefined;
                        entry.expiresAt = 0;
                    }
                }
            };
        },
        remember(tokens) {
            const entry = entryFor(tokens.refreshToken);
            entry.token = tokens.accessToken;
            entry.expiresAt = tokens.expiresAt;
            entry.obtainedAt = deps.clock.now();
        }
    };
}
