import { describe, expect, it } from 'vitest';

import { createSalesforceSandbox } from '../salesforce/salesforce-sandbox.ts';
import { runApex, type ApexContext } from './apex.ts';

const REP = 'rep@console.test';

function consoleOrg(fetcher: typeof fetch = fetch) {
    const salesforce = createSalesforceSandbox();
    const { org_id: orgId } = salesforce.createOrg({ name: 'Console' });
    salesforce.addUser(orgId, {
        username: REP,
        lastName: 'Rep',
        permissionSets: ['Closebooks_User']
    });
    const ctx: ApexContext = {
        salesforce,
        orgId,
        username: REP,
        labels: new Map(),
        now: () => Date.parse('2026-03-01T00:00:00Z'),
        fetch: fetcher
    };
    return { salesforce, orgId, ctx };
}

type Rule = { developerName: string; label: string; isActive: boolean; sortOrder?: number };
type Health = {
    syncCounts: { objectName: string; objectLabel: string; held: number; failed: number }[];
    permissionSets: { name: string; label: string; assignees: number }[];
    credentialStatus: string;
};

describe('the console stand-ins of the setup page parts', () => {
    it('getRules answers the mapping records by sort order, unordered last, ties by name', async () => {
        const { salesforce, orgId, ctx } = consoleOrg();
        const rule = (name: string, order: number | null) =>
            salesforce.deployMetadata(orgId, 'Closebooks_Field_Mapping__mdt', name, {
                Label: `Rule ${name}`,
                Source_Object__c: 'Account',
                Source_Field__c: 'Name',
                Target_Object__c: 'zoho_contact',
                Target_Field__c: 'contact_name',
                Direction__c: 'Both',
                Field_Owner__c: 'Salesforce',
                Is_Active__c: order !== 5,
                Sort_Order__c: order
            });
        rule('Zz_First', 1);
        rule('Unordered', null);
        rule('B_Tie', 5);
        rule('A_Tie', 5);
        const rules = (await runApex('ClosebooksMappingController.getRules', {}, ctx)) as Rule[];
        const mine = rules.filter((r) =>
            ['Zz_First', 'Unordered', 'B_Tie', 'A_Tie'].includes(r.developerName)
        );
        expect(mine.map((r) => r.developerName)).toEqual([
            'Zz_First',
            'A_Tie',
            'B_Tie',
            'Unordered'
        ]);
        expect(mine[1]).toMatchObject({ label: 'Rule A_Tie', isActive: false, sortOrder: 5 });
        // Every record of the org, in the selector's order (the package's own rules included).
        const orders = rules.map((r) => r.sortOrder ?? 1_000_000);
        expect(orders).toEqual([...orders].sort((a, b) => a - b));
    });

    it('getHealth counts Held and Failed records per synced object and who holds each permission set', async () => {
        const { salesforce, orgId, ctx } = consoleOrg();
        const statuses = ['Held', 'Held', 'Failed', 'Pending', null];
        const { ids } = salesforce.seed(orgId, {
            records: statuses.map((_, i) => ({
                object: 'Account',
                ref: `a${i}`,
                fields: { Name: `Account ${i}`, BillingCountry: 'US' }
            }))
        });
        // The package's insert trigger marks new accounts Pending; set each status afterwards.
        statuses.forEach((status, i) =>
            salesforce.update(orgId, 'Account', ids[`a${i}`]!, {
                Closebooks_Sync_Status__c: status
            })
        );
        const health = (await runApex('ClosebooksHealthController.getHealth', {}, ctx)) as Health;
        expect(health.syncCounts.map((c) => c.objectName)).toEqual([
            'Opportunity',
            'Account',
            'Contact'
        ]);
        expect(health.syncCounts[1]).toEqual({
            objectName: 'Account',
            objectLabel: 'Accounts',
            held: 2,
            failed: 1
        });
        expect(health.syncCounts[0]).toMatchObject({ objectLabel: 'Opportunities', held: 0 });
        const users = [...salesforce.org(orgId).users.values()];
        const holding = (name: string) =>
            users.filter((u) => u.permissionSets.includes(name)).length;
        expect(health.permissionSets).toEqual([
            {
                name: 'Closebooks_Admin',
                label: 'Closebooks Admin',
                assignees: holding('Closebooks_Admin')
            },
            { name: 'Closebooks_User', label: 'Closebooks User', assignees: 1 },
            {
                name: 'Closebooks_Integration',
                label: 'Closebooks Integration',
                assignees: holding('Closebooks_Integration')
            }
        ]);
        expect(holding('Closebooks_Integration')).toBeGreaterThan(0);
    });

    it('getHealth says the credential is filled in when the org calls a companion, and not otherwise', async () => {
        const { salesforce, orgId, ctx } = consoleOrg();
        const status = async () =>
            ((await runApex('ClosebooksHealthController.getHealth', {}, ctx)) as Health)
                .credentialStatus;
        expect(await status()).toBe('NotConfigured');
        salesforce.setCompanion(orgId, {
            url: 'http://companion.test',
            connectionId: 'c1',
            secret: 's'
        });
        expect(await status()).toBe('Configured');
    });

    it('getSalesforceConnection asks the companion with the credential headers and adds thisOrg', async () => {
        const calls: { url: string; headers: Headers }[] = [];
        let answerOrg = '';
        const companion: typeof fetch = async (input, init) => {
            calls.push({ url: String(input), headers: new Headers(init?.headers) });
            return Response.json({
                connected: true,
                orgId: answerOrg,
                user: { userId: '005x', username: 'int@console.test', displayName: 'Int User' }
            });
        };
        const { salesforce, orgId, ctx } = consoleOrg(companion);
        salesforce.setCompanion(orgId, {
            url: 'http://companion.test',
            connectionId: 'c1',
            secret: 's'
        });
        answerOrg = orgId.slice(0, 15);
        const answer = (await runApex(
            'ClosebooksSalesforceController.getSalesforceConnection',
            {},
            ctx
        )) as Record<string, unknown>;
        expect(calls.map((c) => c.url)).toEqual(['http://companion.test/v1/package/salesforce']);
        expect(
            calls[0]?.headers.get('x-closebooks-connection') ??
                calls[0]?.headers.get('X-Closebooks-Connection')
        ).toBe('c1');
        expect(answer).toMatchObject({
            connected: true,
            thisOrg: true,
            user: { username: 'int@console.test' }
        });
        answerOrg = '00D000000000OTH';
        expect(
            await runApex('ClosebooksSalesforceController.getSalesforceConnection', {}, ctx)
        ).toMatchObject({ thisOrg: false });
    });

    it("refuses the setup parts' write methods by name", async () => {
        const { ctx } = consoleOrg();
        await expect(runApex('ClosebooksMappingController.saveRule', {}, ctx)).rejects.toThrow(
            /saveRule is not simulated/
        );
    });
});
