import { describe, expect, it } from 'vitest';

import { createApiKey } from '../src/store/api-keys.ts';
import type { Reconciliation } from '../src/sync/reconciliation/read.ts';
import type { Record } from './support/invoice-env.ts';
import { paymentsEnv, type PaymentsEnv } from './support/payments-env.ts';
import { testBackend, useTestDb } from './support/test-db.ts';

/**
 * The totals reconciliation end to end against both simulators: three won deals invoiced by
 * the companion, then Salesforce's copy spoilt three ways (a mirror's tax and total edited, a
 * mirror deleted, a deal's invoice link pointed nowhere); the admin route and the package door
 * report exactly those, and nothing for the deal left alone.
 */

let env: PaymentsEnv | undefined;
const testDb = useTestDb(async () => {
    await env?.close();
    env = undefined;
});

async function invoiceAll(e: PaymentsEnv): Promise<string[]> {
    const ids = e.seed.opportunities.map((o) => o.salesforceId);
    e.closeDeals(ids);
    await e.waitFor(
        () => ids.every((id) => e.opportunity(id).Zoho_Invoice_Id__c) || undefined,
        20_000,
        'the invoices'
    );
    await e.waitFor(() => e.mirrors().length === ids.length || undefined, 20_000, 'the mirrors');
    await e.drained();
    return ids;
}

const mirrorOf = (e: PaymentsEnv, opportunityId: string) =>
    e.mirrors().find((m) => m.Opportunity__c === opportunityId) as Record;

describe(`totals reconciliation (${testBackend})`, () => {
    it('reports a mirror that differs, a mirror missing, a link pointing nowhere, and the accounts', async () => {
        env = await paymentsEnv(testDb.db, { deals: 3 });
        const e = env;
        const [first, second, third] = (await invoiceAll(e)) as [string, string, string];
        const firstMirror = mirrorOf(e, first);
        const secondInvoice = String(e.opportunity(second).Zoho_Invoice_Id__c);
        const thirdInvoice = String(e.opportunity(third).Zoho_Invoice_Id__c);
        const zohoFirst = await e.zohoInvoice(String(firstMirror.Zoho_Invoice_Id__c));

        // Someone edits the first mirror by hand: 1.25 more tax, the total with it.
        e.sf.update(e.sfOrg, 'Zoho_Invoice__c', String(firstMirror.Id), {
            Tax_Total__c: (zohoFirst.tax_total as number) + 1.25,
            Total__c: (zohoFirst.total as number) + 1.25
        });
        // The second deal's mirror is deleted.
        e.sf.remove(e.sfOrg, 'Zoho_Invoice__c', String(mirrorOf(e, second).Id));
        // The third deal's invoice link is pointed at an invoice Zoho never had.
        e.sf.update(e.sfOrg, 'Opportunity', third, { Zoho_Invoice_Id__c: '4000000000000999' });

        const key = (await createApiKey(e.db, { name: 'ops', scopes: ['admin:read'] })).token;
        const since = new Date(e.clock.now() - 86_400_000).toISOString().slice(0, 10);
        const res = await fetch(
            `${e.server.url}/v1/admin/connections/${e.connectionId}/reconciliation?since=${since}`,
            { headers: { authorization: `Bearer ${key}` } }
        );
        expect(res.status).toBe(200);
        const report = (await res.json()) as Reconciliation;

        expect(report.since).toBe(since);
        expect(report.summary).toEqual({
            zohoInvoices: 3,
            mirrors: 2,
            matching: 1,
            differing: 1,
            missingInZoho: 0,
            missingInSalesforce: 1,
            brokenDealLinks: 1,
            accountsDiffering: expect.any(Number) as number
        });
        const byKind = Object.fromEntries(report.invoices.map((r) => [r.kind, r]));
        expect(byKind.differs).toMatchObject({
            zohoInvoiceId: String(zohoFirst.invoice_id),
            opportunityId: first,
            differences: [
                { figure: 'total', difference: -1.25 },
                { figure: 'tax', difference: -1.25 }
            ]
        });
        expect(byKind.missing_in_salesforce).toMatchObject({
            zohoInvoiceId: secondInvoice,
            opportunityId: second
        });
        expect(byKind.broken_deal_link).toMatchObject({
            zohoInvoiceId: '4000000000000999',
            opportunityId: third
        });
        // The third deal's real invoice is still mirrored and equal: it is the one matching.
        expect(report.invoices.some((r) => r.zohoInvoiceId === thirdInvoice)).toBe(false);

        // Per account: the edited tax, plus the tax of the unmirrored invoice when it shares it.
        const zohoSecond = await e.zohoInvoice(secondInvoice);
        const shared = e.opportunity(second).AccountId === firstMirror.Account__c;
        const firstAccount = report.accounts.find((a) => a.accountId === firstMirror.Account__c);
        expect(firstAccount?.taxDrift).toBeCloseTo(
            -1.25 + (shared ? (zohoSecond.tax_total as number) : 0),
            2
        );
        expect(firstAccount?.differs).toBe(true);
        expect(report.summary.accountsDiffering).toBe(shared ? 1 : 2);

        // The setup page reads the same report through the package door.
        const viaPackage = await e.packageGet(`/v1/package/reconciliation?since=${since}`);
        expect(viaPackage.status).toBe(200);
        expect(((await viaPackage.json()) as Reconciliation).summary).toEqual(report.summary);

        // A later since leaves everything out.
        const later = new Date(e.clock.now() + 40 * 86_400_000).toISOString().slice(0, 10);
        const empty = (await (
            await fetch(
                `${e.server.url}/v1/admin/connections/${e.connectionId}/reconciliation?since=${later}`,
                { headers: { authorization: `Bearer ${key}` } }
            )
        ).json()) as Reconciliation;
        expect(empty.summary).toMatchObject({ zohoInvoices: 0, mirrors: 0, brokenDealLinks: 0 });

        const bad = await e.packageGet('/v1/package/reconciliation?since=yesterday');
        expect(bad.status).toBe(400);
    });
});
