import { describe, expect, it } from 'vitest';

import { WEBHOOK_MODULES } from '../src/http/zoho-webhooks.ts';
import { JOB_KIND_BY_EVENT } from '../src/sync/event-jobs.ts';
import { invoiceEnv, type InvoiceEnv } from './support/invoice-env.ts';
import { useTestDb } from './support/test-db.ts';

/** Every job the doors can start has a handler in the running companion: none is left queued. */
describe('job kinds', () => {
    let env: InvoiceEnv | undefined;
    const testDb = useTestDb(async () => {
        await env?.close();
        env = undefined;
    });

    it('runs every job a Salesforce event or a Zoho webhook can start', async () => {
        env = await invoiceEnv(testDb.db, { deals: 1 });
        const started = [
            ...Object.values(JOB_KIND_BY_EVENT),
            ...Object.values(WEBHOOK_MODULES).map((m) => m.job)
        ];
        expect(started.filter((kind) => !env!.runtime.jobKinds.has(kind))).toEqual([]);
    });
});
