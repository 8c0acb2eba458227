import { randomBytes } from 'node:crypto';

import type { SandboxLimits } from './limits.ts';
import type { DataCentre } from './regions.ts';

/**
 * Grant codes, refresh tokens and access tokens of the simulated Zoho Accounts servers, with
 * the lifetimes and caps of reference §2.5: single-use codes that expire, access tokens that
 * expire, at most N refresh tokens per user and client (issuing one more silently drops the
 * oldest), at most N live access tokens per refresh token, and a refresh throttle.
 */

export type Grant = {
    code: string;
    clientId: string;
    userId: string;
    dc: DataCentre;
    scopes: string[];
    redirectUri: string;
    offline: boolean;
    expiresAt: number;
    used: boolean;
};
export type RefreshToken = {
    token: string;
    clientId: string;
    userId: string;
    dc: DataCentre;
    scopes: string[];
    issuedAt: number;
    refreshes: number[];
    accessTokens: string[];
};
export type AccessToken = {
    token: string;
    clientId: string;
    userId: string;
    dc: DataCentre;
    scopes: string[];
    expiresAt: number;
    refreshToken: string | undefined;
};

const BOOKS_MODULES = [
    'accountants',
    'banking',
    'bills',
    'contacts',
    'creditnotes',
    'customerpayments',
    'debitnotes',
    'deliverychallans',
    'estimates',
    'expenses',
    'fixedasset',
    'invoices',
    'projects',
    'purchaseorders',
    'salesorders',
    'settings',
    'vendorpayments'
];
const SCOPE_PATTERN = new RegExp(
    `^ZohoBooks\\.(${BOOKS_MODULES.join('|')})\\.(CREATE|READ|UPDATE|DELETE|ALL)$`,
    'i'
);

/** Keeps the scopes Zoho knows; unknown ones are dropped silently (reference §2.7). */
export function grantableScopes(requested: string): string[] {
    return requested
        .split(/[,\s]+/)
        .filter(
            (s) =>
                SCOPE_PATTERN.test(s) ||
                /^ZohoBooks\.fullaccess\.all$/i.test(s) ||
                /^ZohoBooks\.custommodules\.ALL$/i.test(s)
        );
}

export type Operation = 'CREATE' | 'READ' | 'UPDATE' | 'DELETE';

export function hasScope(scopes: string[], module: string, op: Operation): boolean {
    return scopes.some((raw) => {
        const s = raw.toLowerCase();
        return (
            s === 'zohobooks.fullaccess.all' ||
            s === `zohobooks.${module}.all` ||
            s === `zohobooks.${module}.${op.toLowerCase()}`
        );
    });
}

function token(): string {
    return `1000.${randomBytes(16).toString('hex')}.${randomBytes(16).toString('hex')}`;
}

export function createTokenStore(limits: () => SandboxLimits, now: () => number) {
    const grants = new Map<string, Grant>();
    const refreshTokens = new Map<string, RefreshToken>();
    const accessTokens = new Map<string, AccessToken>();
    const consents = new Set<string>();

    function dropRefreshToken(value: string) {
        const rt = refreshTokens.get(value);
        if (!rt) return false;
        for (const at of rt.accessTokens) accessTokens.delete(at);
        refreshTokens.delete(value);
        return true;
    }

    function issueAccessToken(
        owner: Omit<AccessToken, 'token' | 'expiresAt' | 'refreshToken'>,
        refresh?: RefreshToken
    ): AccessToken {
        const at: AccessToken = {
            ...owner,
            token: token(),
            expiresAt: now() + limits().accessTokenTtlMs,
            refreshToken: refresh?.token
        };
        accessTokens.set(at.token, at);
        if (refresh) {
            refresh.accessTokens.push(at.token);
            while (refresh.accessTokens.length > limits().accessTokensPerRefreshToken)
                accessTokens.delete(refresh.accessTokens.shift() as string);
        }
        return at;
    }

    function issueRefreshToken(owner: {
        clientId: string;
        userId: string;
        dc: DataCentre;
        scopes: string[];
    }): RefreshToken {
        const rt: RefreshToken = {
            ...owner,
            token: token(),
            issuedAt: now(),
            refreshes: [],
            accessTokens: []
        };
        refreshTokens.set(rt.token, rt);
        const same = [...refreshTokens.values()]
            .filter((r) => r.userId === owner.userId && r.clientId === owner.clientId)
            .sort((a, b) => a.issuedAt - b.issuedAt);
        const excess = same.length - limits().refreshTokensPerUserClient;
        for (const old of same.slice(0, Math.max(0, excess))) dropRefreshToken(old.token);
        return rt;
    }

    return {
        /** True the first time a user consents to a client; false ever after. */
        firstConsent(userId: string, clientId: string): boolean {
            const key = `${userId}|${clientId}`;
            if (consents.has(key)) return false;
            consents.add(key);
            return true;
        },
        createGrant(grant: Omit<Grant, 'code' | 'expiresAt' | 'used'>): Grant {
            const g = {
                ...grant,
                code: token(),
                expiresAt: now() + limits().grantCodeTtlMs,
                used: false
            };
            grants.set(g.code, g);
            return g;
        },
        /** Marks the code used and returns it, or undefined when unknown, used or expired. */
        redeemGrant(code: string): Grant | undefined {
            const g = grants.get(code);
            if (!g || g.used || g.expiresAt <= now()) return undefined;
            g.used = true;
            return g;
        },
        issueRefreshToken,
        issueAccessToken,
        refreshToken: (value: string) => refreshTokens.get(value),
        /** Records a refresh; false when the throttle window is already full. */
        recordRefresh(rt: RefreshToken): boolean {
            const l = limits();
            rt.refreshes = rt.refreshes.filter((at) => at > now() - l.refreshWindowMs);
            if (rt.refreshes.length >= l.refreshesPerWindow) return false;
            rt.refreshes.push(now());
            return true;
        },
        /** A live access token, or undefined when unknown, revoked or expired. */
        accessToken(value: string): AccessToken | undefined {
            const at = accessTokens.get(value);
            return at && at.expiresAt > now() ? at : undefined;
        },
        revoke(value: string): boolean {
            if (dropRefreshToken(value)) return true;
            return accessTokens.delete(value);
        },
        /** Expires every access token (optionally only a user's) at once: the token-expiry fault. */
        expireAccessTokens(userId?: string): number {
            let n = 0;
            for (const at of accessTokens.values())
                if (!userId || at.userId === userId) {
                    at.expiresAt = Math.min(at.expiresAt, now());
                    n += 1;
                }
            return n;
        }
    };
}

export type TokenStore = ReturnType<typeof createTokenStore>;
