import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createLogger } from '../src/log.ts';
import { invoiceEnv, type InvoiceEnv } from './support/invoice-env.ts';
import { createTestDb, testBackend, type TestDb } from './support/test-db.ts';

type Line = {
    msg: string;
    correlationId?: string;
    correlationIds?: string[];
    [k: string]: unknown;
};

describe(`one correlation id through a won deal (${testBackend})`, () => {
    let t: TestDb;
    let env: InvoiceEnv;
    const lines: Line[] = [];

    beforeAll(async () => {
        t = await createTestDb();
        const log = createLogger('info', {
            write: (text: string) => void lines.push(JSON.parse(text) as Line)
        });
        env = await invoiceEnv(t.db, { deals: 1, linked: false, log });
    });
    afterAll(async () => {
        await env.close();
        await t.drop();
    });

    it('names the same id on the Salesforce event, the job, its Zoho calls and the write-back', async () => {
        const deal = env.seed.opportunities[0]!.salesforceId;
        env.closeDeals([deal]);
        const sent = await env.waitFor(
            () =>
                lines.find(
                    (l) => l.msg === 'write-back sent' && (l.correlationIds ?? []).length > 0
                ),
            20_000,
            'the write-back'
        );
        const accepted = lines.find((l) => l.msg === 'salesforce events accepted');
        const id = accepted?.correlationId;
        expect(id).toEqual(expect.any(String));
        const same = lines.filter((l) => l.correlationId === id);
        expect(same.find((l) => l.msg === 'job started')).toMatchObject({
            kind: 'zoho.invoice.create'
        });
        expect(same.find((l) => l.msg === 'invoice created')).toMatchObject({
            opportunityId: deal
        });
        const zohoCalls = same.filter((l) => l.msg === 'zoho call');
        // The invoice is created by an upsert on its Salesforce key (PUT, X-Unique-Identifier-*).
        expect(zohoCalls).toContainEqual(
            expect.objectContaining({
                method: 'PUT',
                path: '/invoices',
                status: 201,
                orgId: env.zohoOrg
            })
        );
        expect(sent.correlationIds).toEqual([id]);
        // Zoho calls outside any job or request carry no id rather than a wrong one.
        expect(
            lines.filter((l) => l.msg === 'zoho call' && l.correlationId && l.correlationId !== id)
        ).toEqual([]);
    });
});
