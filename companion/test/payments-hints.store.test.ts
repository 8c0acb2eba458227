import { describe, expect, it } from 'vitest';

import { enqueue } from '../src/store/jobs.ts';
import { INVOICE_SYNC_JOB } from '../src/sync/payments/flow.ts';
import type { Record } from './support/invoice-env.ts';
import { paymentsEnv, type PaymentsEnv } from './support/payments-env.ts';
import { testBackend, useTestDb } from './support/test-db.ts';

/**
 * What an invoice webhook costs (flow F3): Zoho announces a payment twice, by the payment's
 * webhook and by the invoice's; the second finds the invoice exactly as the first mirrored it
 * and stops after reading it, while an invoice changed in Zoho since is synced in full.
 */

let env: PaymentsEnv | undefined;
const testDb = useTestDb(async () => {
    await env?.close();
    env = undefined;
});

/** The companion's Books API calls, counted at its own fetch. */
function countingFetch() {
    const counter = { books: 0 };
    const counted: typeof fetch = (input, init) => {
        const url = input instanceof Request ? input.url : String(input);
        if (url.includes('/api/books/v3/')) counter.books += 1;
        return fetch(input, init);
    };
    return { counter, fetch: counted };
}

async function paidDeal(e: PaymentsEnv) {
    const opportunityId = e.seed.opportunities[0]!.salesforceId;
    e.closeDeals([opportunityId]);
    const invoiceId = await e.waitFor(
        () => e.opportunity(opportunityId).Zoho_Invoice_Id__c as string | undefined,
        20_000,
        'the invoice write-back'
    );
    const invoice = await e.zohoInvoice(invoiceId);
    await e.drained();
    await e.recordPayment(String(invoice.customer_id), 100, [
        { invoice_id: invoiceId, amount_applied: 100 }
    ]);
    await e.waitFor(
        () => e.opportunity(opportunityId).Zoho_Payment_Status__c === 'Partially_Paid',
        15_000,
        'the partial payment on the deal'
    );
    await e.drained();
    return { opportunityId, invoiceId };
}

async function runInvoiceHint(e: PaymentsEnv, invoiceId: string) {
    await enqueue(e.db, {
        kind: INVOICE_SYNC_JOB,
        partitionKey: `salesforce:${e.connectionId}`,
        connectionId: e.connectionId,
        payload: { organizationId: e.zohoOrg, recordId: invoiceId }
    });
    await e.drained();
}

const writes = async (e: PaymentsEnv) =>
    (
        await e.db.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM journal WHERE operation = 'payments.mirror'"
        )
    )[0]?.n;

const invoiceMirror = (e: PaymentsEnv, invoiceId: string) =>
    (e.sf.records(e.sfOrg, 'Zoho_Invoice__c') as Record[]).find(
        (r) => r.Zoho_Invoice_Id__c === invoiceId
    );

describe(`invoice webhooks after a payment (${testBackend})`, () => {
    it('reads only the invoice, and changes nothing, when it is the version already mirrored', async () => {
        const counting = countingFetch();
        env = await paymentsEnv(testDb.db, { fetch: counting.fetch });
        const deal = await paidDeal(env);
        const before = {
            writes: await writes(env),
            events: env.sf.publishedEvents(env.sfOrg).length,
            mirror: invoiceMirror(env, deal.invoiceId),
            calls: counting.counter.books
        };

        await runInvoiceHint(env, deal.invoiceId);

        expect(counting.counter.books - before.calls).toBe(1);
        expect(await writes(env)).toBe(before.writes);
        expect(env.sf.publishedEvents(env.sfOrg)).toHaveLength(before.events);
        expect(invoiceMirror(env, deal.invoiceId)).toEqual(before.mirror);
    });

    it('leaves out of the sweep an invoice whose listed version its webhooks already mirrored', async () => {
        const counting = countingFetch();
        env = await paymentsEnv(testDb.db, { fetch: counting.fetch });
        await paidDeal(env);
        const before = { writes: await writes(env), calls: counting.counter.books };

        const result = await env.runtime.payments.sweep.run(env.connectionId, {
            actor: 'test',
            correlationId: null
        });
        await env.drained();

        // Its two lists (modified invoices, past-due invoices) and nothing more.
        expect(counting.counter.books - before.calls).toBe(2);
        expect(result).toEqual([expect.objectContaining({ modified: 1, written: 0 })]);
        expect(await writes(env)).toBe(before.writes);
    });

    it('syncs an invoice edited in Zoho after it was mirrored in full', async () => {
        const counting = countingFetch();
        env = await paymentsEnv(testDb.db, { fetch: counting.fetch });
        const deal = await paidDeal(env);
        const dueDate = '2026-12-24';
        expect(invoiceMirror(env, deal.invoiceId)?.Due_Date__c).not.toBe(dueDate);

        // Only the invoice's webhook tells of an edit: its job alone brings the mirror up to date.
        const edited = await env.books.put(`/invoices/${deal.invoiceId}`, { due_date: dueDate });
        expect(edited.status).toBe(200);
        await env.waitFor(
            () => invoiceMirror(env!, deal.invoiceId)?.Due_Date__c === dueDate || undefined,
            15_000,
            'the new due date on the invoice mirror'
        );
        await env.drained();
        const before = { writes: await writes(env), calls: counting.counter.books };

        // Its webhook again (a second delivery): now that version is mirrored, one read.
        await runInvoiceHint(env, deal.invoiceId);

        expect(counting.counter.books - before.calls).toBe(1);
        expect(await writes(env)).toBe(before.writes);
    });
});
