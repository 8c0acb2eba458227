import { describe, expect, it } from 'vitest';

import { createSandboxClock } from '../../sandbox/clock.ts';
import { DeferredError } from '../errors.ts';
import { ZohoAuthError } from './errors.ts';
import type { ZohoTokenSet } from './oauth.ts';
import {
    createZohoTokens,
    type RefreshTokenProvider,
    type StoredAccessToken,
    type TokenRef
} from './tokens.ts';

const ref: TokenRef = { connectionId: 'c1', organizationId: '700000011', region: 'us' };

function setup(answer: (n: number) => Partial<ZohoTokenSet> | Error) {
    const clock = createSandboxClock({ scale: 0 });
    const saved: string[] = [];
    let stored = '1000.refresh.one';
    const vault: { access?: StoredAccessToken } = {};
    const provider: RefreshTokenProvider = {
        get: async () => stored,
        save: async (_ref, token) => {
            stored = token;
            saved.push(token);
        },
        getAccess: async () => vault.access,
        saveAccess: async (_ref, access) => {
            vault.access = access;
        }
    };
    let calls = 0;
    const oauth = {
        async refresh(): Promise<ZohoTokenSet> {
            calls++;
            await new Promise((r) => setTimeout(r, 5));
            const a = answer(calls);
            if (a instanceof Error) throw a;
            return {
                accessToken: `access-${calls}`,
                refreshToken: undefined,
                apiDomain: 'https://www.zohoapis.com',
                expiresAt: clock.now() + 3_600_000,
                scope: undefined,
                ...a
            };
        }
    };
    const tokens = createZohoTokens({ oauth, refreshTokens: provider, clock });
    /** Another process (or this one restarted) on the same vault and Zoho. */
    const restart = () => createZohoTokens({ oauth, refreshTokens: provider, clock });
    const reconnect = (refreshToken: string) => {
        stored = refreshToken;
    };
    return { clock, tokens, saved, vault, restart, reconnect, calls: () => calls };
}

describe('Zoho access tokens', () => {
    it('refreshes once for many concurrent callers and reuses the token while it is valid', async () => {
        const s = setup(() => ({}));
        const source = s.tokens.forOrganization(ref);
        const got = await Promise.all(Array.from({ length: 20 }, () => source.accessToken()));
        expect(new Set(got)).toEqual(new Set(['access-1']));
        s.clock.advance(50 * 60_000);
        expect(await source.accessToken()).toBe('access-1');
        expect(s.calls()).toBe(1);
        s.clock.advance(6 * 60_000);
        expect(await source.accessToken()).toBe('access-2');
    });

    it('throws a token away on a 401 only once, and only when it is the current one', async () => {
        const s = setup(() => ({}));
        const source = s.tokens.forOrganization(ref);
        const first = await source.accessToken();
        s.clock.advance(180_000);
        source.invalidate(first);
        source.invalidate(first);
        expect(await source.accessToken()).toBe('access-2');
        source.invalidate(first);
        expect(await source.accessToken()).toBe('access-2');
        expect(s.calls()).toBe(2);
    });

    it('keeps a fresh token on a 401 (a missing scope, not expiry)', async () => {
        const s = setup(() => ({}));
        const source = s.tokens.forOrganization(ref);
        const token = await source.accessToken();
        source.invalidate(token);
        expect(await source.accessToken()).toBe(token);
        expect(s.calls()).toBe(1);
    });

    it('shares one access token and one refresh among the organizations of one refresh token', async () => {
        const s = setup(() => ({}));
        const other: TokenRef = { ...ref, organizationId: '700000022' };
        const [a, b] = await Promise.all([
            s.tokens.forOrganization(ref).accessToken(),
            s.tokens.forOrganization(other).accessToken()
        ]);
        expect(a).toBe(b);
        expect(s.calls()).toBe(1);
        s.clock.advance(180_000);
        s.tokens.forOrganization(other).invalidate(b);
        expect(await s.tokens.forOrganization(ref).accessToken()).toBe('access-2');
        expect(s.calls()).toBe(2);
    });

    it('keeps organizations of another refresh token (another Zoho user) apart', async () => {
        const clock = createSandboxClock({ scale: 0 });
        const byOrg = new Map([
            ['700000011', '1000.refresh.anna'],
            ['700000022', '1000.refresh.ben']
        ]);
        const used: string[] = [];
        const tokens = createZohoTokens({
            clock,
            refreshTokens: { get: async (r) => byOrg.get(r.organizationId), save: async () => {} },
            oauth: {
                async refresh({ refreshToken }) {
                    used.push(refreshToken);
                    return {
                        accessToken: `access-for-${refreshToken}`,
                        refreshToken: undefined,
                        apiDomain: 'https://www.zohoapis.com',
                        expiresAt: clock.now() + 3_600_000,
                        scope: undefined
                    };
                }
            }
        });
        const other: TokenRef = { ...ref, organizationId: '700000022' };
        expect(await tokens.forOrganization(ref).accessToken()).toBe(
            'access-for-1000.refresh.anna'
        );
        expect(await tokens.forOrganization(other).accessToken()).toBe(
            'access-for-1000.refresh.ben'
        );
        // A reconnect stores a new refresh token: the next call uses it, not the old cache.
        byOrg.set('700000011', '1000.refresh.anna2');
        expect(await tokens.forOrganization(ref).accessToken()).toBe(
            'access-for-1000.refresh.anna2'
        );
        expect(used).toEqual(['1000.refresh.anna', '1000.refresh.ben', '1000.refresh.anna2']);
    });

    it('saves a rotated refresh token back', async () => {
        const s = setup(() => ({ refreshToken: '1000.refresh.two' }));
        await s.tokens.forOrganization(ref).accessToken();
        expect(s.saved).toEqual(['1000.refresh.two']);
    });

    it('backs off after the refresh throttle, and has work wait for it rather than fail', async () => {
        const s = setup(() => new ZohoAuthError('zoho_token_throttled', 'Access Denied'));
        const source = s.tokens.forOrganization(ref);
        // A DeferredError: the job waiting for the token is put back without spending an attempt.
        await expect(source.accessToken()).rejects.toBeInstanceOf(DeferredError);
        s.clock.advance(20_000);
        await expect(source.accessToken()).rejects.toMatchObject({
            code: 'zoho_token_throttled',
            waitMs: 40_000
        });
        expect(s.calls()).toBe(1);
        s.clock.advance(41_000);
        await expect(source.accessToken()).rejects.toMatchObject({ code: 'zoho_token_throttled' });
        expect(s.calls()).toBe(2);
    });

    it('lets a restarted process use the access token kept in the vault instead of refreshing', async () => {
        const s = setup(() => ({}));
        expect(await s.tokens.forOrganization(ref).accessToken()).toBe('access-1');
        const again = s.restart().forOrganization(ref);
        expect(await again.accessToken()).toBe('access-1');
        expect(s.calls()).toBe(1);
        // Once it is near expiry, the next process refreshes and keeps the new one.
        s.clock.advance(56 * 60_000);
        expect(await s.restart().forOrganization(ref).accessToken()).toBe('access-2');
        expect(s.vault.access?.token).toBe('access-2');
    });

    it('never takes back from the vault a token the API refused, nor one of an earlier refresh token', async () => {
        const s = setup(() => ({}));
        const source = s.tokens.forOrganization(ref);
        const first = await source.accessToken();
        s.clock.advance(180_000);
        source.invalidate(first);
        expect(await source.accessToken()).toBe('access-2');
        expect(s.calls()).toBe(2);

        s.reconnect('1000.refresh.two');
        expect(await s.restart().forOrganization(ref).accessToken()).toBe('access-3');
    });
});
