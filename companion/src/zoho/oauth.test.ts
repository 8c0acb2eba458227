import { describe, expect, it } from 'vitest';

import { REDIRECT_URI, zohoHarness } from '../../test/support/zoho-client.ts';
import { ZohoAuthError } from './errors.ts';
import { createZohoOAuth } from './oauth.ts';
import { regionFromCallback } from './regions.ts';

describe('Zoho OAuth against the simulator', () => {
    it('builds a consent URL asking for offline access with forced consent', () => {
        const h = zohoHarness();
        const url = new URL(h.oauth.authorizationUrl({ state: 's-1', region: 'eu' }));
        expect(url.origin + url.pathname).toBe(`${h.table.eu.accountsUrl}/oauth/v2/auth`);
        expect(Object.fromEntries(url.searchParams)).toMatchObject({
            client_id: h.creds.client_id,
            response_type: 'code',
            redirect_uri: REDIRECT_URI,
            access_type: 'offline',
            prompt: 'consent',
            state: 's-1'
        });
        expect(url.searchParams.get('scope')?.split(',')).toEqual([
            'ZohoBooks.contacts.CREATE',
            'ZohoBooks.contacts.READ',
            'ZohoBooks.contacts.UPDATE',
            'ZohoBooks.invoices.CREATE',
            'ZohoBooks.invoices.READ',
            'ZohoBooks.invoices.UPDATE',
            'ZohoBooks.customerpayments.READ',
            'ZohoBooks.creditnotes.READ',
            'ZohoBooks.settings.CREATE',
            'ZohoBooks.settings.READ'
        ]);
    });

    it('exchanges the code at the accounts server the callback names', async () => {
        const h = zohoHarness({ org: { dc: 'eu' } });
        const consent = await h.sandbox.app.request(
            h.oauth.authorizationUrl({ state: 'xyz', region: 'us' })
        );
        const callback = new URL(consent.headers.get('location') ?? '');
        const query = Object.fromEntries(callback.searchParams);
        expect(query.state).toBe('xyz');
        const callbackRegion = {
            location: query.location,
            'accounts-server': query['accounts-server'] ?? ''
        };
        // The simulator's host is no real data centre: only the sandbox table accepts it.
        expect(() => regionFromCallback(callbackRegion)).toThrow(ZohoAuthError);
        const region = regionFromCallback(callbackRegion, h.table);
        expect(region).toBe('eu');
        const tokens = await h.oauth.exchangeCode({ code: query.code ?? '', region });
        expect(tokens.refreshToken).toMatch(/^1000\./);
        expect(tokens.apiDomain).toBe(h.table.eu.apiDomain);
        expect(tokens.expiresAt - h.clock.now()).toBeGreaterThan(3_500_000);
        // The exchanged access token serves the first calls: no refresh needed.
        const refreshToken = tokens.refreshToken;
        if (!refreshToken) throw new Error('the exchange gave no refresh token');
        h.refreshTokens.set(h.ref.organizationId, refreshToken);
        h.tokens.remember({ ...tokens, refreshToken });
        const before = h.refreshCount();
        expect((await h.client.organizations.get()).organization_id).toBe(h.creds.organization_id);
        expect(h.refreshCount()).toBe(before);
    });

    it('turns an HTTP 200 {error} from the token endpoint into a typed error', async () => {
        const h = zohoHarness();
        const error = await h.oauth
            .refresh({ refreshToken: '1000.revoked.token', region: 'us' })
            .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ZohoAuthError);
        expect(error).toMatchObject({
            code: 'zoho_refresh_token_invalid',
            oauthError: 'invalid_code',
            retryable: false
        });
    });

    it('reports the refresh throttle ("Access Denied") as retryable', async () => {
        const h = zohoHarness({ limits: { refreshesPerWindow: 1 } });
        await h.oauth.refresh({ refreshToken: h.creds.refresh_token, region: 'us' });
        const error = await h.oauth
            .refresh({ refreshToken: h.creds.refresh_token, region: 'us' })
            .catch((e: unknown) => e);
        expect(error).toMatchObject({ code: 'zoho_token_throttled', retryable: true });
    });

    it('refuses a client secret that Zoho rejects', async () => {
        const h = zohoHarness();
        const oauth = createZohoOAuth({
            clientId: h.creds.client_id,
            clientSecret: 'wrong',
            redirectUri: REDIRECT_URI,
            endpoints: h.table,
            fetch: h.sandbox.fetch,
            clock: h.clock
        });
        await expect(
            oauth.refresh({ refreshToken: h.creds.refresh_token, region: 'us' })
        ).rejects.toMatchObject({ code: 'zoho_client_invalid' });
    });
});
