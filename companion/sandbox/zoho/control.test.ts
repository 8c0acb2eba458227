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
