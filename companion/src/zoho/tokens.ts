import { createHash } from 'node:crypto';

import { z } from 'zod';

import type { Clock } from '../clock.ts';
import { DeferredError } from '../errors.ts';
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
 * The access token is kept in the vault too (bound to its refresh token), so a restarted process,
 * or another one, uses it instead of spending a refresh: a crash loop must not exhaust Zoho's
 * refresh budget. While Zoho throttles refreshes, work that needs a token waits (DeferredError:
 * a job is put back without counting an attempt) until the throttle should have passed.
 */

export type TokenRef = { connectionId: string; organizationId: string; region: ZohoRegion };

/** An access token as kept between processes: bound to the refresh token it came from. */
export type StoredAccessToken = {
    token: string;
    expiresAt: number;
    obtainedAt: number;
    /** sha256 of the refresh token (base64url): a reconnect makes the stored token stale. */
    refreshDigest: string;
};

/** Where refresh tokens (and the access tokens they gave) live: the vault in production. */
export type RefreshTokenProvider = {
    get(ref: TokenRef): Promise<string | undefined>;
    save(ref: TokenRef, refreshToken: string): Promise<void>;
    getAccess?(ref: TokenRef): Promise<StoredAccessToken | undefined>;
    saveAccess?(ref: TokenRef, access: StoredAccessToken): Promise<void>;
};

const storedAccessSchema = z.object({
    token: z.string().min(1),
    expiresAt: z.number(),
    obtainedAt: z.number(),
    refreshDigest: z.string().min(1)
});

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
    /** The last token the API refused: never taken back from the vault. */
    refused?: string;
};

/** Refresh tokens sealed in the `secrets` table, one per (connection, organization). */
export function vaultRefreshTokens(db: Queryable, keyring: Keyring): RefreshTokenProvider {
    const secretRef = (ref: TokenRef, kind: 'zoho_refresh_token' | 'zoho_access_token') => ({
        connectionId: ref.connectionId,
        kind,
        scope: ref.organizationId
    });
    return {
        get: (ref) => getSecret(db, keyring, secretRef(ref, 'zoho_refresh_token')),
        save: (ref, token) => putSecret(db, keyring, secretRef(ref, 'zoho_refresh_token'), token),
        async getAccess(ref) {
            const raw = await getSecret(db, keyring, secretRef(ref, 'zoho_access_token'));
            if (raw === undefined) return undefined;
            const parsed = storedAccessSchema.safeParse(JSON.parse(raw));
            return parsed.success ? parsed.data : undefined;
        },
        saveAccess: (ref, access) =>
            putSecret(db, keyring, secretRef(ref, 'zoho_access_token'), JSON.stringify(access))
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

    const throttled = (entry: Entry, cause: string) => {
        const now = deps.clock.now();
        return new DeferredError(
            'zoho_token_throttled',
            `Zoho refused recent token refreshes (${cause}); waiting before the next`,
            { retryAtMs: entry.throttledUntil, waitMs: entry.throttledUntil - now }
        );
    };

    /** A live token another process (or this one before a restart) kept in the vault. */
    async function stored(ref: TokenRef, refreshToken: string, entry: Entry) {
        const access = await deps.refreshTokens.getAccess?.(ref);
        if (
            !access ||
            access.refreshDigest !== keyOf(refreshToken) ||
            access.token === entry.refused ||
            access.expiresAt - skew <= deps.clock.now()
        )
            return undefined;
        entry.token = access.token;
        entry.expiresAt = access.expiresAt;
        entry.obtainedAt = access.obtainedAt;
        return access.token;
    }

    async function refresh(ref: TokenRef, refreshToken: string, entry: Entry): Promise<string> {
        const kept = await stored(ref, refreshToken, entry);
        if (kept) return kept;
        if (entry.throttledUntil > deps.clock.now()) throw throttled(entry, 'still waiting');
        let tokens: ZohoTokenSet;
        try {
            tokens = await deps.oauth.refresh({ refreshToken, region: ref.region });
        } catch (error) {
            if (error instanceof ZohoAuthError && error.code === 'zoho_token_throttled') {
                entry.throttledUntil = deps.clock.now() + (deps.throttleBackoffMs ?? 60_000);
                throw throttled(entry, error.message);
            }
            throw error;
        }
        if (tokens.refreshToken && tokens.refreshToken !== refreshToken)
            await deps.refreshTokens.save(ref, tokens.refreshToken);
        entry.token = tokens.accessToken;
        entry.expiresAt = tokens.expiresAt;
        entry.obtainedAt = deps.clock.now();
        await deps.refreshTokens.saveAccess?.(ref, {
            token: tokens.accessToken,
            expiresAt: tokens.expiresAt,
            obtainedAt: entry.obtainedAt,
            refreshDigest: keyOf(tokens.refreshToken ?? refreshToken)
        });
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
                        entry.refused = token;
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
