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

    function seedOpportunities(count: number, prefix: string) {
        const records = [
            { object: 'Account', ref: 'acct', fields: { Name: `${prefix} account` } },
            ...Array.from({ length: count }, (_, i) => ({
                object: 'Opportunity',
                fields: {
                    Name: `${prefix} ${i}`,
                    AccountId: { ref: 'acct' },
                    StageName: 'Negotiation/Review',
                    CloseDate: '2026-12-01'
                }
            }))
        ];
        // Seeded by the integration user, so the seeding itself raises no events.
        const seeded = org.sandbox.seed(org.orgId, { records, as: org.credentials.username });
        return seeded.created.filter((c) => c.object === 'Opportunity').map((c) => c.id);
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

    it('reports account and contact changes with the changed fields, and accepted quotes', async () => {
        const seeded = org.sandbox.seed(org.orgId, {
            as: org.credentials.username,
            records: [
                { object: 'Account', ref: 'a', fields: { Name: 'Quote Co' } },
                {
                    object: 'Contact',
                    ref: 'c',
                    fields: { LastName: 'Buyer', AccountId: { ref: 'a' } }
                },
                {
                    object: 'Opportunity',
                    ref: 'o',
                    fields: {
                        Name: 'Quoted',
                        AccountId: { ref: 'a' },
                        StageName: 'Prospecting',
                        CloseDate: '2026-12-01'
                    }
                },
                { object: 'Quote', ref: 'q', fields: { Name: 'Q-1', OpportunityId: { ref: 'o' } } }
            ]
        });
        await org.sandbox.settle();
        const before = companion.accepted.length;
        const rep = org.connectAs(adminUsername);
        await rep
            .sobject('Account')
            .update({ Id: seeded.ids.a!, BillingCity: 'Nantes', Phone: '+33 1' });
        await rep.sobject('Contact').update({ Id: seeded.ids.c!, Email: 'buyer@example.com' });
        await rep.sobject('Quote').update({ Id: seeded.ids.q!, Status: 'Accepted' });
        await rep.sobject('Quote').update({ Id: seeded.ids.q!, Description: 'still accepted' });
        await org.sandbox.settle();
        const events = companion.accepted.slice(before).flatMap((a) => a.batch.events);
        expect(events.map((e) => [e.type, e.recordId, e.changedFields])).toEqual([
            ['account.changed', seeded.ids.a, ['BillingCity', 'Phone']],
            ['contact.changed', seeded.ids.c, ['Email']],
            ['quote.accepted', seeded.ids.q, undefined]
        ]);
    });

    it('records a failed delivery when the companion refuses the secret', async () => {
        org.sandbox.setCompanion(org.orgId, { ...companion.target, secret: 'wrong' });
        org.sandbox.seed(org.orgId, {
            records: [{ object: 'Account', fields: { Name: 'Refused' } }]
        });
        await org.sandbox.settle();
        expect(org.sandbox.deliveries(org.orgId).at(-1)).toMatchObject({
            status: 401,
            batch: { events: [{ type: 'account.changed' }] }
        });
        org.sandbox.setCompanion(org.orgId, companion.target);
    });
});
