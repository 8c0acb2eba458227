import { afterEach, describe, expect, it } from 'vitest';

import { invoiceResponseSchema, invoicesResponseSchema } from '../../src/zoho/schemas/responses.ts';
import { tokenSuccessSchema } from '../../src/zoho/schemas/oauth.ts';
import { listen } from '../../test/support/serve.ts';
import { accountsPost, booksClient } from './test-client.ts';
import { createZohoSandbox } from './zoho-sandbox.ts';
import type { OrgCredentials } from './provision.ts';

async function setUp(random?: () => number) {
    const sandbox = createZohoSandbox(random ? { random } : {});
    const creds = sandbox.createOrg();
    sandbox.addCustomField(creds.organization_id, {
        label: 'SF Opportunity Id',
        entity: 'invoice',
        is_unique: true
    });
    const zoho = booksClient(sandbox, creds);
    const contact = await zoho.post('/contacts', { contact_name: 'Bowman and Co' });
    const customerId = (contact.body.contact as { contact_id: string }).contact_id;
    return { sandbox, creds, zoho, customerId };
}

/**
 * The companion's way to create an invoice idempotently: PUT with the unique key, X-Upsert, and
 * the key's value in the body's custom_fields (what is stored is what the body carries).
 */
function upsertRequest(
    base: string,
    creds: OrgCredentials,
    customerId: string,
    opportunityId: string
): [string, RequestInit] {
    return [
        `${base}/books/v3/invoices?organization_id=${creds.organization_id}`,
        {
            method: 'PUT',
            headers: {
                authorization: `Zoho-oauthtoken ${creds.access_token}`,
                'content-type': 'application/json',
                'X-Unique-Identifier-Key': 'cf_sf_opportunity_id',
                'X-Unique-Identifier-Value': opportunityId,
                'X-Upsert': 'true'
            },
            body: JSON.stringify({
                customer_id: customerId,
                reference_number: opportunityId,
                line_items: [{ name: 'Licence', rate: 1200, quantity: 1 }],
                custom_fields: [{ api_name: 'cf_sf_opportunity_id', value: opportunityId }]
            })
        }
    ];
}

async function invoicesFor(zoho: ReturnType<typeof booksClient>, reference: string) {
    return invoicesResponseSchema.parse(
        (await zoho.get('/invoices', { query: { reference_number: reference } })).body
    ).invoices;
}

describe('zoho sandbox faults', () => {
    let closeServer: (() => Promise<void>) | undefined;
    afterEach(async () => {
        await closeServer?.();
        closeServer = undefined;
    });

    it('commits a write whose response is lost; the repeated unique-key upsert returns the same invoice', async () => {
        const { sandbox, creds, zoho, customerId } = await setUp();
        sandbox.setFault({ kind: 'lost_response', method: 'PUT', path: '/invoices' });
        await expect(
            sandbox.fetch(...upsertRequest(creds.api_domain, creds, customerId, '0065000001'))
        ).rejects.toThrow('fetch failed');

        const afterLoss = await invoicesFor(zoho, '0065000001');
        expect(afterLoss).toHaveLength(1);

        const retried = await sandbox.fetch(
            ...upsertRequest(creds.api_domain, creds, customerId, '0065000001')
        );
        expect(retried.status).toBe(200);
        const invoice = invoiceResponseSchema.parse(await retried.json()).invoice;
        expect(invoice.invoice_id).toBe(afterLoss[0]?.invoice_id);
        expect(invoice.custom_field_hash).toMatchObject({ cf_sf_opportunity_id: '0065000001' });
        expect(await invoicesFor(zoho, '0065000001')).toHaveLength(1);
    });

    it('destroys the socket after committing when served over HTTP', async () => {
        const { sandbox, creds, zoho, customerId } = await setUp();
        const server = await listen(sandbox.app);
        closeServer = server.close;
        const base = `${server.url}/dc/us/api`;
        sandbox.setFault({ kind: 'lost_response', method: 'PUT' });
        await expect(
            fetch(...upsertRequest(base, creds, customerId, '0065000002'))
        ).rejects.toThrow();
        expect(await invoicesFor(zoho, '0065000002')).toHaveLength(1);
        const again = await fetch(...upsertRequest(base, creds, customerId, '0065000002'));
        expect(again.status).toBe(200);
        expect(await invoicesFor(zoho, '0065000002')).toHaveLength(1);
    });

    it('shows why: a blind POST retry after a lost response creates a duplicate', async () => {
        const { sandbox, creds, zoho, customerId } = await setUp();
        sandbox.setFault({ kind: 'lost_response', method: 'POST', path: '/invoices' });
        const post = (): [string, RequestInit] => [
            `${creds.api_domain}/books/v3/invoices?organization_id=${creds.organization_id}`,
            {
                method: 'POST',
                headers: {
                    authorization: `Zoho-oauthtoken ${creds.access_token}`,
                    'content-type': 'application/json'
                },
                body: JSON.stringify({
                    customer_id: customerId,
                    reference_number: 'R-1',
                    line_items: [{ name: 'x', rate: 1 }]
                })
            }
        ];
        await expect(sandbox.fetch(...post())).rejects.toThrow();
        expect((await sandbox.fetch(...post())).status).toBe(201);
        expect(await invoicesFor(zoho, 'R-1')).toHaveLength(2);
    });

    it('updates without creating when the key exists and refuses a missing key without X-Upsert', async () => {
        const { sandbox, creds, customerId, zoho } = await setUp();
        const [url, init] = upsertRequest(creds.api_domain, creds, customerId, 'NEW');
        const headers = { ...(init.headers as Record<string, string>) };
        delete headers['X-Upsert'];
        expect(await (await sandbox.fetch(url, { ...init, headers })).json()).toMatchObject({
            code: 1002
        });
        expect(
            (
                await sandbox.fetch(url, {
                    ...init,
                    headers: { ...headers, 'X-Unique-Identifier-Key': 'cf_nope' }
                })
            ).status
        ).toBe(400);
        expect((await sandbox.fetch(url, init)).status).toBe(201);
        const dup = await zoho.post('/invoices', {
            customer_id: customerId,
            line_items: [{ name: 'x', rate: 1 }],
            custom_fields: [{ api_name: 'cf_sf_opportunity_id', value: 'NEW' }]
        });
        expect(dup).toMatchObject({ status: 400, body: { code: 1001 } });
    });

    it('times out without committing; the caller’s abort ends the request', async () => {
        const { sandbox, creds, zoho, customerId } = await setUp();
        sandbox.setFault({ kind: 'timeout', method: 'PUT' });
        const [url, init] = upsertRequest(creds.api_domain, creds, customerId, 'T-1');
        await expect(
            sandbox.fetch(url, { ...init, signal: AbortSignal.timeout(50) })
        ).rejects.toThrow();
        expect(await invoicesFor(zoho, 'T-1')).toHaveLength(0);
    });

    it.each([
        { name: '5xx', fault: { kind: 'error' as const }, status: 500, code: 1000 },
        {
            name: '429 storm',
            fault: { kind: 'rate_limit' as const, code: 1070 as const },
            status: 429,
            code: 1070
        },
        { name: 'token expiry', fault: { kind: 'token_expired' as const }, status: 401, code: 57 }
    ])('injects $name without touching state', async ({ fault, status, code }) => {
        const { sandbox, creds, zoho, customerId } = await setUp();
        sandbox.setFault({ ...fault, method: 'POST', times: 2 });
        const body = {
            customer_id: customerId,
            reference_number: 'F-1',
            line_items: [{ name: 'x', rate: 1 }]
        };
        expect(await zoho.post('/invoices', body)).toMatchObject({ status, body: { code } });
        if (status === 401) {
            // The token really expired: the next call fails too until the client refreshes.
            expect((await zoho.get('/invoices')).status).toBe(401);
            const res = await accountsPost(sandbox, `${creds.accounts_url}/oauth/v2/token`, {
                grant_type: 'refresh_token',
                refresh_token: creds.refresh_token,
                client_id: creds.client_id,
                client_secret: creds.client_secret
            });
            creds.access_token = tokenSuccessSchema.parse(res.body).access_token;
        }
        expect(await invoicesFor(zoho, 'F-1')).toHaveLength(0);
    });

    it('delays a matching request by the configured latency', async () => {
        const { sandbox, zoho } = await setUp();
        sandbox.setFault({ kind: 'latency', ms: 80, path: '/contacts' });
        const started = performance.now();
        expect((await zoho.get('/contacts')).status).toBe(200);
        expect(performance.now() - started).toBeGreaterThanOrEqual(75);
    });

    it('lets a storm pass after its count', async () => {
        const { sandbox, zoho } = await setUp();
        sandbox.setFault({ kind: 'rate_limit', code: 44, times: 3 });
        const statuses = [];
        for (let i = 0; i < 4; i += 1) statuses.push((await zoho.get('/contacts')).status);
        expect(statuses).toEqual([429, 429, 429, 200]);
    });

    it('fires a rule with a probability on that share of the requests it matches', async () => {
        const rolls = [0.7, 0.2, 0.9, 0.1, 0.5];
        const { sandbox, zoho } = await setUp(() => rolls.shift() ?? 1);
        sandbox.setFault({ kind: 'error', status: 500, times: 0, probability: 0.5 });
        const statuses = [];
        for (let i = 0; i < 5; i += 1) statuses.push((await zoho.get('/contacts')).status);
        expect(statuses).toEqual([200, 500, 200, 500, 200]);
    });

    it('sets faults through the control surface', async () => {
        const { sandbox, zoho } = await setUp();
        const added = await sandbox.app.request('/_sandbox/faults', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ kind: 'error', status: 503, path: '/items' })
        });
        expect(added.status).toBe(201);
        expect((await zoho.get('/contacts')).status).toBe(200);
        expect(await zoho.get('/items')).toMatchObject({ status: 503, body: { code: 1000 } });
        expect((await zoho.get('/items')).status).toBe(200);
        const bad = await sandbox.app.request('/_sandbox/faults', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ kind: 'gremlins' })
        });
        expect(bad.status).toBe(400);
    });
});
