import { beforeEach, describe, expect, it } from 'vitest';

import { adminKeys } from '../../test/support/admin-keys.ts';
import { freshStore } from '../../test/support/store-fixture.ts';
import { createTestApp } from '../../test/support/test-app.ts';
import { testBackend, useTestDb } from '../../test/support/test-db.ts';
import { findBySalesforceId } from '../store/links.ts';
import { isAwaitingReview, queueReviews } from '../sync/customer/first-link/reviews.ts';

const ACCOUNT = '001000000000001AAA';
const OTHER = '001000000000002AAA';
const candidate = (id: string) => ({
    zohoContactId: id,
    contactName: `Contact ${id}`,
    score: 55,
    reasons: ['same name "acme" (+55)']
});

describe(`customer first-link admin routes (${testBackend})`, () => {
    const t = useTestDb();
    let app: ReturnType<typeof createTestApp>['app'];
    let readKey = '';
    let writeKey = '';
    let connectionId = '';

    const call = (method: string, path: string, key: string, body?: unknown) =>
        app.request(`/v1/admin/connections/${connectionId}${path}`, {
            method,
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
            ...(body === undefined ? {} : { body: JSON.stringify(body) })
        });

    beforeEach(async () => {
        connectionId = (await freshStore(t, { Acme: '00D000000000001AAA' })).Acme;
        app = createTestApp(t.db).app;
        ({ readKey, writeKey } = await adminKeys(t.db));
        await queueReviews(t.db, {
            connectionId,
            zohoOrganizationId: '700000011',
            entries: [
                { accountId: ACCOUNT, accountName: 'Acme', candidates: [candidate('46001')] },
                { accountId: OTHER, accountName: 'Acme Ltd', candidates: [candidate('46001')] }
            ],
            nowMs: Date.UTC(2026, 10, 2)
        });
    });

    it('lets a read key dry-run but not run the first link', async () => {
        // Not running in this app: the dry run passes the scope check and answers 503.
        expect((await call('POST', '/customers/first-link', readKey)).status).toBe(503);
        const run = await call('POST', '/customers/first-link?dryRun=false', readKey);
        expect(run.status).toBe(403);
        expect((await call('POST', '/customers/first-link?dryRun=false', writeKey)).status).toBe(
            503
        );
    });

    it('refuses a tax field that is not an API name, and an unknown connection', async () => {
        const bad = await call('POST', '/customers/first-link?taxField=Name%27--', readKey);
        expect(bad.status).toBe(400);
        expect((await bad.json()).error.code).toBe('validation_failed');
        connectionId = 'nope';
        expect((await call('GET', '/customers/review', readKey)).status).toBe(404);
    });

    it('lists the review queue and links a reviewed Account to its candidate, once', async () => {
        const list = (await (await call('GET', '/customers/review', readKey)).json()) as {
            reviews: { id: string; salesforceAccountId: string; state: string }[];
        };
        expect(list.reviews.map((r) => [r.salesforceAccountId, r.state])).toEqual([
            [ACCOUNT, 'open'],
            [OTHER, 'open']
        ]);
        const [first, second] = list.reviews;
        const path = `/customers/review/${first!.id}`;
        expect((await call('POST', path, readKey, { action: 'dismiss' })).status).toBe(403);
        const stranger = await call('POST', path, writeKey, { action: 'link', zohoContactId: '9' });
        expect(stranger.status).toBe(400);
        expect((await stranger.json()).error.code).toBe('not_a_candidate');

        const linked = await call('POST', path, writeKey, {
            action: 'link',
            zohoContactId: '46001'
        });
        expect(linked.status).toBe(200);
        expect((await linked.json()).review).toMatchObject({
            state: 'linked',
            zohoContactId: '46001'
        });
        expect((await findBySalesforceId(t.db, connectionId, 'customer', ACCOUNT))?.zohoId).toBe(
            '46001'
        );
        const [wb] = await t.db.query<{ payload: unknown }>('SELECT payload FROM writebacks');
        expect(JSON.stringify(wb?.payload)).toContain('"Zoho_Contact_Id__c":"46001"');
        expect(await isAwaitingReview(t.db, connectionId, ACCOUNT)).toBe(false);

        expect((await call('POST', path, writeKey, { action: 'dismiss' })).status).toBe(409);
        // The contact is taken: linking the other Account to it would merge two customers.
        const taken = await call('POST', `/customers/review/${second!.id}`, writeKey, {
            action: 'link',
            zohoContactId: '46001'
        });
        expect(taken.status).toBe(409);
        expect(await isAwaitingReview(t.db, connectionId, OTHER)).toBe(true);
    });

    it('dismisses, or marks for a new Zoho customer, which ends the review', async () => {
        const { reviews } = (await (await call('GET', '/customers/review', readKey)).json()) as {
            reviews: { id: string }[];
        };
        const dismissed = await call('POST', `/customers/review/${reviews[0]!.id}`, writeKey, {
            action: 'dismiss'
        });
        expect((await dismissed.json()).review).toMatchObject({ state: 'dismissed' });
        const fresh = await call('POST', `/customers/review/${reviews[1]!.id}`, writeKey, {
            action: 'create_new'
        });
        expect((await fresh.json()).review).toMatchObject({ state: 'create_new' });
        expect(await isAwaitingReview(t.db, connectionId, OTHER)).toBe(false);
        const open = await call('GET', '/customers/review?state=open', readKey);
        expect((await open.json()).reviews).toEqual([]);
        expect(
            (await call('POST', '/customers/review/999', writeKey, { action: 'dismiss' })).status
        ).toBe(404);
    });
});
