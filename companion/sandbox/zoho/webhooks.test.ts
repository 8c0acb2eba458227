import { describe, expect, it } from 'vitest';

import {
    contactWebhookSchema,
    creditNoteWebhookSchema,
    invoiceWebhookSchema,
    paymentWebhookSchema
} from '../../src/zoho/schemas/responses.ts';
import { parseZohoJson } from '../../src/zoho/json.ts';
import { createSandboxClock } from '../clock.ts';
import { signingString, verifyWebhookSignature } from './signature.ts';
import { booksClient } from './test-client.ts';
import { createZohoSandbox } from './zoho-sandbox.ts';

type Received = { url: URL; method: string; headers: Headers; body: string };

function receiver(statuses: number[] = []) {
    const received: Received[] = [];
    const fetchFake: typeof fetch = async (input, init) => {
        const request = new Request(input, init);
        received.push({
            url: new URL(request.url),
            method: request.method,
            headers: request.headers,
            body: await request.text()
        });
        return new Response(null, { status: statuses.shift() ?? 200 });
    };
    return { received, fetch: fetchFake };
}

async function setUp(statuses?: number[]) {
    const rx = receiver(statuses);
    const sandbox = createZohoSandbox({
        fetch: rx.fetch,
        clock: createSandboxClock({ startAt: Date.UTC(2026, 0, 15), scale: 0 })
    });
    const creds = sandbox.createOrg();
    const zoho = booksClient(sandbox, creds);
    const contact = await zoho.post('/contacts', { contact_name: 'Bowman and Co' });
    const customerId = (contact.body.contact as { contact_id: string }).contact_id;
    const createInvoice = async (reference: string) => {
        const res = await zoho.post('/invoices', {
            customer_id: customerId,
            reference_number: reference,
            line_items: [{ name: 'x', rate: 100 }]
        });
        return (res.body.invoice as { invoice_id: string }).invoice_id;
    };
    return { sandbox, creds, zoho, customerId, createInvoice, received: rx.received };
}

const SECRET = 'cl0sebooksSecret42';

describe('zoho sandbox webhooks', () => {
    it('signs the default payload so it verifies with the secret and fails when one byte changes', async () => {
        const { sandbox, creds, createInvoice, received } = await setUp();
        sandbox.addWebhook(creds.organization_id, {
            module: 'invoice',
            events: ['created'],
            url: 'https://companion.example/v1/zoho/webhooks?conn=abc',
            headers: { 'X-Closebooks-Event': 'invoice.created' },
            query_parameters: { token: 't0k', a_first: '1' },
            secret: SECRET
        });
        const invoiceId = await createInvoice('W-1');
        await sandbox.webhooks.flush();
        expect(received).toHaveLength(1);
        const [hit] = received as [Received];
        expect(hit.method).toBe('POST');
        expect(hit.headers.get('x-closebooks-event')).toBe('invoice.created');
        expect(invoiceWebhookSchema.parse(parseZohoJson(hit.body)).invoice.invoice_id).toBe(
            invoiceId
        );

        const params = Object.fromEntries(hit.url.searchParams);
        expect(signingString(params, hit.body).startsWith('a_first1connabctokent0k{')).toBe(true);
        const signature = hit.headers.get('x-zoho-webhook-signature') ?? '';
        expect(signature).toMatch(/^[0-9a-f]{64}$/);
        expect(verifyWebhookSignature(SECRET, params, hit.body, signature)).toBe(true);
        const tampered = hit.body.replace('"W-1"', '"W-2"');
        expect(tampered).not.toBe(hit.body);
        expect(verifyWebhookSignature(SECRET, params, tampered, signature)).toBe(false);
        expect(verifyWebhookSignature('another-secret-1', params, hit.body, signature)).toBe(false);
    });

    it('fires only when the criteria match (invoice edited with status paid)', async () => {
        const { sandbox, creds, zoho, customerId, createInvoice, received } = await setUp();
        sandbox.addWebhook(creds.organization_id, {
            module: 'invoice',
            events: ['edited'],
            criteria: { status: 'paid' },
            url: 'https://hook.example/paid'
        });
        const invoiceId = await createInvoice('W-2');
        await zoho.post(`/invoices/${invoiceId}/status/sent`);
        const pay = (amount: number) =>
            zoho.post('/customerpayments', {
                customer_id: customerId,
                payment_mode: 'cash',
                amount,
                date: '2026-01-15',
                invoices: [{ invoice_id: invoiceId, amount_applied: amount }]
            });
        await pay(40);
        await sandbox.webhooks.flush();
        expect(received).toHaveLength(0);
        await pay(60);
        await sandbox.webhooks.flush();
        expect(
            received.map((r) => invoiceWebhookSchema.parse(parseZohoJson(r.body)).invoice.status)
        ).toEqual(['paid']);
    });

    it('retries a failed delivery at growing intervals of the simulator clock', async () => {
        const { sandbox, creds, createInvoice, received } = await setUp([500, 503]);
        sandbox.addWebhook(creds.organization_id, {
            module: 'invoice',
            events: ['created'],
            url: 'https://hook.example/r'
        });
        await createInvoice('W-3');
        await sandbox.webhooks.flush();
        expect(received).toHaveLength(1);
        sandbox.clock.advance(59_000);
        await sandbox.webhooks.flush();
        expect(received).toHaveLength(1);
        sandbox.clock.advance(1_000);
        await sandbox.webhooks.flush();
        expect(received).toHaveLength(2);
        sandbox.clock.advance(300_000);
        await sandbox.webhooks.flush();
        expect(received).toHaveLength(3);
        expect(sandbox.webhooks.deliveries()[0]).toMatchObject({
            status: 'delivered',
            attempts: 3,
            responses: [500, 503, 200]
        });
    });

    it.each([
        { name: 'dropped', kind: 'webhook_drop' as const, want: ['W-B'] },
        { name: 'duplicated', kind: 'webhook_duplicate' as const, want: ['W-A', 'W-A', 'W-B'] },
        { name: 'reordered', kind: 'webhook_reorder' as const, want: ['W-B', 'W-A'] }
    ])('delivers $name webhooks on a fault', async ({ kind, want }) => {
        const { sandbox, creds, createInvoice, received } = await setUp();
        sandbox.addWebhook(creds.organization_id, {
            module: 'invoice',
            events: ['created'],
            url: 'https://hook.example/f'
        });
        sandbox.setFault({ kind });
        await createInvoice('W-A');
        await sandbox.webhooks.drain();
        await createInvoice('W-B');
        await sandbox.webhooks.flush();
        expect(
            received.map(
                (r) => invoiceWebhookSchema.parse(parseZohoJson(r.body)).invoice.reference_number
            )
        ).toEqual(want);
    });

    it('delivers contact, payment and credit-note payloads under their module keys', async () => {
        const { sandbox, creds, zoho, customerId, createInvoice, received } = await setUp();
        for (const module of ['contact', 'customerpayment', 'creditnote'] as const)
            sandbox.addWebhook(creds.organization_id, {
                module,
                events: ['created', 'edited'],
                url: `https://hook.example/${module}`
            });
        await zoho.put(`/contacts/${customerId}`, { contact_name: 'Bowman & Co' });
        const invoiceId = await createInvoice('W-4');
        await zoho.post('/customerpayments', {
            customer_id: customerId,
            payment_mode: 'cash',
            amount: 10,
            date: '2026-01-15',
            invoices: [{ invoice_id: invoiceId, amount_applied: 10 }]
        });
        await zoho.post('/creditnotes', {
            customer_id: customerId,
            line_items: [{ name: 'c', rate: 1 }]
        });
        await sandbox.webhooks.flush();
        const bodies = received.map((r) => parseZohoJson(r.body) as unknown);
        expect(contactWebhookSchema.parse(bodies[0]).contact.contact_name).toBe('Bowman & Co');
        expect(paymentWebhookSchema.parse(bodies[1]).payment.amount).toBe(10);
        expect(creditNoteWebhookSchema.parse(bodies[2]).creditnote.total).toBe(1);
    });

    it('writes ids as bare JSON numbers, as live default payloads do, unless told not to', async () => {
        const { sandbox, creds, createInvoice, received } = await setUp();
        for (const ids_as_numbers of [true, false])
            sandbox.addWebhook(creds.organization_id, {
                module: 'invoice',
                events: ['created'],
                url: `https://companion.example/hook?numbers=${ids_as_numbers}`,
                ids_as_numbers
            });
        const invoiceId = await createInvoice('SF-NUM');
        await sandbox.webhooks.flush();
        const body = (numbers: boolean) =>
            received.find((r) => r.url.searchParams.get('numbers') === String(numbers))!.body;
        expect(body(true)).toContain(`"invoice_id":${invoiceId}`);
        expect(body(false)).toContain(`"invoice_id":"${invoiceId}"`);
        expect(invoiceWebhookSchema.parse(parseZohoJson(body(true))).invoice.invoice_id).toBe(
            invoiceId
        );
    });

    it('fires a webhook created through /settings/webhooks', async () => {
        const { sandbox, zoho, createInvoice, received } = await setUp();
        const created = await zoho.post('/settings/webhooks', {
            webhook_name: 'Invoices',
            entity: 'invoice',
            url: 'https://companion.example/hook',
            query_parameters: [{ param_name: 'conn', param_value: 'c1' }],
            headers: [{ param_name: 'X-Closebooks-Secret', param_value: 'shh' }],
            secret: SECRET
        });
        expect(created.status).toBe(201);
        await createInvoice('W-5');
        await sandbox.webhooks.flush();
        const [hit] = received as [Received];
        expect(hit.headers.get('x-closebooks-secret')).toBe('shh');
        expect(
            verifyWebhookSignature(
                SECRET,
                { conn: 'c1' },
                hit.body,
                hit.headers.get('x-zoho-webhook-signature') ?? ''
            )
        ).toBe(true);
        expect(
            (
                await zoho.post('/settings/webhooks', {
                    webhook_name: 'x',
                    entity: 'invoice',
                    url: 'https://h.example',
                    secret: 'short'
                })
            ).body.code
        ).toBe(2);
    });

    it('refuses a secret Zoho would refuse (12–50 alphanumerics)', () => {
        const sandbox = createZohoSandbox();
        const creds = sandbox.createOrg();
        expect(() =>
            sandbox.addWebhook(creds.organization_id, {
                module: 'invoice',
                events: ['created'],
                url: 'https://h.example',
                secret: 'short'
            })
        ).toThrow();
    });
});
