import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { sandboxClient, type Info } from '../../scripts/demo/sandbox-client.ts';
import { runStory, summaryTable } from '../../scripts/demo/story.ts';
import { DEMO_SALES_REP } from '../sandbox/demo/sandbox-mode.ts';
import { invoiceEnv, type InvoiceEnv } from './support/invoice-env.ts';
import { createTestDb, testBackend, type TestDb } from './support/test-db.ts';

describe(`npm run demo, the whole story (${testBackend})`, () => {
    let t: TestDb;
    let env: InvoiceEnv;

    beforeAll(async () => {
        t = await createTestDb();
        // As sandbox mode starts: unlinked accounts, Zoho's webhooks registered.
        env = await invoiceEnv(t.db, { deals: 2, linked: false, webhooks: true });
    });
    afterAll(async () => {
        await env.close();
        await t.drop();
    });

    const infoOf = (e: InvoiceEnv): Info => ({
        companion: e.server.url,
        zoho: {
            url: e.pair.zoho.url,
            organizationId: e.zohoOrg,
            clerk: {
                accountsUrl: e.pair.zoho.credentials.accounts_url,
                clientId: e.pair.zoho.credentials.client_id,
                clientSecret: e.pair.zoho.credentials.client_secret,
                refreshToken: e.pair.zoho.credentials.refresh_token
            }
        },
        salesforce: { url: e.pair.salesforce.url, orgId: e.sfOrg, salesRep: DEMO_SALES_REP },
        connectionId: e.connectionId,
        deals: e.seed.opportunities.map((o) => ({
            id: o.salesforceId,
            name: o.name,
            account: o.accountId,
            amount: o.amount
        }))
    });

    const companionZohoCalls = async () =>
        (await env.db.query<{ n: number }>('SELECT count(*)::int AS n FROM zoho_api_calls'))[0]!.n;

    it('closes the first open deal, invoices it, records its payment and ends with the summary', async () => {
        const info = infoOf(env);
        const progress: string[] = [];
        const callsBefore = await companionZohoCalls();
        const summary = await runStory(info, {
            client: sandboxClient(info),
            progress: (line) => progress.push(line),
            sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
            now: Date.now
        });
        const deal = env.seed.opportunities[0]!;
        const [invoice] = await env.invoicesFor(deal.salesforceId);
        expect(summary).toMatchObject({
            opportunityId: deal.salesforceId,
            invoiceNumber: invoice!.invoice_number,
            total: invoice!.total,
            paymentStatus: 'Paid',
            accountBalance: 0
        });
        expect(invoice!.status).toBe('paid');
        // Zoho's own count (the simulator's) of the companion's calls: each went through the
        // companion's rate limiter, which recorded a permit (some permits, e.g. for calls Zoho
        // does not count against the organization, add none).
        expect(summary.zohoCalls).toBeGreaterThan(0);
        expect(summary.zohoCalls).toBeLessThanOrEqual((await companionZohoCalls()) - callsBefore);
        expect(summary.salesforceCalls).toBeGreaterThan(0);
        expect(progress.filter((l) => /^\[\d\/4\]/.test(l))).toHaveLength(4);
        const table = summaryTable(summary).join('\n');
        expect(table).toMatch(/\| Payment status +\| Paid +\|/);
        expect(table).toContain(`| Invoice               | ${invoice!.invoice_number}`);

        // A second run takes the next open deal.
        const next = await runStory(info, {
            client: sandboxClient(info),
            progress: () => undefined,
            sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
            now: Date.now
        });
        expect(next.opportunityId).toBe(env.seed.opportunities[1]!.salesforceId);
    });
});
