import { describe, expect, it } from 'vitest';

import { createApiKey } from '../src/store/api-keys.ts';
import { paymentsEnv, type PaymentsEnv } from './support/payments-env.ts';
import type { Record } from './support/invoice-env.ts';
import { testBackend, useTestDb } from './support/test-db.ts';

/**
 * Money back in Salesforce (F3) end to end against both simulators: a payment recorded in Zoho
 * reaches the deal, the invoice mirror, the payment mirrors and the account through Zoho's
 * webhook; a dropped webhook is repaired by the sweep; a replayed one changes nothing.
 */

let env: PaymentsEnv | undefined;
const testDb = useTestDb(async () => {
    await env?.close();
    env = undefined;
});

/** A won deal invoiced by the companion: its Opportunity id, Zoho invoice and customer. */
async function invoicedDeal(e: PaymentsEnv) {
    const opportunityId = e.seed.opportunities[0]!.salesforceId;
    e.closeDeals([opportunityId]);
    const opportunity = await e.waitFor(
        () => {
            const o = e.opportunity(opportunityId);
            return o.Zoho_Invoice_Id__c ? o : undefined;
        },
        20_000,
        'the invoice write-back'
    );
    const invoice = await e.zohoInvoice(String(opportunity.Zoho_Invoice_Id__c));
    await e.drained();
    return {
        opportunityId,
        accountId: String(opportunity.AccountId),
        invoiceId: String(invoice.invoice_id),
        customerId: String(invoice.customer_id),
        total: invoice.total as number
    };
}

const mirrors = (e: PaymentsEnv, sobject: string) => e.sf.records(e.sfOrg, sobject) as Record[];

/** What Salesforce shows of the money, to compare two ways of getting there. */
function moneyState(e: PaymentsEnv, deal: { opportunityId: string; accountId: string }) {
    const o = e.opportunity(deal.opportunityId);
    const a = e.account(deal.accountId);
    const pick = (r: Record, fields: string[]) => Object.fromEntries(fields.map((f) => [f, r[f]]));
    return {
        opportunity: pick(o, [
            'Zoho_Payment_Status__c',
            'Zoho_Amount_Paid__c',
            'Zoho_Balance__c',
            'Zoho_Invoice_Status__c'
        ]),
        account: pick(a, [
            'Zoho_Outstanding_Balance__c',
            'Zoho_Overdue_Balance__c',
            'Zoho_Unused_Credits__c'
        ]),
        invoices: mirrors(e, 'Zoho_Invoice__c').map((r) =>
            pick(r, ['Zoho_Invoice_Id__c', 'Status__c', 'Balance__c', 'Amount_Paid__c', 'Total__c'])
        ),
        payments: mirrors(e, 'Zoho_Payment__c').map((r) =>
            pick(r, ['Zoho_Payment_Id__c', 'Amount__c', 'Unused_Amount__c', 'Account__c'])
        ),
        allocations: mirrors(e, 'Zoho_Payment_Allocation__c').map((r) =>
            pick(r, ['Zoho_Allocation_Id__c', 'Amount_Applied__c'])
        )
    };
}

async function mirrorWrites(e: PaymentsEnv): Promise<number> {
    const [row] = await e.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM journal WHERE operation = 'payments.mirror'"
    );
    return row?.n ?? 0;
}

describe(`payments back in Salesforce (${testBackend})`, () => {
    it('shows a partial payment recorded in Zoho on the deal and the account, and tells open pages', async () => {
        env = await paymentsEnv(testDb.db);
        const deal = await invoicedDeal(env);
        const paid = Math.round(deal.total * 0.4 * 100) / 100;

        const payment = await env.recordPayment(deal.customerId, paid, [
            { invoice_id: deal.invoiceId, amount_applied: paid }
        ]);

        const opportunity = await env.waitFor(
            () => {
                const o = env!.opportunity(deal.opportunityId);
                return o.Zoho_Payment_Status__c === 'Partially_Paid' ? o : undefined;
            },
            15_000,
            'the payment status on the deal'
        );
        const balance = Math.round((deal.total - paid) * 100) / 100;
        expect(opportunity.Zoho_Amount_Paid__c).toBe(paid);
        expect(opportunity.Zoho_Balance__c).toBe(balance);
        expect(opportunity.Zoho_Invoice_Status__c).toBe('partially_paid');
        await env.drained();

        const contact = await env.zohoContact(deal.customerId);
        expect(contact.outstanding_receivable_amount).toBe(balance);
        expect(env.account(deal.accountId)).toMatchObject({
            Zoho_Outstanding_Balance__c: balance,
            Zoho_Overdue_Balance__c: 0,
            Zoho_Unused_Credits__c: 0
        });
        const mirror = mirrors(env, 'Zoho_Invoice__c').find(
            (m) => m.Zoho_Invoice_Id__c === deal.invoiceId
        );
        expect(mirror).toMatchObject({
            Opportunity__c: deal.opportunityId,
            Account__c: deal.accountId,
            Status__c: 'partially_paid',
            Balance__c: balance,
            Amount_Paid__c: paid,
            Is_Overdue__c: false
        });
        const paymentMirror = mirrors(env, 'Zoho_Payment__c').find(
            (p) => p.Zoho_Payment_Id__c === payment.payment_id
        );
        expect(paymentMirror).toMatchObject({ Amount__c: paid, Account__c: deal.accountId });
        const allocations = mirrors(env, 'Zoho_Payment_Allocation__c');
        expect(allocations).toHaveLength(1);
        expect(allocations[0]).toMatchObject({
            Zoho_Allocation_Id__c: `${String(payment.payment_id)}:${deal.invoiceId}`,
            Amount_Applied__c: paid,
            Zoho_Invoice__c: mirror!.Id,
            Zoho_Payment__c: paymentMirror!.Id
        });
        const events = env.sf.publishedEvents(env.sfOrg).map((ev) => ev.payload);
        expect(events).toContainEqual(
            expect.objectContaining({
                Record_Id__c: deal.accountId,
                Account_Id__c: deal.accountId,
                Change_Kind__c: 'balance'
            })
        );
        expect(events).toContainEqual(
            expect.objectContaining({
                Record_Id__c: deal.opportunityId,
                Change_Kind__c: 'payment'
            })
        );
    });

    it('restores the same state with the sweep when Zoho drops the webhooks', async () => {
        // The reference run: webhooks delivered.
        env = await paymentsEnv(testDb.db);
        const delivered = await invoicedDeal(env);
        await env.recordPayment(delivered.customerId, delivered.total, [
            { invoice_id: delivered.invoiceId, amount_applied: delivered.total }
        ]);
        await env.waitFor(
            () => env!.opportunity(delivered.opportunityId).Zoho_Payment_Status__c === 'Paid',
            15_000,
            'the paid deal'
        );
        await env.drained();
        const expected = moneyState(env, delivered);
        await env.close();
        env = undefined;
        await testDb.reset();

        // The same story with every webhook dropped after the invoice was made.
        env = await paymentsEnv(testDb.db);
        const deal = await invoicedDeal(env);
        env.pair.zoho.sandbox.setFault({ kind: 'webhook_drop', times: 0 });
        await env.recordPayment(deal.customerId, deal.total, [
            { invoice_id: deal.invoiceId, amount_applied: deal.total }
        ]);
        await env.drained();
        expect(env.deliveries().some((d) => d.status === 'dropped')).toBe(true);
        expect(env.opportunity(deal.opportunityId).Zoho_Payment_Status__c).not.toBe('Paid');

        // The next sweep period comes round.
        env.clock.advance(15 * 60_000);
        expect(await env.runtime.payments.sweep.schedule(15 * 60_000)).toBe(1);
        env.runtime.worker.poke();
        await env.waitFor(
            () => env!.opportunity(deal.opportunityId).Zoho_Payment_Status__c === 'Paid',
            15_000,
            'the deal repaired by the sweep'
        );
        await env.drained();
        const restored = moneyState(env, deal);
        const ids = (s: typeof expected) => ({
            ...s,
            invoices: s.invoices.map((i) => ({ ...i, Zoho_Invoice_Id__c: 'x' })),
            payments: s.payments.map((p) => ({ ...p, Zoho_Payment_Id__c: 'x', Account__c: 'x' })),
            allocations: s.allocations.map((a) => ({ ...a, Zoho_Allocation_Id__c: 'x' }))
        });
        expect(ids(restored)).toEqual(ids(expected));
        expect(restored.opportunity).toMatchObject({
            Zoho_Payment_Status__c: 'Paid',
            Zoho_Amount_Paid__c: deal.total,
            Zoho_Balance__c: 0
        });
        expect(restored.account.Zoho_Outstanding_Balance__c).toBe(0);
    });

    it('changes nothing when a webhook is replayed, or when the sweep finds nothing new', async () => {
        env = await paymentsEnv(testDb.db);
        const deal = await invoicedDeal(env);
        const paid = 100;
        await env.recordPayment(deal.customerId, paid, [
            { invoice_id: deal.invoiceId, amount_applied: paid }
        ]);
        await env.waitFor(
            () => env!.opportunity(deal.opportunityId).Zoho_Payment_Status__c === 'Partially_Paid',
            15_000,
            'the partial payment on the deal'
        );
        await env.drained();
        const before = {
            state: moneyState(env, deal),
            writes: await mirrorWrites(env),
            events: env.sf.publishedEvents(env.sfOrg).length
        };

        // Zoho (or an attacker with a captured request) sends the payment's webhook again.
        const delivery = env
            .deliveries()
            .find((d) => d.status === 'delivered' && d.body.startsWith('{"payment"'))!;
        const replay = await fetch(delivery.url, {
            method: delivery.method,
            headers: delivery.headers,
            body: delivery.body
        });
        expect(replay.status).toBe(200);
        expect(await replay.json()).toMatchObject({ accepted: 0, duplicates: 1 });

        // A sweep re-reads the same invoice and payment from Zoho: equal, so nothing is written.
        await env.runtime.payments.sweep.run(env.connectionId, {
            actor: 'test',
            correlationId: null
        });
        await env.drained();

        expect(await mirrorWrites(env)).toBe(before.writes);
        expect(env.sf.publishedEvents(env.sfOrg)).toHaveLength(before.events);
        expect(moneyState(env, deal)).toEqual(before.state);
    });
    it('leaves the invoices it made alone in the sweep while no money has touched them', async () => {
        env = await paymentsEnv(testDb.db, { deals: 3 });
        for (const o of env.seed.opportunities) env.closeDeals([o.salesforceId]);
        await env.waitFor(
            () =>
                env!.seed.opportunities.every(
                    (o) => env!.opportunity(o.salesforceId).Zoho_Invoice_Id__c
                ) || undefined,
            20_000,
            'the invoices'
        );
        await env.drained();

        const result = await env.runtime.payments.sweep.run(env.connectionId, {
            actor: 'test',
            correlationId: null
        });

        expect(result).toEqual([
            expect.objectContaining({ modified: 3, turnedOverdue: 0, written: 0 })
        ]);
        expect(await mirrorWrites(env)).toBe(0);
    });

    it('takes a payment deleted in Zoho back off the deal, its allocation zeroed', async () => {
        env = await paymentsEnv(testDb.db);
        const deal = await invoicedDeal(env);
        const payment = await env.recordPayment(deal.customerId, 300, [
            { invoice_id: deal.invoiceId, amount_applied: 300 }
        ]);
        await env.waitFor(
            () => env!.opportunity(deal.opportunityId).Zoho_Payment_Status__c === 'Partially_Paid',
            15_000,
            'the partial payment'
        );
        await env.drained();

        // Often within the second of the payment's edit: Zoho's modified time alone may not differ.
        const deleted = await env.books.del(`/customerpayments/${String(payment.payment_id)}`);
        expect(deleted.status).toBe(200);

        const opportunity = await env.waitFor(
            () => {
                const o = env!.opportunity(deal.opportunityId);
                return o.Zoho_Payment_Status__c === 'Unpaid' ? o : undefined;
            },
            15_000,
            'the deal back to unpaid'
        );
        expect(opportunity).toMatchObject({ Zoho_Amount_Paid__c: 0, Zoho_Balance__c: deal.total });
        await env.drained();
        expect(mirrors(env, 'Zoho_Payment_Allocation__c')).toEqual([
            expect.objectContaining({
                Zoho_Allocation_Id__c: `${String(payment.payment_id)}:${deal.invoiceId}`,
                Amount_Applied__c: 0
            })
        ]);
    });
    it('shows a credit note as unused credit, then as credit applied to the invoice', async () => {
        env = await paymentsEnv(testDb.db);
        const deal = await invoicedDeal(env);
        await env.books.post(`/invoices/${deal.invoiceId}/status/sent`);
        const made = await env.books.post('/creditnotes', {
            customer_id: deal.customerId,
            line_items: [{ name: 'Goodwill', rate: 100, quantity: 1 }]
        });
        expect(made.status).toBe(201);
        const noteId = String((made.body.creditnote as Record).creditnote_id);
        await env.waitFor(
            () => env!.account(deal.accountId).Zoho_Unused_Credits__c === 100 || undefined,
            15_000,
            'the credit note as unused credit'
        );

        const applied = await env.books.post(`/creditnotes/${noteId}/invoices`, {
            invoices: [{ invoice_id: deal.invoiceId, amount_applied: 100 }]
        });
        expect(applied.status).toBe(200);
        const opportunity = await env.waitFor(
            () => {
                const o = env!.opportunity(deal.opportunityId);
                return o.Zoho_Payment_Status__c === 'Partially_Paid' ? o : undefined;
            },
            15_000,
            'the credit on the deal'
        );
        const balance = Math.round((deal.total - 100) * 100) / 100;
        expect(opportunity).toMatchObject({ Zoho_Amount_Paid__c: 0, Zoho_Balance__c: balance });
        await env.drained();
        expect(
            mirrors(env, 'Zoho_Invoice__c').find((m) => m.Zoho_Invoice_Id__c === deal.invoiceId)
        ).toMatchObject({ Credits_Applied__c: 100, Amount_Paid__c: 0, Balance__c: balance });
        expect(env.account(deal.accountId)).toMatchObject({
            Zoho_Unused_Credits__c: 0,
            Zoho_Outstanding_Balance__c: balance
        });
    });

    it('leaves Salesforce alone while the payments flow is switched off in the package', async () => {
        env = await paymentsEnv(testDb.db);
        const deal = await invoicedDeal(env);
        env.sf.deployMetadata(env.sfOrg, 'Closebooks_Setting__mdt', 'Default', {
            Payments_Flow_Enabled__c: false
        });
        await env.recordPayment(deal.customerId, 100, [
            { invoice_id: deal.invoiceId, amount_applied: 100 }
        ]);
        await env.waitFor(
            async () => {
                const [row] = await env!.db.query<{ n: number }>(
                    "SELECT count(*)::int AS n FROM jobs WHERE kind = 'salesforce.payment.sync' AND state = 'done'"
                );
                return row?.n === 1 || undefined;
            },
            15_000,
            'the payment hint handled'
        );
        await env.drained();
        expect(await mirrorWrites(env)).toBe(0);
        expect(env.opportunity(deal.opportunityId).Zoho_Amount_Paid__c).toBeUndefined();
    });
});

describe(`payments made directly in Zoho (${testBackend})`, () => {
    it('mirrors an invoice and payment made in Zoho under the linked account, with no deal', async () => {
        env = await paymentsEnv(testDb.db);
        const deal = await invoicedDeal(env);
        const item = (await env.zohoState()).items[0]!;
        const made = await env.books.post('/invoices', {
            customer_id: deal.customerId,
            date: '2026-11-02',
            due_date: '2026-11-30',
            line_items: [{ item_id: item.item_id, rate: 250, quantity: 2 }]
        });
        expect(made.status).toBe(201);
        const invoiceId = String((made.body.invoice as Record).invoice_id);
        await env.books.post(`/invoices/${invoiceId}/status/sent`);
        const total = (await env.zohoInvoice(invoiceId)).total as number;

        const payment = await env.recordPayment(deal.customerId, total + 50, [
            { invoice_id: invoiceId, amount_applied: total }
        ]);

        const mirror = await env.waitFor(
            () =>
                mirrors(env!, 'Zoho_Invoice__c').find(
                    (m) => m.Zoho_Invoice_Id__c === invoiceId && m.Status__c === 'paid'
                ),
            15_000,
            'the mirror of the Zoho-made invoice'
        );
        expect(mirror.Account__c).toBe(deal.accountId);
        expect(mirror.Opportunity__c ?? null).toBeNull();
        await env.drained();
        expect(
            mirrors(env, 'Zoho_Payment__c').find((p) => p.Zoho_Payment_Id__c === payment.payment_id)
        ).toMatchObject({
            Account__c: deal.accountId,
            Amount__c: total + 50,
            Unused_Amount__c: 50
        });
        // The over-payment is an unused credit on the account; the deal's invoice is untouched.
        const contact = await env.zohoContact(deal.customerId);
        expect(contact.unused_credits_receivable_amount).toBe(50);
        expect(env.account(deal.accountId)).toMatchObject({
            Zoho_Unused_Credits__c: 50,
            Zoho_Outstanding_Balance__c: contact.outstanding_receivable_amount
        });
        const touched = await env.db.query<{ subject: string }>(
            "SELECT subject FROM journal WHERE operation = 'payments.mirror'"
        );
        expect(touched.map((r) => r.subject)).not.toContain(`invoice-payments:${deal.invoiceId}`);
        expect(env.opportunity(deal.opportunityId).Zoho_Payment_Status__c).toBeUndefined();
    });

    it('mirrors one payment of two invoices once, with an allocation to each', async () => {
        env = await paymentsEnv(testDb.db);
        const deal = await invoicedDeal(env);
        await env.books.post(`/invoices/${deal.invoiceId}/status/sent`);
        const item = (await env.zohoState()).items[0]!;
        const made = await env.books.post('/invoices', {
            customer_id: deal.customerId,
            line_items: [{ item_id: item.item_id, rate: 100, quantity: 1 }]
        });
        const otherId = String((made.body.invoice as Record).invoice_id);
        await env.books.post(`/invoices/${otherId}/status/sent`);
        await env.drained();
        const before = await env.db.query<{ id: string }>('SELECT id::text FROM writebacks');

        const payment = await env.recordPayment(deal.customerId, 150, [
            { invoice_id: deal.invoiceId, amount_applied: 50 },
            { invoice_id: otherId, amount_applied: 100 }
        ]);
        await env.waitFor(
            () => (mirrors(env!, 'Zoho_Payment_Allocation__c').length === 2 ? true : undefined),
            15_000,
            'both allocations'
        );
        await env.drained();

        const paymentId = String(payment.payment_id);
        expect(
            mirrors(env, 'Zoho_Payment_Allocation__c')
                .map((a) => [a.Zoho_Allocation_Id__c, a.Amount_Applied__c])
                .sort()
        ).toEqual(
            [
                [`${paymentId}:${deal.invoiceId}`, 50],
                [`${paymentId}:${otherId}`, 100]
            ].sort()
        );
        expect(mirrors(env, 'Zoho_Payment__c')).toEqual([
            expect.objectContaining({ Zoho_Payment_Id__c: paymentId, Amount__c: 150 })
        ]);
        // Each change sent carries the payment at most once between them.
        const rows = await env.db.query<{ payload: { records: { sobject: string }[] } }>(
            'SELECT payload FROM writebacks WHERE NOT (id::text = ANY($1::text[]))',
            [before.map((r) => r.id)]
        );
        const upserts = rows
            .flatMap((r) => r.payload.records)
            .filter((r) => r.sobject === 'Zoho_Payment__c');
        expect(upserts).toHaveLength(1);
    });

    it('reports a payment of a Zoho customer with no Salesforce account, once, in the journal', async () => {
        env = await paymentsEnv(testDb.db);
        await invoicedDeal(env);
        const contact = await env.books.post('/contacts', {
            contact_name: 'Walk-in Customer Ltd',
            contact_type: 'customer'
        });
        const customerId = String((contact.body.contact as Record).contact_id);
        const item = (await env.zohoState()).items[0]!;
        const made = await env.books.post('/invoices', {
            customer_id: customerId,
            line_items: [{ item_id: item.item_id, rate: 80, quantity: 1 }]
        });
        const invoiceId = String((made.body.invoice as Record).invoice_id);
        await env.recordPayment(customerId, 80, [{ invoice_id: invoiceId, amount_applied: 80 }]);
        await env.drained();
        await env.runtime.payments.sweep.run(env.connectionId, {
            actor: 'test',
            correlationId: null
        });

        const key = (await createApiKey(env.db, { name: 'ops', scopes: ['admin:read'] })).token;
        const res = await fetch(
            `${env.server.url}/v1/admin/journal?connectionId=${env.connectionId}`,
            { headers: { authorization: `Bearer ${key}` } }
        );
        const { entries } = (await res.json()) as { entries: Record[] };
        const reports = entries.filter((e) => e.operation === 'payments.unlinked_customer');
        expect(reports.length).toBeGreaterThan(0);
        expect(reports.every((r) => r.subject === customerId && r.outcome === 'error')).toBe(true);
        const reported = reports.flatMap((r) => (r.detail as { records: string[] }).records);
        expect(reported).toContain(
            `invoice ${String((made.body.invoice as Record).invoice_number)} (${invoiceId})`
        );
        // The sweep found the same records again and did not report them a second time.
        const distinct = new Set(reports.map((r) => JSON.stringify((r.detail as Record).records)));
        expect(distinct.size).toBe(reports.length);
        expect(
            mirrors(env, 'Zoho_Invoice__c').some((m) => m.Zoho_Invoice_Id__c === invoiceId)
        ).toBe(false);
    });
});
