import { describe, expect, it } from 'vitest';

import {
    authorizationCallbackSchema,
    revokeResponseSchema,
    serverInfoSchema,
    tokenEndpointResponseSchema,
    tokenErrorSchema,
    tokenSuccessSchema
} from '../../src/zoho/schemas/oauth.ts';
import { errorResponseSchema } from '../../src/zoho/schemas/responses.ts';
import { createSandboxClock } from '../clock.ts';
import { accountsPost, booksClient } from './test-client.ts';
import { createZohoSandbox } from './zoho-sandbox.ts';

function setUp() {
    const sandbox = createZohoSandbox({
        clock: createSandboxClock({ startAt: Date.UTC(2026, 0, 15), scale: 0 })
    });
    const creds = sandbox.createOrg({
        dc: 'eu',
        user_email: 'owner@acme.example',
        redirect_uris: ['https://app.example/cb']
    });
    const token = (params: Record<string, string>) =>
        accountsPost(sandbox, `${creds.accounts_url}/oauth/v2/token`, {
            client_id: creds.client_id,
            client_secret: creds.client_secret,
            ...params
        });
    const refresh = (refreshToken = creds.refresh_token) =>
        token({ grant_type: 'refresh_token', refresh_token: refreshToken });
    async function authorize(scope = 'ZohoBooks.fullaccess.all', via = 'us', prompt = 'consent') {
        const url = new URL(`http://localhost/dc/${via}/accounts/oauth/v2/auth`);
        const params = {
            scope,
            client_id: creds.client_id,
            response_type: 'code',
            redirect_uri: 'https://app.example/cb',
            access_type: 'offline',
            state: 'xyz',
            prompt
        };
        for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
        const res = await sandbox.app.request(url.toString());
        expect(res.status).toBe(302);
        const callback = authorizationCallbackSchema.parse(
            Object.fromEntries(new URL(res.headers.get('location') ?? '').searchParams)
        );
        return { callback, code: typeof callback.code === 'string' ? callback.code : '' };
    }
    return { sandbox, creds, token, refresh, authorize, zoho: booksClient(sandbox, creds) };
}

describe('zoho sandbox accounts servers', () => {
    it('auto-consents and redirects with code, location, accounts-server and state', async () => {
        const { authorize, token, creds } = setUp();
        const { callback, code } = await authorize(
            'ZohoBooks.invoices.READ,ZohoBooks.nonsense.READ',
            'us'
        );
        expect(callback).toMatchObject({
            location: 'eu',
            'accounts-server': creds.accounts_url,
            state: 'xyz'
        });
        const exchanged = tokenSuccessSchema.parse(
            (
                await token({
                    grant_type: 'authorization_code',
                    code,
                    redirect_uri: 'https://app.example/cb'
                })
            ).body
        );
        expect(exchanged).toMatchObject({
            api_domain: creds.api_domain,
            token_type: 'Bearer',
            expires_in: 3600,
            scope: 'ZohoBooks.invoices.READ'
        });
        expect(exchanged.refresh_token).toEqual(expect.any(String));
        // Single use.
        expect((await token({ grant_type: 'authorization_code', code })).body).toEqual({
            error: 'invalid_code'
        });
    });

    it('issues a refresh token on a repeated consent only with prompt=consent', async () => {
        const { authorize, token } = setUp();
        const exchange = async (prompt: string) => {
            const { code } = await authorize('ZohoBooks.fullaccess.all', 'eu', prompt);
            return tokenSuccessSchema.parse(
                (await token({ grant_type: 'authorization_code', code })).body
            );
        };
        expect((await exchange('')).refresh_token).toBeUndefined();
        expect((await exchange('consent')).refresh_token).toEqual(expect.any(String));
    });

    it('accepts token parameters in the query string as Zoho’s own examples send them', async () => {
        const { sandbox, creds } = setUp();
        const query = new URLSearchParams({
            grant_type: 'refresh_token',
            refresh_token: creds.refresh_token,
            client_id: creds.client_id,
            client_secret: creds.client_secret
        });
        const res = await sandbox.app.request(
            `${creds.accounts_url}/oauth/v2/token?${query.toString()}`,
            { method: 'POST' }
        );
        expect(tokenSuccessSchema.parse(await res.json()).api_domain).toBe(creds.api_domain);
    });

    it('expires grant codes after two minutes of the simulator clock', async () => {
        const { authorize, token, sandbox } = setUp();
        const { code } = await authorize();
        sandbox.clock.advance(120_001);
        expect((await token({ grant_type: 'authorization_code', code })).body).toEqual({
            error: 'invalid_code'
        });
    });

    it.each([
        {
            name: 'wrong client secret',
            params: { grant_type: 'refresh_token', client_secret: 'nope' },
            error: 'invalid_client'
        },
        {
            name: 'unknown refresh token',
            params: { grant_type: 'refresh_token', refresh_token: '1000.x.y' },
            error: 'invalid_code'
        },
        {
            name: 'unknown grant type',
            params: { grant_type: 'password' },
            error: 'unsupported_grant_type'
        }
    ] as { name: string; params: Record<string, string>; error: string }[])(
        'answers token errors as HTTP 200 with error: $name',
        async ({ params, error }) => {
            const { token } = setUp();
            const res = await token(params);
            expect(res.status).toBe(200);
            expect(tokenErrorSchema.parse(res.body).error).toBe(error);
        }
    );

    it('refuses a token from the EU accounts server on the US API domain', async () => {
        const { sandbox, creds, zoho } = setUp();
        expect((await zoho.get('/organizations', { noOrg: true })).status).toBe(200);
        const us = await sandbox.app.request(
            `${creds.api_domain.replace('/dc/eu/', '/dc/us/')}/books/v3/organizations`,
            {
                headers: { authorization: `Zoho-oauthtoken ${creds.access_token}` }
            }
        );
        expect(us.status).toBe(401);
        expect(errorResponseSchema.parse(await us.json()).code).toBe(57);
        // ... and the EU refresh token is unknown to the US accounts server.
        const res = await accountsPost(
            sandbox,
            `${creds.accounts_url.replace('/dc/eu/', '/dc/us/')}/oauth/v2/token`,
            {
                grant_type: 'refresh_token',
                refresh_token: creds.refresh_token,
                client_id: creds.client_id,
                client_secret: creds.client_secret
            }
        );
        expect(res).toEqual({ status: 200, body: { error: 'invalid_code' } });
    });

    it('expires access tokens after an hour of the simulator clock', async () => {
        const { sandbox, zoho, refresh, creds } = setUp();
        sandbox.clock.advance(3_599_000);
        expect((await zoho.get('/invoices')).status).toBe(200);
        sandbox.clock.advance(1_000);
        expect(await zoho.get('/invoices')).toMatchObject({ status: 401, body: { code: 57 } });
        const fresh = tokenSuccessSchema.parse((await refresh()).body);
        expect(fresh.refresh_token).toBeUndefined();
        expect((await zoho.get('/invoices', { token: fresh.access_token })).status).toBe(200);
        expect(creds.access_token).not.toBe(fresh.access_token);
    });

    it('silently invalidates the oldest refresh token when a 21st is issued', async () => {
        const { authorize, token, refresh, creds } = setUp();
        // createOrg issued the first; nineteen consents make twenty.
        const issued: string[] = [creds.refresh_token];
        for (let i = 0; i < 20; i += 1) {
            const { code } = await authorize();
            const res = tokenSuccessSchema.parse(
                (await token({ grant_type: 'authorization_code', code })).body
            );
            issued.push(res.refresh_token ?? '');
            if (i === 18)
                expect(
                    tokenEndpointResponseSchema.parse((await refresh(issued[0])).body)
                ).toHaveProperty('access_token');
        }
        expect(issued).toHaveLength(21);
        expect((await refresh(issued[0])).body).toEqual({ error: 'invalid_code' });
        expect((await refresh(issued[1])).body).toHaveProperty('access_token');
    });

    it('throttles refreshes to ten per ten minutes', async () => {
        const { sandbox, refresh } = setUp();
        for (let i = 0; i < 10; i += 1)
            expect((await refresh()).body).toHaveProperty('access_token');
        const denied = await refresh();
        expect(denied.status).toBe(200);
        expect(denied.body).toMatchObject({ error: 'Access Denied', status: 'failure' });
        sandbox.clock.advance(600_001);
        expect((await refresh()).body).toHaveProperty('access_token');
    });

    it('revokes a refresh token and every access token minted from it', async () => {
        const { sandbox, creds, zoho, refresh } = setUp();
        const revoke = (value: string) =>
            sandbox.app.request(`${creds.accounts_url}/oauth/v2/token/revoke?token=${value}`, {
                method: 'POST'
            });
        expect(
            revokeResponseSchema.parse(await (await revoke(creds.refresh_token)).json())
        ).toEqual({ status: 'success' });
        expect((await zoho.get('/invoices')).status).toBe(401);
        expect((await refresh()).body).toEqual({ error: 'invalid_code' });
        expect((await revoke(creds.refresh_token)).status).toBe(400);
    });

    it('answers /oauth/serverinfo as documented: result and a location → accounts server map', async () => {
        const { sandbox } = setUp();
        const info = serverInfoSchema.parse(
            await (await sandbox.app.request('/dc/us/accounts/oauth/serverinfo')).json()
        );
        expect(Object.keys(info.locations)).toEqual([
            'us',
            'eu',
            'in',
            'au',
            'jp',
            'ca',
            'cn',
            'sa'
        ]);
        expect(info.locations.ca).toBe('http://localhost/dc/ca/accounts');
        expect(Object.keys(info)).toEqual(['result', 'locations']);
    });

    it.each([
        { name: 'an unregistered redirect URI', uri: 'https://evil.example/cb' },
        { name: 'a registered one with another path', uri: 'https://app.example/cb/other' },
        { name: 'no redirect URI', uri: undefined }
    ])('issues no code for $name (invalid_redirect_uri)', async ({ uri }) => {
        const { sandbox, creds } = setUp();
        const url = new URL(`${creds.accounts_url}/oauth/v2/auth`);
        url.searchParams.set('scope', 'ZohoBooks.invoices.READ');
        url.searchParams.set('client_id', creds.client_id);
        url.searchParams.set('response_type', 'code');
        url.searchParams.set('state', 'xyz');
        if (uri) url.searchParams.set('redirect_uri', uri);
        const res = await sandbox.app.request(url.toString());
        expect(res.status).toBe(400);
        expect(res.headers.get('location')).toBeNull();
        expect(await res.json()).toEqual({ error: 'invalid_redirect_uri' });
    });
});

describe('zoho sandbox API guard', () => {
    it.each([
        {
            name: 'items need settings.READ',
            path: '/items',
            scopes: 'ZohoBooks.invoices.ALL',
            status: 401,
            code: 57
        },
        {
            name: 'taxes need settings.READ',
            path: '/settings/taxes',
            scopes: 'ZohoBooks.contacts.READ',
            status: 401,
            code: 57
        },
        {
            name: 'currencies with settings.READ',
            path: '/settings/currencies',
            scopes: 'ZohoBooks.settings.READ',
            status: 200,
            code: 0
        },
        {
            name: 'invoices with invoices.READ',
            path: '/invoices',
            scopes: 'ZohoBooks.invoices.READ',
            status: 200,
            code: 0
        },
        {
            name: 'contacts without contacts scope',
            path: '/contacts',
            scopes: 'ZohoBooks.invoices.READ',
            status: 401,
            code: 57
        }
    ])('enforces scopes: $name', async ({ path, scopes, status, code }) => {
        const sandbox = createZohoSandbox();
        const creds = sandbox.createOrg({ scopes });
        expect(await booksClient(sandbox, creds).get(path)).toMatchObject({
            status,
            body: { code }
        });
    });

    it('needs invoices.CREATE (not UPDATE) to mark an invoice sent', async () => {
        const sandbox = createZohoSandbox();
        const full = sandbox.createOrg();
        const zoho = booksClient(sandbox, full);
        const customer = await zoho.post('/contacts', { contact_name: 'C' });
        const id = (customer.body.contact as { contact_id: string }).contact_id;
        const inv = await zoho.post('/invoices', {
            customer_id: id,
            line_items: [{ name: 'x', rate: 1 }]
        });
        const invoiceId = (inv.body.invoice as { invoice_id: string }).invoice_id;
        const limited = sandbox.createOrg({
            user_email: full.user_email,
            client_id: full.client_id,
            scopes: 'ZohoBooks.invoices.UPDATE,ZohoBooks.invoices.READ'
        });
        const path = `/invoices/${invoiceId}/status/sent`;
        expect(await zoho.post(path, undefined, { token: limited.access_token })).toMatchObject({
            status: 401,
            body: { code: 57 }
        });
        expect((await zoho.post(path)).status).toBe(200);
    });

    it.each([
        { name: 'missing organization_id', query: {}, noOrg: true },
        { name: 'unknown organization_id', query: { organization_id: '999' }, noOrg: true }
    ] as { name: string; query: Record<string, string>; noOrg: boolean }[])(
        'answers 6041 for $name',
        async ({ query, noOrg }) => {
            const sandbox = createZohoSandbox();
            const creds = sandbox.createOrg();
            expect(
                await booksClient(sandbox, creds).get('/contacts', { query, noOrg })
            ).toMatchObject({
                status: 400,
                body: { code: 6041 }
            });
        }
    );

    it('answers 6041 for an organization of another user', async () => {
        const sandbox = createZohoSandbox();
        const mine = sandbox.createOrg();
        const theirs = sandbox.createOrg();
        const res = await booksClient(sandbox, mine).get('/contacts', {
            query: { organization_id: theirs.organization_id }
        });
        expect(res).toMatchObject({
            status: 400,
            body: {
                code: 6041,
                message: `This user is not associated with the CompanyID/CompanyName:${theirs.organization_id}.`
            }
        });
    });

    it.each([
        { name: 'no Authorization header', headers: { authorization: '' } },
        { name: 'Bearer instead of Zoho-oauthtoken', headers: { authorization: 'Bearer abc' } },
        { name: 'unknown token', headers: { authorization: 'Zoho-oauthtoken 1000.a.b' } }
    ])('answers 401 code 57 for $name', async ({ headers }) => {
        const sandbox = createZohoSandbox();
        const creds = sandbox.createOrg();
        expect(await booksClient(sandbox, creds).get('/contacts', { headers })).toMatchObject({
            status: 401,
            body: { code: 57 }
        });
    });

    it('can answer a missing Authorization header with code 14 instead', async () => {
        const sandbox = createZohoSandbox({ limits: { missingAuthCode: 14 } });
        const creds = sandbox.createOrg();
        const res = await booksClient(sandbox, creds).get('/contacts', {
            headers: { authorization: '' }
        });
        expect(res).toMatchObject({ status: 401, body: { code: 14 } });
    });

    it.each([
        { name: 'broken JSON', type: 'application/json', body: '{"contact_name":', code: 1038 },
        {
            name: 'form without JSONString',
            type: 'application/x-www-form-urlencoded',
            body: 'contact_name=A',
            code: 1038
        },
        { name: 'missing required field', type: 'application/json', body: '{}', code: 2 }
    ])('answers Zoho errors, never a 500, for $name', async ({ type, body, code }) => {
        const sandbox = createZohoSandbox();
        const creds = sandbox.createOrg();
        const res = await sandbox.app.request(
            `${creds.api_domain}/books/v3/contacts?organization_id=${creds.organization_id}`,
            {
                method: 'POST',
                headers: {
                    authorization: `Zoho-oauthtoken ${creds.access_token}`,
                    'content-type': type
                },
                body
            }
        );
        expect(res.status).toBe(400);
        expect(await res.json()).toMatchObject({ code });
    });

    it('accepts the legacy JSONString form body', async () => {
        const sandbox = createZohoSandbox();
        const creds = sandbox.createOrg();
        const res = await sandbox.app.request(
            `${creds.api_domain}/books/v3/contacts?organization_id=${creds.organization_id}`,
            {
                method: 'POST',
                headers: {
                    authorization: `Zoho-oauthtoken ${creds.access_token}`,
                    'content-type': 'application/x-www-form-urlencoded'
                },
                body: new URLSearchParams({
                    JSONString: JSON.stringify({ contact_name: 'Legacy Ltd' })
                }).toString()
            }
        );
        expect(res.status).toBe(201);
        expect(await res.json()).toMatchObject({
            code: 0,
            contact: { contact_name: 'Legacy Ltd' }
        });
    });

    it('answers an unknown endpoint with code 5', async () => {
        const sandbox = createZohoSandbox();
        const creds = sandbox.createOrg();
        expect(await booksClient(sandbox, creds).get('/nothing-here')).toMatchObject({
            status: 404,
            body: { code: 5 }
        });
    });
});
