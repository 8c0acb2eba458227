import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { companionFake } from './test-support/companion-fake.ts';
import { servedOrg } from './test-support/jsforce-org.ts';

const companion = companionFake('conn-1', 's3cret');

describe('the package trigger behaviour in the salesforce sandbox', () => {
    let org: Awaited<ReturnType<typeof servedOrg>>;
    let adminUsername = '';
    beforeAll(async () => {
        org = await servedOrg({ fetch: companion.fetch });
        org.sandbox.setCompanion(org.orgId, companion.target);
        adminUsername = org.credentials.admin_username;
    });
    afterAll(() => org.server.close());

    /** Open deals with an account and one product each: winning them makes invoice requests. */
    function seedOpportunities(count: number, prefix: string) {
        const records = [
            {
                object: 'Account',
                ref: 'acct',
                fields: { Name: `${prefix} account`, BillingCountry: 'France' }
            },
            { object: 'Product2', ref: 'product', fields: { Name: `${prefix} product` } },
            {
                object: 'PricebookEntry',
                ref: 'price',
                fields: {
                    Product2Id: { ref: 'product' },
                    Pricebook2Id: { ref: 'standardPricebook' },
                    UnitPrice: 100,
                    IsActive: true
                }
            },
            ...Array.from({ length: count }, (_, i) => [
                {
                    object: 'Opportunity',
                    ref: `deal${i}`,
                    fields: {
                        Name: `${prefix} ${i}`,
                        AccountId: { ref: 'acct' },
                        StageName: 'Negotiation/Review',
                        CloseDate: '2026-12-01'
                    }
                },
                {
                    object: 'OpportunityLineItem',
                    fields: {
                        OpportunityId: { ref: `deal${i}` },
                        PricebookEntryId: { ref: 'price' },
                        Quantity: 1,
                        UnitPrice: 100
                    }
                }
            ]).flat()
        ];
        // Seeded by the integration user, so the seeding itself raises no events.
        const seeded = org.sandbox.seed(org.orgId, { records, as: org.credentials.username });
        return seeded.created.filter((c) => c.object === 'Opportunity').map((c) => c.id);
    }

    /**
     * Invoices follow accepted quotes; an account with a contact and an open deal whose quote has
     * one line, seeded by the integration user (no events). Returns the ids by ref: `a` the
     * account, `c` the contact, `o` the deal, `q` the quote.
     */
    function seedQuotedDeal(name: string) {
        org.sandbox.deployMetadata(org.orgId, 'Closebooks_Setting__mdt', 'Default', {
            Invoice_Flow_Enabled__c: true,
            Customer_Sync_Enabled__c: true,
            Invoice_Trigger__c: 'Quote_Accepted'
        });
        const records = [
            { object: 'Account', ref: 'a', fields: { Name: name, BillingCountry: 'France' } },
            { object: 'Contact', ref: 'c', fields: { LastName: name, AccountId: { ref: 'a' } } },
            {
                object: 'Opportunity',
                ref: 'o',
                fields: {
                    Name: name,
                    AccountId: { ref: 'a' },
                    StageName: 'Prospecting',
                    CloseDate: '2026-12-01'
                }
            },
            { object: 'Product2', ref: 'p', fields: { Name: `${name} product` } },
            {
                object: 'PricebookEntry',
                ref: 'e',
                fields: {
                    Product2Id: { ref: 'p' },
                    Pricebook2Id: { ref: 'standardPricebook' },
                    UnitPrice: 100,
                    IsActive: true
                }
            },
            {
                object: 'Quote',
                ref: 'q',
                fields: {
                    Name: `${name} quote`,
                    OpportunityId: { ref: 'o' },
                    Pricebook2Id: { ref: 'standardPricebook' }
                }
            },
            {
                object: 'QuoteLineItem',
                fields: {
                    QuoteId: { ref: 'q' },
                    PricebookEntryId: { ref: 'e' },
                    Quantity: 1,
                    UnitPrice: 100
                }
            }
        ];
        return org.sandbox.seed(org.orgId, { records, as: org.credentials.username }).ids;
    }

    it('sends one batched event call when a normal user wins 200 opportunities in one collection update', async () => {
        const ids = seedOpportunities(200, 'Won by rep');
        await org.sandbox.settle();
        const before = companion.accepted.length;
        const rep = org.connectAs(adminUsername);
        const results = await rep
            .sobject('Opportunity')
            .update(ids.map((Id) => ({ Id, StageName: 'Closed Won' })));
        expect(results.every((r) => r.success)).toBe(true);
        await org.sandbox.settle();

        expect(companion.accepted.length - before).toBe(1);
        const { batch, connection } = companion.accepted.at(-1)!;
        expect(connection).toBe('conn-1');
        expect(batch).toMatchObject({ contractVersion: 1, orgId: org.orgId });
        expect(batch.events).toHaveLength(200);
        expect(new Set(batch.events.map((e) => e.recordId))).toEqual(new Set(ids));
        const adminId = org.sandbox.org(org.orgId).adminUserId;
        expect(
            batch.events.every(
                (e) =>
                    e.type === 'opportunity.won' &&
                    e.objectType === 'Opportunity' &&
                    e.userId === adminId
            )
        ).toBe(true);
        expect(org.sandbox.deliveries(org.orgId).at(-1)).toMatchObject({
            status: 202,
            batchId: batch.batchId
        });

        const stored = org.sandbox
            .records(org.orgId, 'Opportunity')
            .filter((o) => ids.includes(o.Id));
        expect(
            stored.every((o) => o.Closebooks_Sync_Status__c === 'Pending' && o.IsWon === true)
        ).toBe(true);
    });

    it('sends nothing and leaves the sync status alone when the integration user makes the same change', async () => {
        const ids = seedOpportunities(200, 'Won by integration');
        await org.sandbox.settle();
        const before = org.sandbox.deliveries(org.orgId).length;
        const results = await org
            .connect()
            .sobject('Opportunity')
            .update(ids.map((Id) => ({ Id, StageName: 'Closed Won' })));
        expect(results.every((r) => r.success)).toBe(true);
        await org.sandbox.settle();
        expect(org.sandbox.deliveries(org.orgId)).toHaveLength(before);
        const stored = org.sandbox
            .records(org.orgId, 'Opportunity')
            .filter((o) => ids.includes(o.Id));
        expect(
            stored.every(
                (o) =>
                    o.Closebooks_Sync_Status__c === null ||
                    o.Closebooks_Sync_Status__c === undefined
            )
        ).toBe(true);
    });

    it('reports account and contact changes with their mapped changed fields, and accepted quotes when invoices follow quotes', async () => {
        const ids = seedQuotedDeal('Quote Co');
        await org.sandbox.settle();
        const before = companion.accepted.length;
        const rep = org.connectAs(adminUsername);
        await rep.sobject('Account').update({
            Id: ids.a!,
            BillingCity: 'Nantes',
            Phone: '+33 1',
            Industry: 'Retail'
        });
        await rep.sobject('Contact').update({ Id: ids.c!, Email: 'buyer@example.com' });
        await rep.sobject('Quote').update({ Id: ids.q!, Status: 'Accepted' });
        await rep.sobject('Quote').update({ Id: ids.q!, Description: 'still accepted' });
        await org.sandbox.settle();
        const events = companion.accepted.slice(before).flatMap((a) => a.batch.events);
        expect(events.map((e) => [e.type, e.recordId, e.changedFields])).toEqual([
            ['account.changed', ids.a, ['BillingCity', 'Phone']],
            ['contact.changed', ids.c, ['Email']],
            ['quote.accepted', ids.q, undefined]
        ]);
        const deal = org.sandbox.records(org.orgId, 'Opportunity').find((o) => o.Id === ids.o);
        expect(deal?.Closebooks_Sync_Status__c).toBe('Pending');
    });

    it('records a failed delivery and marks the account Failed when the companion refuses the secret', async () => {
        org.sandbox.setCompanion(org.orgId, { ...companion.target, secret: 'wrong' });
        const { ids } = org.sandbox.seed(org.orgId, {
            records: [
                {
                    object: 'Account',
                    ref: 'a',
                    fields: { Name: 'Refused', BillingCountry: 'Chile' }
                }
            ]
        });
        await org.sandbox.settle();
        expect(org.sandbox.deliveries(org.orgId).at(-1)).toMatchObject({
            status: 401,
            delivered: false,
            batch: { events: [{ type: 'account.changed', recordId: ids.a }] }
        });
        const account = org.sandbox.records(org.orgId, 'Account').find((a) => a.Id === ids.a);
        expect(account?.Closebooks_Sync_Status__c).toBe('Failed');
        expect(account?.Closebooks_Sync_Message__c).toContain(
            'answered 401: bad connection secret'
        );
        org.sandbox.setCompanion(org.orgId, companion.target);
    });

    it('records a failed contact or quote delivery on the contact and the quote that started it, a quote also on its deal', async () => {
        const ids = seedQuotedDeal('Unreached');
        await org.sandbox.settle();
        org.sandbox.setCompanion(org.orgId, { ...companion.target, secret: 'wrong' });
        const rep = org.connectAs(adminUsername);
        await rep.sobject('Contact').update({ Id: ids.c!, Email: 'unreached@example.com' });
        await rep.sobject('Quote').update({ Id: ids.q!, Status: 'Accepted' });
        await org.sandbox.settle();
        org.sandbox.setCompanion(org.orgId, companion.target);

        const find = (object: string, id: string | undefined) =>
            org.sandbox.records(org.orgId, object).find((r) => r.Id === id);
        for (const [object, id] of [
            ['Contact', ids.c],
            ['Quote', ids.q],
            ['Opportunity', ids.o]
        ] as const) {
            expect(find(object, id), object).toMatchObject({ Closebooks_Sync_Status__c: 'Failed' });
            expect(find(object, id)?.Closebooks_Sync_Message__c, object).toContain('answered 401');
        }
        expect(find('Account', ids.a)?.Closebooks_Sync_Status__c).not.toBe('Failed');

        // Sent again once the companion answers: the contact's and the quote's failures are
        // cleared, the quote's deal waits.
        await rep.sobject('Contact').update({ Id: ids.c!, Email: 'reached@example.com' });
        expect(find('Contact', ids.c)).toMatchObject({
            Closebooks_Sync_Status__c: null,
            Closebooks_Sync_Message__c: null
        });
        await rep.sobject('Quote').update({ Id: ids.q!, Status: 'Draft' });
        await rep.sobject('Quote').update({ Id: ids.q!, Status: 'Accepted' });
        await org.sandbox.settle();
        expect(find('Quote', ids.q)).toMatchObject({
            Closebooks_Sync_Status__c: null,
            Closebooks_Sync_Message__c: null
        });
        expect(find('Opportunity', ids.o)?.Closebooks_Sync_Status__c).toBe('Pending');
    });
});
