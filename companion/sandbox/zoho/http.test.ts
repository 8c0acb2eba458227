import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
    invoiceResponseSchema,
    organizationsResponseSchema
} from '../../src/zoho/schemas/responses.ts';
import { tokenSuccessSchema } from '../../src/zoho/schemas/oauth.ts';
import { listen } from '../../test/support/serve.ts';
import type { OrgCredentials } from './provision.ts';
import { createZohoSandbox } from './zoho-sandbox.ts';

describe('zoho sandbox over HTTP', () => {
    const sandbox = createZohoSandbox();
    let server: { url: string; close: () => Promise<void> };
    beforeAll(async () => {
        server = await listen(sandbox.app);
    });
    afterAll(async () => {
        await server.close();
    });

    it('serves a full client journey on the URLs it hands out', async () => {
        const created = await fetch(`${server.url}/_sandbox/orgs`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ dc: 'ca', name: 'Maple Ltd' })
        });
        const creds = (await created.json()) as OrgCredentials;
        expect(creds.accounts_url).toBe(`${server.url}/dc/ca/accounts`);

        const token = await fetch(`${creds.accounts_url}/oauth/v2/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({
                grant_type: 'refresh_token',
                refresh_token: creds.refresh_token,
                client_id: creds.client_id,
                client_secret: creds.client_secret
            })
        });
        const { access_token, api_domain } = tokenSuccessSchema.parse(await token.json());
        const auth = { authorization: `Zoho-oauthtoken ${access_token}` };

        const orgs = organizationsResponseSchema.parse(
            await (await fetch(`${api_domain}/books/v3/organizations`, { headers: auth })).json()
        );
        expect(orgs.organizations[0]).toMatchObject({ name: 'Maple Ltd', currency_code: 'CAD' });

        const q = `organization_id=${creds.organization_id}`;
        const contact = await fetch(`${api_domain}/books/v3/contacts?${q}`, {
            method: 'POST',
            headers: { ...auth, 'content-type': 'application/json' },
            body: JSON.stringify({ contact_name: 'Toronto Tools' })
        });
        const contactId = ((await contact.json()) as { contact: { contact_id: string } }).contact
            .contact_id;
        const invoice = await fetch(`${api_domain}/books/v3/invoices?${q}`, {
            method: 'POST',
            headers: { ...auth, 'content-type': 'application/json' },
            body: JSON.stringify({
                customer_id: contactId,
                line_items: [{ name: 'Snow tyres', rate: 149.99, quantity: 4 }]
            })
        });
        expect(invoice.status).toBe(201);
        expect(invoiceResponseSchema.parse(await invoice.json()).invoice.total).toBe(599.96);
    });
});
