import { describe, expect, it } from 'vitest';

import {
    organizationsResponseSchema,
    contactResponseSchema
} from '../../src/zoho/schemas/responses.ts';
import { createSandboxClock } from '../clock.ts';
import type { OrgCredentials } from './provision.ts';
import { booksClient } from './test-client.ts';
import { createZohoSandbox } from './zoho-sandbox.ts';

describe('zoho sandbox control surface', () => {
    it('POST /_sandbox/orgs returns credentials that work against the imitated API', async () => {
        const sandbox = createZohoSandbox({
            clock: createSandboxClock({ startAt: Date.UTC(2026, 0, 15), scale: 0 })
        });
        const res = await sandbox.app.request('http://zoho.test:8080/_sandbox/orgs', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ name: 'Acme EU', dc: 'eu', plan: 'professional' })
        });
        expect(res.status).toBe(201);
        const creds = (await res.json()) as OrgCredentials;
        expect(creds).toMatchObject({
            api_domain: 'http://zoho.test:8080/dc/eu/api',
            accounts_url: 'http://zoho.test:8080/dc/eu/accounts'
        });
        for (const key of [
            'organization_id',
            'client_id',
            'client_secret',
            'refresh_token',
            'access_token'
        ] as const)
            expect(creds[key]).toEqual(expect.any(String));

        const zoho = booksClient(sandbox, creds);
        const orgs = await zoho.get('/organizations', { noOrg: true });
        expect(orgs.status).toBe(200);
        const parsed = organizationsResponseSchema.parse(orgs.body);
        expect(
            parsed.organizations.map((o) => [o.organization_id, o.name, o.currency_code])
        ).toEqual([[creds.organization_id, 'Acme EU', 'EUR']]);

        const created = await zoho.post('/contacts', {
            contact_name: 'Bowman and Co',
            contact_type: 'customer'
        });
        expect(created.status).toBe(201);
        expect(contactResponseSchema.parse(created.body).contact.contact_name).toBe(
            'Bowman and Co'
        );
    });

    it('refuses a malformed org request with the companion error body', async () => {
        const sandbox = createZohoSandbox();
        const res = await sandbox.app.request('/_sandbox/orgs', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ dc: 'mars' })
        });
        expect(res.status).toBe(400);
        expect(await res.json()).toMatchObject({ error: { code: 'validation_failed' } });
    });
});

describe('zoho sandbox control routes', () => {
    const json = (body: unknown) => ({
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body)
    });

    it('seeds an organization through the API and shows it in the state dump', async () => {
        const sandbox = createZohoSandbox({ limits: { requestsPerMinute: 2 } });
        const creds = sandbox.createOrg({ name: 'Seeded' });
        const seeded = await sandbox.app.request(
            `/_sandbox/orgs/${creds.organization_id}/seed`,
            json({
                taxes: [{ tax_name: 'Sales tax', tax_percentage: 8.25 }],
                currencies: [{ currency_code: 'EUR', currency_format: '1.234.567,89' }],
                exchange_rates: [{ currency_code: 'EUR', effective_date: '2026-01-01', rate: 1.1 }],
                items: [
                    { name: 'Widget', rate: 10 },
                    { name: 'Gadget', rate: 20 }
                ],
                contacts: [{ contact_name: 'Acme', contact_type: 'customer' }],
                invoices: [
                    { customer_name: 'Acme', line_items: [{ name: 'x', rate: 5, quantity: 2 }] }
                ]
            })
        );
        expect(seeded.status).toBe(201);
        const created = (await seeded.json()) as Record<string, unknown[]>;
        expect(Object.fromEntries(Object.entries(created).map(([k, v]) => [k, v.length]))).toEqual({
            taxes: 1,
            currencies: 1,
            exchange_rates: 1,
            items: 2,
            contacts: 1,
            invoices: 1
        });
        // Seeding did not spend the organization's per-minute budget of two requests.
        expect((await booksClient(sandbox, creds).get('/items')).status).toBe(200);

        const dump = (await (
            await sandbox.app.request(`/_sandbox/orgs/${creds.organization_id}`)
        ).json()) as Record<string, Record<string, unknown>[]>;
        expect(dump.items?.map((i) => i.name)).toEqual(['Widget', 'Gadget']);
        expect(dump.invoices?.[0]).toMatchObject({
            customer_name: 'Acme',
            total: 10,
            status: 'draft'
        });
    });

    it('reports which seed entry the API refused', async () => {
        const sandbox = createZohoSandbox();
        const creds = sandbox.createOrg();
        const res = await sandbox.app.request(
            `/_sandbox/orgs/${creds.organization_id}/seed`,
            json({ items: [{ name: 'ok', rate: 1 }, { name: 'no rate' }] })
        );
        expect(res.status).toBe(400);
        expect(await res.json()).toMatchObject({
            error: { code: 'seed_failed', message: 'items[1] refused', details: { code: 2 } }
        });
    });

    it('moves the clock forward only', async () => {
        const clock = createSandboxClock({ startAt: Date.UTC(2026, 0, 1), scale: 0 });
        const sandbox = createZohoSandbox({ clock });
        const moved = await sandbox.app.request('/_sandbox/clock/advance', json({ ms: 3_600_000 }));
        expect(await moved.json()).toEqual({ now: Date.UTC(2026, 0, 1, 1) });
        expect(
            (
                await sandbox.app.request(
                    '/_sandbox/clock/set',
                    json({ epoch_ms: Date.UTC(2025, 0, 1) })
                )
            ).status
        ).toBe(400);
        expect(clock.now()).toBe(Date.UTC(2026, 0, 1, 1));
    });

    it('expires tokens and changes limits', async () => {
        const sandbox = createZohoSandbox();
        const creds = sandbox.createOrg();
        const zoho = booksClient(sandbox, creds);
        await sandbox.app.request('/_sandbox/limits', {
            ...json({ requestsPerMinute: 1 }),
            method: 'PATCH'
        });
        expect((await zoho.get('/contacts')).status).toBe(200);
        expect((await zoho.get('/contacts')).body.code).toBe(44);
        expect(
            await (await sandbox.app.request('/_sandbox/tokens/expire', { method: 'POST' })).json()
        ).toEqual({ expired: 1 });
        expect((await zoho.get('/contacts')).body.code).toBe(57);
    });
});
