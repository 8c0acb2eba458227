import { describe, expect, it } from 'vitest';

import {
    contactPersonsResponseSchema,
    contactResponseSchema
} from '../../src/zoho/schemas/responses.ts';
import { booksClient } from './test-client.ts';
import { createZohoSandbox } from './zoho-sandbox.ts';

function setUp(dc: 'us' | 'in' | 'eu' | 'sa' = 'us', edition?: 'uk') {
    const sandbox = createZohoSandbox();
    const creds = sandbox.createOrg({ dc, edition });
    return { sandbox, creds, zoho: booksClient(sandbox, creds) };
}

describe('zoho sandbox contacts', () => {
    it('keeps contact persons and the primary one, flattening it onto the contact', async () => {
        const { zoho } = setUp();
        const created = contactResponseSchema.parse(
            (
                await zoho.post('/contacts', {
                    contact_name: 'Bowman and Co',
                    contact_persons: [
                        { first_name: 'Will', email: 'will@b.example' },
                        { first_name: 'Jada', email: 'jada@b.example' }
                    ]
                })
            ).body
        ).contact;
        expect(created).toMatchObject({
            email: 'will@b.example',
            first_name: 'Will',
            contact_type: 'customer',
            status: 'active'
        });
        const jada = created.contact_persons?.find((p) => p.first_name === 'Jada');
        await zoho.post(`/contacts/contactpersons/${jada?.contact_person_id}/primary`);
        const after = contactResponseSchema.parse(
            (await zoho.get(`/contacts/${created.contact_id}`)).body
        ).contact;
        expect(after).toMatchObject({
            email: 'jada@b.example',
            primary_contact_id: jada?.contact_person_id
        });
        const persons = contactPersonsResponseSchema.parse(
            (await zoho.get(`/contacts/${created.contact_id}/contactpersons`)).body
        );
        expect(
            persons.contact_persons.filter((p) => p.is_primary_contact).map((p) => p.first_name)
        ).toEqual(['Jada']);
        expect(
            (await zoho.post('/contacts/contactpersons', { contact_id: created.contact_id })).body
                .code
        ).toBe(2);
    });

    it('upserts contacts on a unique custom field, storing the key only from the body', async () => {
        const { sandbox, creds, zoho } = setUp();
        sandbox.addCustomField(creds.organization_id, {
            label: 'SF Account Id',
            entity: 'contact',
            is_unique: true
        });
        const headers = {
            'X-Unique-Identifier-Key': 'cf_sf_account_id',
            'X-Unique-Identifier-Value': '001XYZ',
            'X-Upsert': 'true'
        };
        const key = [{ api_name: 'cf_sf_account_id', value: '001XYZ' }];
        const first = await zoho.put(
            '/contacts',
            { contact_name: 'Acme', contact_type: 'customer', custom_fields: key },
            { headers }
        );
        const second = await zoho.put(
            '/contacts',
            { contact_name: 'Acme Inc', contact_type: 'customer', custom_fields: key },
            { headers }
        );
        expect([first.status, second.status]).toEqual([201, 200]);
        const a = contactResponseSchema.parse(first.body).contact;
        const b = contactResponseSchema.parse(second.body).contact;
        expect(b.contact_id).toBe(a.contact_id);
        expect(b).toMatchObject({
            contact_name: 'Acme Inc',
            custom_field_hash: { cf_sf_account_id: '001XYZ' }
        });
        // contact_type is required on the upsert.
        expect((await zoho.put('/contacts', { contact_name: 'Acme' }, { headers })).body.code).toBe(
            2
        );
    });

    it('does not copy the upsert header into a created contact', async () => {
        const { sandbox, creds, zoho } = setUp();
        sandbox.addCustomField(creds.organization_id, {
            label: 'SF Account Id',
            entity: 'contact',
            is_unique: true
        });
        const headers = {
            'X-Unique-Identifier-Key': 'cf_sf_account_id',
            'X-Unique-Identifier-Value': '001NOKEY',
            'X-Upsert': 'true'
        };
        const body = { contact_name: 'Keyless', contact_type: 'customer' };
        const first = await zoho.put('/contacts', body, { headers });
        const second = await zoho.put('/contacts', body, { headers });
        expect([first.status, second.status]).toEqual([201, 201]);
        const a = contactResponseSchema.parse(first.body).contact;
        const b = contactResponseSchema.parse(second.body).contact;
        expect(a.custom_fields ?? []).toEqual([]);
        expect(b.contact_id).not.toBe(a.contact_id);
    });

    it.each([
        {
            name: 'GST treatment in the India edition',
            dc: 'in' as const,
            body: {
                gst_treatment: 'business_gst',
                gst_no: '22AAAAA0000A1Z5',
                place_of_contact: 'TN'
            },
            status: 201
        },
        {
            name: 'GST treatment in the US edition',
            dc: 'us' as const,
            body: { gst_treatment: 'business_gst' },
            status: 400
        },
        {
            name: 'unknown GST treatment',
            dc: 'in' as const,
            body: { gst_treatment: 'vip' },
            status: 400
        },
        {
            name: 'VAT treatment in the UK edition',
            dc: 'eu' as const,
            edition: 'uk' as const,
            body: { vat_treatment: 'uk', vat_reg_no: 'GB123456789' },
            status: 201
        },
        {
            name: 'GCC tax treatment in Saudi Arabia',
            dc: 'sa' as const,
            body: { tax_treatment: 'vat_registered', tax_reg_no: '300000000000003' },
            status: 201
        },
        {
            name: 'GCC tax treatment in the EU edition',
            dc: 'eu' as const,
            body: { tax_treatment: 'vat_registered' },
            status: 400
        }
    ])('edition fields: $name', async ({ dc, edition, body, status }) => {
        const { zoho } = setUp(dc, edition);
        const res = await zoho.post('/contacts', { contact_name: 'Regional', ...body });
        expect(res.status).toBe(status);
        if (status === 201) expect(res.body.contact).toMatchObject(body);
        else expect(res.body.code).toBe(2);
    });

    it('reports outstanding and unused credits, and refuses deleting a contact with invoices', async () => {
        const { zoho } = setUp();
        const contact = contactResponseSchema.parse(
            (await zoho.post('/contacts', { contact_name: 'C' })).body
        ).contact;
        const inv = await zoho.post(
            '/invoices',
            { customer_id: contact.contact_id, line_items: [{ name: 'x', rate: 80 }] },
            { query: { send: 'true' } }
        );
        const invoiceId = (inv.body.invoice as { invoice_id: string; status: string }).invoice_id;
        expect((inv.body.invoice as { status: string }).status).toBe('sent');
        await zoho.post('/customerpayments', {
            customer_id: contact.contact_id,
            payment_mode: 'cash',
            amount: 100,
            date: '2026-01-15',
            invoices: [{ invoice_id: invoiceId, amount_applied: 30 }]
        });
        const after = contactResponseSchema.parse(
            (await zoho.get(`/contacts/${contact.contact_id}`)).body
        ).contact;
        // 80 − 30 = 50 outstanding; 100 − 30 = 70 unused
        expect(after).toMatchObject({
            outstanding_receivable_amount: 50,
            unused_credits_receivable_amount: 70
        });
        expect((await zoho.del(`/contacts/${contact.contact_id}`)).status).toBe(400);
    });
});
