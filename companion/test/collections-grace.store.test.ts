import { describe, expect, it } from 'vitest';

import type { Record } from './support/invoice-env.ts';
import { paymentsEnv, type PaymentsEnv } from './support/payments-env.ts';
import { testBackend, useTestDb } from './support/test-db.ts';

/**
 * Collections (F4) with a grace period from the package settings: a partly paid invoice past
 * its due date (Zoho keeps it `partially_paid`, never `overdue`) opens its task only once the
 * due date plus the grace period has passed, on the injected clock.
 */

const DAY = 86_400_000;

let env: PaymentsEnv | undefined;
const testDb = useTestDb(async () => {
    await env?.close();
    env = undefined;
});

/** The package's `Default` settings with some values changed, as a subscriber admin would. */
function deploySettings(e: PaymentsEnv, changes: Record) {
    const current = e.sf
        .records(e.sfOrg, 'Closebooks_Setting__mdt')
        .find((r) => r.DeveloperName === 'Default') as Record;
    const custom = Object.fromEntries(Object.entries(current).filter(([k]) => k.endsWith('__c')));
    e.sf.deployMetadata(e.sfOrg, 'Closebooks_Setting__mdt', 'Default', {
        MasterLabel: 'Default',
        ...custom,
        ...changes
    } as Parameters<typeof e.sf.deployMetadata>[3]);
}

const tasks = (e: PaymentsEnv) => e.sf.records(e.sfOrg, 'Task') as Record[];

describe(`collections grace period (${testBackend})`, () => {
    it('waits for the due date plus the grace period before opening the task of a partly paid invoice', async () => {
        env = await paymentsEnv(testDb.db);
        const e = env;
        const opportunityId = e.seed.opportunities[0]!.salesforceId;
        e.closeDeals([opportunityId]);
        const invoiceId = String(
            await e.waitFor(
                () => e.opportunity(opportunityId).Zoho_Invoice_Id__c || undefined,
                20_000,
                'the invoice'
            )
        );
        expect((await e.books.post(`/invoices/${invoiceId}/status/sent`)).status).toBe(200);
        const invoice = await e.zohoInvoice(invoiceId);
        const part = Math.round((invoice.total as number) * 0.25 * 100) / 100;
        await e.recordPayment(String(invoice.customer_id), part, [
            { invoice_id: invoiceId, amount_applied: part }
        ]);
        await e.drained();
        deploySettings(e, { Grace_Period_Days__c: 5 });
        const dueAt = Date.parse(`${String(invoice.due_date)}T09:00:00Z`);
        const sweep = () =>
            e.runtime.payments.sweep.run(e.connectionId, { actor: 'test', correlationId: null });

        // Three days past due (the settings cache has expired): inside the grace period.
        e.clock.set(dueAt + 3 * DAY);
        await e.signInAgain();
        expect((await e.zohoInvoice(invoiceId)).status).toBe('partially_paid');
        await sweep();
        await e.drained();
        expect(e.opportunity(opportunityId).Zoho_Payment_Status__c).toBe('Overdue');
        expect(tasks(e)).toHaveLength(0);

        // Six days past due: the grace period is over, one task for the account owner.
        e.clock.set(dueAt + 6 * DAY);
        await sweep();
        await e.drained();
        expect(tasks(e)).toHaveLength(1);
        expect(String(tasks(e)[0]!.Description)).toContain('is 6 days overdue');

        // The next sweep changes nothing.
        await sweep();
        await e.drained();
        expect(tasks(e)).toHaveLength(1);
    });
});
