import { describe, expect, it } from 'vitest';

import { createSalesforceSandbox } from '../salesforce/salesforce-sandbox.ts';
import { recentForAccount, runApex, type ApexContext } from './apex.ts';

const REP = 'rep@console.test';

function orgWithAccount() {
    const salesforce = createSalesforceSandbox();
    const { org_id: orgId } = salesforce.createOrg({ name: 'Console' });
    salesforce.addUser(orgId, { username: REP, lastName: 'Rep' });
    const { ids } = salesforce.seed(orgId, {
        records: [
            { object: 'Account', ref: 'acme', fields: { Name: 'Acme', BillingCountry: 'US' } },
            { object: 'Account', ref: 'other', fields: { Name: 'Other', BillingCountry: 'US' } }
        ]
    });
    const ctx: ApexContext = {
        salesforce,
        orgId,
        username: REP,
        labels: new Map([['Closebooks_Record_Not_Found', 'Record not found.']]),
        now: () => Date.parse('2026-03-01T00:00:00Z'),
        fetch
    };
    return { salesforce, orgId, ctx, acme: ids.acme!, other: ids.other! };
}

describe('the console Apex stand-ins', () => {
    it('getAccountSummary answers the account with its newest five invoices, as the selectors order them', async () => {
        const { salesforce, orgId, ctx, acme, other } = orgWithAccount();
        const invoice = (n: number, account: string, date: string | null) => ({
            object: 'Zoho_Invoice__c',
            fields: {
                Name: `INV-${n}`,
                Invoice_Number__c: `INV-${n}`,
                Account__c: account,
                Invoice_Date__c: date,
                Total__c: n
            }
        });
        salesforce.seed(orgId, {
            records: [
                invoice(1, acme, '2026-01-01'),
                invoice(2, acme, null),
                invoice(3, acme, '2026-02-01'),
                invoice(4, acme, '2026-02-01'),
                invoice(5, acme, '2026-01-15'),
                invoice(6, acme, '2025-12-01'),
                invoice(7, other, '2026-02-20')
            ]
        });
        const summary = (await runApex(
            'ZohoAccountPanelController.getAccountSummary',
            { accountId: acme },
            ctx
        )) as { account: Record<string, unknown>; invoices: Record<string, unknown>[] };
        expect(summary.account.Name).toBe('Acme');
        // Newest date first, ties by Name descending, no date last; only this account's.
        expect(summary.invoices.map((i) => i.Invoice_Number__c)).toEqual([
            'INV-4',
            'INV-3',
            'INV-5',
            'INV-1',
            'INV-6'
        ]);
    });

    it('answers an unknown record with the package label, as AuraHandledException', async () => {
        const { ctx } = orgWithAccount();
        await expect(
            runApex(
                'ZohoOpportunityInvoiceController.getInvoiceStatus',
                { opportunityId: '006000000000000AAA' },
                ctx
            )
        ).rejects.toThrow('Record not found.');
    });

    it('refuses an Apex method the console does not simulate, by name', async () => {
        const { ctx } = orgWithAccount();
        await expect(runApex('ClosebooksSetupController.saveMapping', {}, ctx)).rejects.toThrow(
            /saveMapping is not simulated/
        );
    });

    it('resyncAccount sends the account.sync_requested event call as the sales rep', async () => {
        const { salesforce, orgId, ctx, acme } = orgWithAccount();
        await runApex('ZohoAccountPanelController.resyncAccount', { accountId: acme }, ctx);
        await salesforce.settle();
        const delivery = salesforce
            .deliveries(orgId)
            .find((d) => d.batch.events.some((e) => e.type === 'account.sync_requested'));
        const rep = [...salesforce.org(orgId).users.values()].find((u) => u.username === REP);
        expect(delivery?.batch.events).toMatchObject([
            {
                type: 'account.sync_requested',
                objectType: 'Account',
                recordId: acme,
                userId: rep?.id
            }
        ]);
    });

    it('createInvoiceNow holds a deal without products with the reason, and sends no event', async () => {
        const { salesforce, orgId, ctx, acme } = orgWithAccount();
        const { ids } = salesforce.seed(orgId, {
            records: [
                {
                    object: 'Opportunity',
                    ref: 'deal',
                    fields: {
                        Name: 'Empty deal',
                        AccountId: acme,
                        StageName: 'Prospecting',
                        CloseDate: '2026-03-31'
                    }
                }
            ]
        });
        const held = new Map([
            ...ctx.labels,
            ['Closebooks_Invoice_Held_No_Products', 'Held: add products first.']
        ]);
        await expect(
            runApex(
                'ZohoOpportunityInvoiceController.createInvoiceNow',
                { opportunityId: ids.deal },
                { ...ctx, labels: held }
            )
        ).rejects.toThrow('Held: add products first.');
        const deal = salesforce.records(orgId, 'Opportunity').find((o) => o.Id === ids.deal);
        expect(deal?.Closebooks_Sync_Status__c).toBe('Held');
        expect(deal?.Closebooks_Sync_Message__c).toBe('Held: add products first.');
        await salesforce.settle();
        const requested = salesforce
            .deliveries(orgId)
            .filter((d) => d.batch.events.some((e) => e.type === 'invoice.requested'));
        expect(requested).toEqual([]);
    });

    it('getSetupInfo answers the collections timing in whole days, as ClosebooksSetupController does', async () => {
        const { salesforce, orgId, ctx } = orgWithAccount();
        salesforce.deployMetadata(orgId, 'Closebooks_Setting__mdt', 'Default', {
            Label: 'Default',
            Grace_Period_Days__c: 5,
            Escalation_Offset_Days__c: 21,
            Escalation_Record__c: 'Case'
        });
        const info = (await runApex('ClosebooksSetupController.getSetupInfo', {}, ctx)) as {
            settings: Record<string, unknown>;
        };
        expect(info.settings).toMatchObject({
            gracePeriodDays: 5,
            escalationOffsetDays: 21,
            escalationRecord: 'Case'
        });
        // The mapping rules moved to ClosebooksMappingController.getRules.
        expect(Object.keys(info)).toEqual(['settings']);
    });

    it('orders records without a date after dated ones', () => {
        const rows = [
            { Id: 'a', Name: 'A', Account__c: 'x', D: null },
            { Id: 'b', Name: 'B', Account__c: 'x', D: '2026-01-01' }
        ];
        expect(recentForAccount(rows, 'x', 'D', 5).map((r) => r.Id)).toEqual(['b', 'a']);
    });
});
