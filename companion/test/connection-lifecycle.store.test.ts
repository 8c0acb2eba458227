import { describe, expect, it } from 'vitest';

import { EVENT_HEADERS } from '../src/contracts/salesforce-events.ts';
import { createApiKey } from '../src/store/api-keys.ts';
import { getConnection } from '../src/store/connections.ts';
import { getSecret } from '../src/store/secrets.ts';
import { invoiceEnv, type InvoiceEnv } from './support/invoice-env.ts';
import { useTestDb } from './support/test-db.ts';

/**
 * Disabling, re-authorizing and deleting a connection against both simulators: deleting revokes
 * the Zoho and Salesforce refresh tokens at their revoke endpoints before anything is removed.
 */

let env: InvoiceEnv | undefined;
const testDb = useTestDb(async () => {
    await env?.close();
    env = undefined;
});

async function setUp() {
    env = await invoiceEnv(testDb.db, { deals: 1, linked: true });
    const e = env;
    const key = (await createApiKey(e.db, { name: 'ops', scopes: ['admin:read', 'admin:write'] }))
        .token;
    const admin = (path: string, method = 'POST') =>
        fetch(`${e.server.url}/v1/admin/connections/${e.connectionId}${path}`, {
            method,
            headers: { authorization: `Bearer ${key}` }
        });
    const secret = (kind: 'salesforce_refresh_token' | 'zoho_refresh_token' | 'event_secret') =>
        getSecret(e.db, e.keyring, {
            connectionId: e.connectionId,
            kind,
            ...(kind === 'zoho_refresh_token' ? { scope: e.zohoOrg } : {})
        });
    /** Whether each provider still honours a refresh token (its token endpoint). */
    const zohoHonours = async (token: string) => {
        const creds = e.pair.zoho.credentials;
        const res = await fetch(`${creds.accounts_url}/oauth/v2/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({
                grant_type: 'refresh_token',
                refresh_token: token,
                client_id: creds.client_id,
                client_secret: creds.client_secret
            }).toString()
        });
        return 'access_token' in ((await res.json()) as object);
    };
    const salesforceHonours = async (token: string) => {
        const creds = e.pair.salesforce.credentials;
        const res = await fetch(`${creds.login_url}/services/oauth2/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({
                grant_type: 'refresh_token',
                refresh_token: token,
                client_id: creds.client_id,
                client_secret: creds.client_secret
            }).toString()
        });
        return res.status === 200;
    };
    return { e, admin, secret, zohoHonours, salesforceHonours };
}

describe('the connection lifecycle', () => {
    it('disables a connection (events refused with connection_disabled) and enables it again', async () => {
        const { e, admin, secret } = await setUp();
        const eventSecret = (await secret('event_secret')) ?? '';
        const call = () =>
            fetch(`${e.server.url}/v1/package/connection`, {
                headers: {
                    [EVENT_HEADERS.connection]: e.connectionId,
                    [EVENT_HEADERS.secret]: eventSecret
                }
            });

        const disabled = await admin('/disable');
        expect(disabled.status).toBe(200);
        expect(await disabled.json()).toEqual({
            connection: { id: e.connectionId, status: 'disabled' }
        });
        const refused = await call();
        expect(refused.status).toBe(403);
        expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
            'connection_disabled'
        );
        await expect(e.sendEvents('opportunity.won', ['006000000000001AAA'])).rejects.toThrow(
            /403.*connection_disabled/
        );

        expect(
            ((await (await admin('/enable')).json()) as { connection: unknown }).connection
        ).toEqual({ id: e.connectionId, status: 'active' });
        expect((await call()).status).toBe(200);
    });

    it('deletes a connection: both refresh tokens revoked, then its secrets and data removed', async () => {
        const { e, admin, secret, zohoHonours, salesforceHonours } = await setUp();
        const zohoToken = (await secret('zoho_refresh_token')) ?? '';
        const salesforceToken = (await secret('salesforce_refresh_token')) ?? '';
        expect(await zohoHonours(zohoToken)).toBe(true);
        expect(await salesforceHonours(salesforceToken)).toBe(true);
        // Some data first: a won deal invoiced (inbox, job, link, journal rows).
        const deal = e.seed.opportunities[0]!.salesforceId;
        e.closeDeals([deal]);
        await e.waitFor(() => e.opportunity(deal).Zoho_Invoice_Id__c, 20_000, 'the invoice');
        await e.runtime.stop();
        for (const table of ['inbox', 'jobs', 'links', 'journal'])
            expect(
                (
                    await e.db.query(`SELECT 1 FROM ${table} WHERE connection_id = $1`, [
                        e.connectionId
                    ])
                ).length
            ).toBeGreaterThan(0);

        const res = await admin('', 'DELETE');

        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({
            deleted: true,
            zoho: { revoked: 1, alreadyInvalid: 0 },
            salesforce: { revoked: 1, alreadyInvalid: 0 },
            failures: []
        });
        expect(await zohoHonours(zohoToken)).toBe(false);
        expect(await salesforceHonours(salesforceToken)).toBe(false);
        expect(await getConnection(e.db, e.connectionId)).toBeUndefined();
        for (const table of ['secrets', 'zoho_organizations', 'inbox', 'jobs', 'links', 'journal'])
            expect(
                await e.db.query(`SELECT 1 FROM ${table} WHERE connection_id = $1`, [
                    e.connectionId
                ])
            ).toEqual([]);
        expect((await admin('', 'DELETE')).status).toBe(404);
    });

    it('refuses to delete while a token cannot be revoked, and deletes with force', async () => {
        const { e, admin, secret, salesforceHonours } = await setUp();
        const salesforceToken = (await secret('salesforce_refresh_token')) ?? '';
        await e.runtime.stop();
        // The Salesforce login host is unreachable.
        await e.db.query(
            `UPDATE connections SET salesforce_login_url = 'http://127.0.0.1:9' WHERE id = $1`,
            [e.connectionId]
        );

        const refused = await admin('', 'DELETE');
        expect(refused.status).toBe(502);
        const body = (await refused.json()) as { error: { code: string; details: string[] } };
        expect(body.error.code).toBe('revoke_failed');
        expect(body.error.details).toEqual([
            expect.stringMatching(/^the Salesforce refresh token: /)
        ]);
        expect((await getConnection(e.db, e.connectionId))?.status).toBe('disabled');
        expect(await secret('salesforce_refresh_token')).toBe(salesforceToken);

        const forced = await admin('?force=true', 'DELETE');
        expect(forced.status).toBe(200);
        expect(await getConnection(e.db, e.connectionId)).toBeUndefined();
        // Not revoked (the host was unreachable): the admin is told so, in the answer above.
        expect(await salesforceHonours(salesforceToken)).toBe(true);
    });

    it('re-authorizes Zoho Books with a new consent whose callback revokes the old token', async () => {
        const { e, admin, secret, zohoHonours } = await setUp();
        const old = (await secret('zoho_refresh_token')) ?? '';

        const started = await admin('/zoho/authorize');
        expect(started.status).toBe(201);
        const { authorizationUrl } = (await started.json()) as { authorizationUrl: string };
        expect(new URL(authorizationUrl).searchParams.get('prompt')).toBe('consent');
        const consent = await fetch(authorizationUrl, { redirect: 'manual' });
        const callback = new URL(consent.headers.get('location') ?? '');
        const done = await fetch(`${e.server.url}${callback.pathname}${callback.search}`);
        expect(done.status).toBe(200);

        const fresh = (await secret('zoho_refresh_token')) ?? '';
        expect(fresh).not.toBe(old);
        expect(await zohoHonours(old)).toBe(false);
        expect(await zohoHonours(fresh)).toBe(true);
    });
});
