import { describe, expect, it } from 'vitest';

import { isAwaitingReview } from '../src/sync/customer/first-link/reviews.ts';
import { firstLinkEnv, type FirstLinkEnv } from './support/first-link-env.ts';
import { useTestDb } from './support/test-db.ts';

/**
 * The customer first link end to end against both simulators, seeded with the fixture of 200
 * Accounts and 200 Zoho customers (150 true pairs): the dry run writes nothing; the run links at
 * least 145 pairs and none wrongly, writes each Zoho id back on its Account, sends every other
 * true pair to review and creates nothing; a person resolves the review queue.
 */

let env: FirstLinkEnv | undefined;
const testDb = useTestDb(async () => {
    await env?.close();
    env = undefined;
});

type Plan = {
    links: { accountId: string; zohoContactId: string }[];
    review: { accountId: string; candidates: { zohoContactId: string }[] }[];
    create: { accountId: string }[];
};

/** The fixture's true pairs as Salesforce id → Zoho id. */
function truth(e: FirstLinkEnv) {
    return new Map(
        e.fixture.pairs.map(([a, c]) => [e.accountIds.get(a)!, e.contactIds.get(c)!] as const)
    );
}

async function count(e: FirstLinkEnv, sql: string) {
    const [row] = await e.db.query<{ n: number }>(sql);
    return row?.n ?? 0;
}

describe('customer first link', { timeout: 120_000 }, () => {
    it('plans without writing, then links ≥ 145 pairs with no wrong link, queues the rest and creates nothing', async () => {
        env = await firstLinkEnv(testDb.db);
        const e = env;
        const pairs = truth(e);

        const dry = await e.admin(
            'POST',
            '/customers/first-link?dryRun=true&taxField=AccountNumber'
        );
        expect(dry.status).toBe(200);
        const dryPlan = dry.body.plan as Plan;
        expect(await count(e, 'SELECT count(*)::int AS n FROM links')).toBe(0);
        expect(await count(e, 'SELECT count(*)::int AS n FROM customer_link_reviews')).toBe(0);
        expect(await count(e, 'SELECT count(*)::int AS n FROM writebacks')).toBe(0);

        const counts = await e.applyFirstLink('&taxField=AccountNumber');
        const plan = dryPlan;
        expect(counts).toMatchObject({
            linked: plan.links.length,
            review: plan.review.length,
            create: plan.create.length
        });

        const wrong = plan.links.filter((l) => pairs.get(l.accountId) !== l.zohoContactId);
        expect(wrong).toEqual([]);
        expect(plan.links.length).toBeGreaterThanOrEqual(145);
        const linked = new Set(plan.links.map((l) => l.accountId));
        const queued = new Map(
            plan.review.map((r) => [r.accountId, r.candidates.map((c) => c.zohoContactId)])
        );
        for (const [accountId, contactId] of pairs)
            if (!linked.has(accountId))
                expect(queued.get(accountId), accountId).toContain(contactId);

        const ledger = await e.db.query<{ salesforce_id: string; zoho_id: string }>(
            "SELECT salesforce_id, zoho_id FROM links WHERE kind = 'customer'"
        );
        // The run did what the dry run showed.
        const ledgerPairs = ledger.map((r) => `${r.salesforce_id}>${r.zoho_id}`).sort();
        expect(ledgerPairs).toEqual(
            plan.links.map((l) => `${l.accountId}>${l.zohoContactId}`).sort()
        );
        const reviews = await e.admin('GET', '/customers/review?state=open&limit=500');
        const reviewed = (reviews.body.reviews as { salesforceAccountId: string }[]).map(
            (r) => r.salesforceAccountId
        );
        expect(reviewed.sort()).toEqual(plan.review.map((r) => r.accountId).sort());
        // An Account in review is one the customer sync must not create in Zoho.
        const inReview = plan.review[0]!.accountId;
        expect(await isAwaitingReview(e.db, e.connectionId, inReview)).toBe(true);
        expect(await isAwaitingReview(e.db, e.connectionId, plan.links[0]!.accountId)).toBe(false);

        // Each linked Account holds its Zoho id, written back by the sender.
        await e.waitFor(
            () =>
                plan.links.every(
                    (l) => e.account(l.accountId).Zoho_Contact_Id__c === l.zohoContactId
                ),
            'the Zoho ids written back on the Accounts'
        );
        // Nothing was created on either side.
        expect(e.zohoContacts()).toHaveLength(200);
        expect(e.sf.records(e.sfOrg, 'Account')).toHaveLength(200);

        // A second run finds everything linked or queued: no new link, no new review.
        const again = await e.applyFirstLink('&taxField=AccountNumber');
        expect(again).toMatchObject({
            alreadyLinked: plan.links.length,
            linked: 0,
            review: plan.review.length
        });
        expect(await count(e, 'SELECT count(*)::int AS n FROM customer_link_reviews')).toBe(
            plan.review.length
        );
    });

    it('lets a person link a reviewed Account to its candidate, dismiss one, and mark one for creation', async () => {
        env = await firstLinkEnv(testDb.db);
        const e = env;
        const pairs = truth(e);
        await e.applyFirstLink('&taxField=AccountNumber');
        const { body } = await e.admin('GET', '/customers/review');
        const reviews = body.reviews as {
            id: string;
            salesforceAccountId: string;
            candidates: { zohoContactId: string }[];
        }[];
        const hard = reviews.find((r) => pairs.has(r.salesforceAccountId))!;
        const others = reviews.filter((r) => r !== hard);

        const notCandidate = await e.admin('POST', `/customers/review/${hard.id}`, {
            action: 'link',
            zohoContactId: '1'
        });
        expect(notCandidate.status).toBe(400);
        const contactId = pairs.get(hard.salesforceAccountId)!;
        const linked = await e.admin('POST', `/customers/review/${hard.id}`, {
            action: 'link',
            zohoContactId: contactId
        });
        expect(linked.status).toBe(200);
        expect(linked.body.review).toMatchObject({ state: 'linked', zohoContactId: contactId });
        expect(await isAwaitingReview(e.db, e.connectionId, hard.salesforceAccountId)).toBe(false);
        await e.waitFor(
            () => e.account(hard.salesforceAccountId).Zoho_Contact_Id__c === contactId,
            'the chosen Zoho id on the Account'
        );
        const again = await e.admin('POST', `/customers/review/${hard.id}`, { action: 'dismiss' });
        expect(again.status).toBe(409);

        const dismissed = await e.admin('POST', `/customers/review/${others[0]!.id}`, {
            action: 'dismiss'
        });
        expect(dismissed.body.review).toMatchObject({ state: 'dismissed', zohoContactId: null });
        const fresh = await e.admin('POST', `/customers/review/${others[1]!.id}`, {
            action: 'create_new'
        });
        expect(fresh.body.review).toMatchObject({ state: 'create_new' });
        expect(await isAwaitingReview(e.db, e.connectionId, others[1]!.salesforceAccountId)).toBe(
            false
        );

        // A later run leaves decided Accounts alone.
        const rerun = await e.admin(
            'POST',
            '/customers/first-link?dryRun=true&taxField=AccountNumber'
        );
        const rerunPlan = rerun.body.plan as Plan;
        const decided = [hard, others[0]!, others[1]!].map((r) => r.salesforceAccountId);
        expect(rerunPlan.review.map((r) => r.accountId)).not.toEqual(
            expect.arrayContaining([decided[1]])
        );
        expect(rerun.body.counts).toMatchObject({ alreadyDecided: 2 });
    });
});
