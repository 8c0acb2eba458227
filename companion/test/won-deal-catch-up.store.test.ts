import { describe, expect, it } from 'vitest';

import { INVOICE_JOB } from '../src/sync/invoice/flow.ts';
import { useTestDb } from './support/test-db.ts';
import { invoiceEnv, type InvoiceEnv } from './support/invoice-env.ts';

/**
 * A won deal whose announcement never reached the companion (the package's deliveries failed
 * and it gave up, leaving the deal Failed) is invoiced by the won-deal catch-up, once; a deal
 * the companion already has in hand is left to its job.
 */

let env: InvoiceEnv | undefined;
const testDb = useTestDb(async () => {
    await env?.close();
    env = undefined;
});

/**
 * Closes the deal while the package cannot reach the companion (its Named Credential has no
 * URL), and waits for the org's triggers to settle.
 */
async function closeCutOff(e: InvoiceEnv, deal: string) {
    e.sf.setCompanion(e.sfOrg, undefined);
    e.closeDeals([deal]);
    await e.sf.settle();
}

/** The deal shows Failed, as the package's failed delivery leaves it. */
function markFailed(e: InvoiceEnv, id: string) {
    const org = e.sf.org(e.sfOrg);
    e.sf.update(
        e.sfOrg,
        'Opportunity',
        id,
        { Closebooks_Sync_Status__c: 'Failed' },
        org.users.get(org.integrationUserId)?.username
    );
}

async function invoiceJobs(e: InvoiceEnv): Promise<number> {
    const [row] = await e.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM jobs WHERE kind = $1',
        [INVOICE_JOB]
    );
    return row?.n ?? 0;
}

describe('won-deal catch-up', () => {
    it('invoices a won deal the package marked Failed after its deliveries failed, and only once', async () => {
        env = await invoiceEnv(testDb.db, { deals: 2, linked: true });
        const e = env;
        const [lost, other] = e.seed.opportunities.map((o) => o.salesforceId);
        await closeCutOff(e, lost!);
        expect(e.opportunity(lost!).Closebooks_Sync_Status__c).toBe('Failed');
        expect(await invoiceJobs(e)).toBe(0);

        expect(await e.runtime.catchUp.run(e.connectionId, 'test')).toEqual({
            failed: 1,
            queued: 1,
            skipped: 0
        });
        const invoiceId = await e.waitFor(
            () =>
                e.opportunity(lost!).Closebooks_Sync_Status__c === 'Synced' &&
                e.opportunity(lost!).Zoho_Invoice_Id__c,
            20_000,
            'the caught-up deal written back'
        );
        expect(await e.invoicesFor(lost!)).toHaveLength(1);
        expect((await e.invoicesFor(lost!))[0]?.invoice_id).toBe(invoiceId);
        // An open deal is never invoiced by the catch-up.
        expect(await e.invoicesFor(other!)).toHaveLength(0);

        // Nothing Failed is left: a second run reads no deal and queues nothing.
        expect(await e.runtime.catchUp.run(e.connectionId, 'test')).toEqual({
            failed: 0,
            queued: 0,
            skipped: 0
        });
        expect(await invoiceJobs(e)).toBe(1);
    });

    it('leaves a Failed deal whose invoice job is already waiting to that job', async () => {
        env = await invoiceEnv(testDb.db, { deals: 1, linked: true });
        const e = env;
        const deal = e.seed.opportunities[0]!.salesforceId;
        await e.runtime.worker.stop();
        e.closeDeals([deal]);
        await e.sf.settle();
        expect(await invoiceJobs(e)).toBe(1);
        // A later delivery of some other change failed: the deal shows Failed again.
        markFailed(e, deal);

        expect(await e.runtime.catchUp.run(e.connectionId, 'test')).toEqual({
            failed: 1,
            queued: 0,
            skipped: 1
        });
        expect(await invoiceJobs(e)).toBe(1);
    });

    it('does nothing when invoices follow accepted quotes', async () => {
        env = await invoiceEnv(testDb.db, { deals: 1, linked: true });
        const e = env;
        e.sf.deployMetadata(e.sfOrg, 'Closebooks_Setting__mdt', 'Default', {
            Invoice_Flow_Enabled__c: true,
            Invoice_Trigger__c: 'Quote_Accepted'
        });
        const deal = e.seed.opportunities[0]!.salesforceId;
        await closeCutOff(e, deal);
        markFailed(e, deal);

        expect(await e.runtime.catchUp.run(e.connectionId, 'test')).toEqual({
            failed: 0,
            queued: 0,
            skipped: 0
        });
        expect(await invoiceJobs(e)).toBe(0);
    });
});
