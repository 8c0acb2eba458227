import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createTestApp } from '../../test/support/test-app.ts';
import { freshStore, putEventSecrets } from '../../test/support/store-fixture.ts';
import { createTestDb, testBackend, type TestDb } from '../../test/support/test-db.ts';
import { EVENT_HEADERS } from '../contracts/salesforce-events.ts';
import { getConflict, openConflict } from '../store/customer-sync.ts';
import { listJobs } from '../store/jobs-admin.ts';
import { findBySalesforceId } from '../store/links.ts';
import { CONFLICT_RESOLVE_JOB } from '../sync/customer/resolve.ts';
import { getReview, queueReviews } from '../sync/customer/first-link/reviews.ts';

const SECRET = 'secret-of-acme';
const ACCOUNT = '001000000000001AAA';
const OTHER = '001000000000002AAA';
const ADMIN_USER = '005000000000001AAA';
const candidate = (id: string) => ({
    zohoContactId: id,
    contactName: `Contact ${id}`,
    score: 55,
    reasons: ['same name "acme" (+55)']
});

describe(`the package's conflict inbox and review queue (${testBackend})`, () => {
    let t: TestDb;
    let made: ReturnType<typeof createTestApp>;
    let acme = '';
    let other = '';

    const call = (
        method: string,
        path: string,
        body?: unknown,
        connectionId = acme,
        secret = SECRET
    ) =>
        made.app.request(`/v1/package/customers${path}`, {
            method,
            headers: {
                [EVENT_HEADERS.connection]: connectionId,
                [EVENT_HEADERS.secret]: secret,
                'content-type': 'application/json'
            },
            ...(body === undefined ? {} : { body: JSON.stringify(body) })
        });

    const asOther = (method: string, path: string, body?: unknown) =>
        call(method, path, body, other, 'secret-of-other');

    const conflictFor = (connectionId: string, accountId: string) =>
        openConflict(t.db, connectionId, {
            accountId,
            zohoOrganizationId: '700000011',
            contactId: '46001',
            zohoField: 'phone',
            salesforceField: 'Phone',
            salesforceValue: '+1 555 0100',
            zohoValue: '+1 555 0199',
            baselineValue: '+1 555 0000',
            detectedAtMs: Date.UTC(2026, 10, 2)
        });

    beforeAll(async () => {
        t = await createTestDb();
    });
    afterAll(async () => {
        await t.drop();
    });
    beforeEach(async () => {
        ({ Acme: acme, Other: other } = await freshStore(t, {
            Acme: '00D5g000004ABCDEAQ',
            Other: '00D5g000004ZZZZEAQ'
        }));
        made = createTestApp(t.db);
        await putEventSecrets(t.db, made.keyring, { [acme]: SECRET, [other]: 'secret-of-other' });
        await conflictFor(acme, ACCOUNT);
        await conflictFor(other, OTHER);
        for (const [connectionId, accountId] of [
            [acme, ACCOUNT],
            [other, OTHER]
        ] as const)
            await queueReviews(t.db, {
                connectionId,
                zohoOrganizationId: '700000011',
                entries: [{ accountId, accountName: 'Acme', candidates: [candidate('46001')] }],
                nowMs: Date.UTC(2026, 10, 2)
            });
    });

    it('refuses a wrong secret and an unknown connection', async () => {
        expect((await call('GET', '/conflicts', undefined, acme, 'wrong')).status).toBe(401);
        expect((await call('GET', '/reviews', undefined, acme, 'wrong')).status).toBe(401);
        const post = await call('POST', '/reviews/1', { action: 'dismiss' }, acme, 'wrong');
        expect(post.status).toBe(401);
        expect((await call('GET', '/conflicts', undefined, 'nope')).status).toBe(404);
    });

    it("lists only its own connection's open conflicts", async () => {
        const { conflicts } = (await (await call('GET', '/conflicts')).json()) as {
            conflicts: { accountId: string; salesforceValue: unknown; zohoValue: unknown }[];
        };
        expect(conflicts).toHaveLength(1);
        expect(conflicts[0]).toMatchObject({
            accountId: ACCOUNT,
            salesforceValue: '+1 555 0100',
            zohoValue: '+1 555 0199'
        });
    });

    it('settles a conflict with the Zoho value and queues the job that writes it, once', async () => {
        const { conflicts } = (await (await call('GET', '/conflicts')).json()) as {
            conflicts: { id: string }[];
        };
        const path = `/conflicts/${conflicts[0]!.id}/resolve`;
        const settled = await call('POST', path, { choose: 'zoho' });
        expect(settled.status).toBe(202);
        expect((await settled.json()).job).toMatchObject({ kind: CONFLICT_RESOLVE_JOB });
        expect((await getConflict(t.db, acme, conflicts[0]!.id))?.resolution).toEqual({
            choose: 'zoho',
            value: '+1 555 0199'
        });
        const jobs = await listJobs(t.db, { connectionId: acme, limit: 10 });
        expect(jobs.filter((j) => j.kind === CONFLICT_RESOLVE_JOB)).toHaveLength(1);
        expect((await call('POST', path, { choose: 'zoho' })).status).toBe(409);
        expect((await (await call('GET', '/conflicts')).json()).conflicts).toEqual([]);
    });

    it('refuses a bad choice, another connection’s conflict, and a given value', async () => {
        const { conflicts } = (await (await asOther('GET', '/conflicts')).json()) as {
            conflicts: { id: string }[];
        };
        const theirs = `/conflicts/${conflicts[0]!.id}/resolve`;
        expect((await call('POST', theirs, { choose: 'zoho' })).status).toBe(404);
        const value = await asOther('POST', theirs, { choose: 'value', value: 'x' });
        expect(value.status).toBe(400);
        expect((await value.json()).error.code).toBe('validation_failed');
        expect((await call('POST', '/conflicts/abc/resolve', { choose: 'zoho' })).status).toBe(400);
        expect(await getConflict(t.db, other, conflicts[0]!.id)).toMatchObject({
            resolvedAtMs: null
        });
    });

    it('lists its open reviews and links one to its candidate, naming who decided', async () => {
        const { reviews } = (await (await call('GET', '/reviews')).json()) as {
            reviews: { id: string; salesforceAccountId: string; candidates: unknown[] }[];
        };
        expect(reviews.map((r) => r.salesforceAccountId)).toEqual([ACCOUNT]);
        const path = `/reviews/${reviews[0]!.id}`;
        const stranger = await call('POST', path, { action: 'link', zohoContactId: '9' });
        expect(stranger.status).toBe(400);
        expect((await stranger.json()).error.code).toBe('not_a_candidate');

        const linked = await call('POST', path, {
            action: 'link',
            zohoContactId: '46001',
            userId: ADMIN_USER
        });
        expect(linked.status).toBe(200);
        expect((await linked.json()).review).toMatchObject({
            state: 'linked',
            zohoContactId: '46001',
            resolvedBy: `salesforce:${ADMIN_USER}`
        });
        expect((await findBySalesforceId(t.db, acme, 'customer', ACCOUNT))?.zohoId).toBe('46001');
        expect((await call('POST', path, { action: 'dismiss' })).status).toBe(409);
        expect((await (await call('GET', '/reviews')).json()).reviews).toEqual([]);
    });

    it('dismisses or marks for a new customer, and refuses bad bodies and foreign reviews', async () => {
        const ours = (await (await call('GET', '/reviews')).json()) as {
            reviews: { id: string }[];
        };
        const theirs = (await (await asOther('GET', '/reviews')).json()) as {
            reviews: { id: string }[];
        };
        const foreign = `/reviews/${theirs.reviews[0]!.id}`;
        expect((await call('POST', foreign, { action: 'dismiss' })).status).toBe(404);
        expect((await asOther('POST', foreign, { action: 'merge' })).status).toBe(400);
        const badUser = await asOther('POST', foreign, { action: 'dismiss', userId: "x'" });
        expect(badUser.status).toBe(400);
        const fresh = await asOther('POST', foreign, { action: 'create_new' });
        expect((await fresh.json()).review).toMatchObject({ state: 'create_new' });

        const dismissed = await call('POST', `/reviews/${ours.reviews[0]!.id}`, {
            action: 'dismiss'
        });
        expect((await dismissed.json()).review).toMatchObject({
            state: 'dismissed',
            resolvedBy: 'salesforce'
        });
        expect((await getReview(t.db, acme, ours.reviews[0]!.id))?.state).toBe('dismissed');
    });
});
