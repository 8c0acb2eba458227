import { describe, expect, it } from 'vitest';

import { createSandboxClock } from '../sandbox/clock.ts';
import { booksClient } from '../sandbox/zoho/test-client.ts';
import { invoiceEnv, type InvoiceEnv, type Record } from './support/invoice-env.ts';
import { PAYMENTS_START } from './support/payments-env.ts';
import { testBackend, useTestDb } from './support/test-db.ts';

/**
 * Sandbox mode registers the Zoho simulator's webhooks for the demo connection: a payment
 * recorded in the simulator reaches the deal through the webhook door within seconds, with no
 * admin set-up and no wait for the 15-minute payment sweep.
 */

let env: InvoiceEnv | undefined;
const testDb = useTestDb(async () => {
    await env?.close();
    env = undefined;
});

describe(`sandbox mode webhooks (${testBackend})`, () => {
    it('brings a demo payment to the deal by webhook within seconds', async () => {
        env = await invoiceEnv(testDb.db, {
            deals: 1,
            webhooks: true,
            clock: createSandboxClock({ startAt: PAYMENTS_START })
        });
        const e = env;
        const opportunityId = e.seed.opportunities[0]!.salesforceId;
        e.closeDeals([opportunityId]);
        const invoiceId = await e.waitFor(
            () => e.opportunity(opportunityId).Zoho_Invoice_Id__c as string | undefined,
            20_000,
            'the invoice write-back'
        );
        const books = booksClient(e.pair.zoho.sandbox, e.pair.zoho.credentials);
        const invoice = (await books.get(`/invoices/${invoiceId}`)).body.invoice as Record;
        const paid = Math.round((invoice.total as number) * 0.5 * 100) / 100;
        const res = await books.post('/customerpayments', {
            customer_id: invoice.customer_id,
            payment_mode: 'banktransfer',
            amount: paid,
            date: new Date(e.clock.now()).toISOString().slice(0, 10),
            invoices: [{ invoice_id: invoiceId, amount_applied: paid }]
        });
        expect(res.status).toBe(201);

        const opportunity = await e.waitFor(
            () => {
                const o = e.opportunity(opportunityId);
                return o.Zoho_Payment_Status__c === 'Partially_Paid' ? o : undefined;
            },
            5_000,
            'the payment status on the deal'
        );
        expect(opportunity.Zoho_Amount_Paid__c).toBe(paid);
        const payments = e.pair.zoho.sandbox.webhooks
            .deliveries(e.zohoOrg)
            .filter((d) => d.body.includes('"payment"'));
        expect(payments.length).toBeGreaterThan(0);
        expect(payments.every((d) => d.status === 'delivered')).toBe(true);
        const [row] = await e.db.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM inbox WHERE source = 'zoho' AND type LIKE '%payment%'"
        );
        expect(row?.n).toBeGreaterThan(0);
    });
});
