import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { errorResponseSchema } from '../../src/zoho/schemas/responses.ts';
import { booksClient } from './test-client.ts';
import { createZohoSandbox } from './zoho-sandbox.ts';

const ENDPOINTS = [
    '/contacts',
    '/items',
    '/invoices',
    '/customerpayments',
    '/creditnotes',
    '/settings/taxes',
    '/settings/currencies',
    '/contacts/contactpersons'
];

/** Values shaped like what a confused client might send for Zoho fields. */
const fieldValue = fc.oneof(
    fc.string(),
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom('10%', '-5', '2026-02-30', '4600000000000001013', 'Net 15', ''),
    fc.array(
        fc.dictionary(
            fc.constantFrom(
                'item_id',
                'name',
                'rate',
                'quantity',
                'discount',
                'tax_id',
                'invoice_id',
                'amount_applied',
                'first_name',
                'value',
                'api_name'
            ),
            fc.oneof(fc.string(), fc.double(), fc.integer(), fc.constant(null))
        ),
        { maxLength: 3 }
    )
);
const body = fc.dictionary(
    fc.constantFrom(
        'contact_name',
        'customer_id',
        'line_items',
        'discount',
        'is_discount_before_tax',
        'payment_terms',
        'currency_id',
        'exchange_rate',
        'date',
        'due_date',
        'amount',
        'payment_mode',
        'invoices',
        'custom_fields',
        'contact_persons',
        'tax_name',
        'tax_percentage',
        'currency_code',
        'currency_format',
        'name',
        'rate',
        'contact_id',
        'first_name',
        'gst_treatment'
    ),
    fieldValue
);

describe('zoho sandbox robustness', () => {
    it('answers any malformed body with Zoho’s envelope, never a 500', async () => {
        const sandbox = createZohoSandbox({ limits: { requestsPerMinute: 1_000_000 } });
        const creds = sandbox.createOrg();
        const zoho = booksClient(sandbox, creds);
        const contact = await zoho.post('/contacts', { contact_name: 'Real customer' });
        const realId = (contact.body.contact as { contact_id: string }).contact_id;
        await fc.assert(
            fc.asyncProperty(
                fc.constantFrom(...ENDPOINTS),
                body,
                fc.boolean(),
                async (path, payload, real) => {
                    // Half the bodies name a real customer so validation reaches the deeper rules.
                    const sent = real
                        ? { ...payload, customer_id: realId, contact_id: realId }
                        : payload;
                    const res = await zoho.post(path, sent);
                    expect(res.status).toBeLessThan(500);
                    if (res.status >= 400)
                        expect(errorResponseSchema.safeParse(res.body).success).toBe(true);
                }
            ),
            { numRuns: 400 }
        );
    });

    it('answers non-object JSON bodies with code 1038', async () => {
        const sandbox = createZohoSandbox();
        const creds = sandbox.createOrg();
        for (const raw of ['[]', '"text"', '42', 'null']) {
            const res = await sandbox.app.request(
                `${creds.api_domain}/books/v3/contacts?organization_id=${creds.organization_id}`,
                {
                    method: 'POST',
                    headers: {
                        authorization: `Zoho-oauthtoken ${creds.access_token}`,
                        'content-type': 'application/json'
                    },
                    body: raw
                }
            );
            expect([res.status, ((await res.json()) as { code: number }).code]).toEqual([
                400, 1038
            ]);
        }
    });
});
