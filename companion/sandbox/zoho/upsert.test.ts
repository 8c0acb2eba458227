import { describe, expect, it } from 'vitest';

import { invoiceResponseSchema } from '../../src/zoho/schemas/responses.ts';
import { booksClient } from './test-client.ts';
import { createZohoSandbox } from './zoho-sandbox.ts';

async function setUp() {
    const sandbox = createZohoSandbox();
    const creds = sandbox.createOrg({ dc: 'us' });
    sandbox.addCustomField(creds.organization_id, {
        label: 'Salesforce Id',
        api_name: 'cf_salesforce_id',
        entity: 'invoice',
        is_unique: true
    });
    const zoho = booksClient(sandbox, creds);
    const contact = await zoho.post('/contacts', { contact_name: 'Acme' });
    const customerId = (contact.body.contact as { contact_id: string }).contact_id;
    return { zoho, customerId };
}

const headers = {
    'X-Unique-Identifier-Key': 'cf_salesforce_id',
    'X-Unique-Identifier-Value': '006A',
    'X-Upsert': 'true'
};

describe('zoho sandbox unique-field upsert', () => {
    it('stores the key from the body, so a repeated upsert updates the same invoice', async () => {
        const { zoho, customerId } = await setUp();
        const body = {
            customer_id: customerId,
            line_items: [{ name: 'Setup', rate: 10, quantity: 1 }],
            custom_fields: [{ api_name: 'cf_salesforce_id', value: '006A' }]
        };
        const first = await zoho.put('/invoices', body, { headers });
        const second = await zoho.put('/invoices', body, { headers });
        expect([first.status, second.status]).toEqual([201, 200]);
        const a = invoiceResponseSchema.parse(first.body).invoice;
        expect(invoiceResponseSchema.parse(second.body).invoice.invoice_id).toBe(a.invoice_id);
        expect(a.custom_field_hash).toMatchObject({ cf_salesforce_id: '006A' });
    });

    it('does not copy the header into the record: a body without the key creates twice', async () => {
        const { zoho, customerId } = await setUp();
        const body = {
            customer_id: customerId,
            line_items: [{ name: 'Setup', rate: 10, quantity: 1 }]
        };
        const first = await zoho.put('/invoices', body, { headers });
        const second = await zoho.put('/invoices', body, { headers });
        expect([first.status, second.status]).toEqual([201, 201]);
        const a = invoiceResponseSchema.parse(first.body).invoice;
        const b = invoiceResponseSchema.parse(second.body).invoice;
        expect(a.custom_fields ?? []).toEqual([]);
        expect(b.invoice_id).not.toBe(a.invoice_id);
    });
});
