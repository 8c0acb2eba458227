import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createTestApp } from '../../test/support/test-app.ts';
import { freshStore, putEventSecrets } from '../../test/support/store-fixture.ts';
import { createTestDb, testBackend, type TestDb } from '../../test/support/test-db.ts';
import { EVENT_HEADERS } from '../contracts/salesforce-events.ts';
import { addZohoOrganization, recordKeyFields, setConnectionStatus } from '../store/connections.ts';
import { claim, enqueue, failJob } from '../store/jobs.ts';
import { getJob } from '../store/jobs-admin.ts';

const SECRET = 'secret-of-acme';

describe(`the package's API (${testBackend})`, () => {
    let t: TestDb;
    let made: ReturnType<typeof createTestApp>;
    let acme = '';
    let other = '';

    const call = (path: string, init: RequestInit = {}, connectionId = acme, secret = SECRET) =>
        made.app.request(`/v1/package${path}`, {
            ...init,
            headers: { [EVENT_HEADERS.connection]: connectionId, [EVENT_HEADERS.secret]: secret }
        });

    async function deadJob(connectionId: string) {
        const { job } = await enqueue(t.db, {
            kind: 'zoho.invoice.create',
            partitionKey: `p-${connectionId}`,
            connectionId,
            maxAttempts: 1,
            payload: { event: { recordId: '006Hs00001AbCdEIAV' } }
        });
        const claimed = await claim(t.db, {
            workerId: 'w',
            leaseMs: 60_000,
            kinds: ['zoho.invoice.create']
        });
        await failJob(t.db, claimed!, 'w', {
            message: 'currency XAU is not enabled in Zoho',
            retryable: false
        });
        return job.id;
    }

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
    });

    it('reports the connection, connected once a Zoho organization is joined and active', async () => {
        expect(await (await call('/connection')).json()).toMatchObject({
            connected: false,
            region: null
        });
        await addZohoOrganization(t.db, {
            connectionId: acme,
            organizationId: '10234695',
            region: 'eu'
        });
        await setConnectionStatus(t.db, acme, 'active');
        expect(await (await call('/connection')).json()).toMatchObject({
            connected: true,
            organizationId: '10234695',
            region: 'eu',
            keyFields: null,
            notices: []
        });
        const at = new Date(Date.UTC(2026, 10, 25));
        await recordKeyFields(t.db, '10234695', { invoice: false, contact: false }, at);
        const status = await (await call('/connection')).json();
        expect(status.keyFields).toEqual({
            invoice: false,
            contact: false,
            checkedAt: at.toISOString()
        });
        expect(status.notices).toEqual([
            expect.stringContaining('"Salesforce Id"'),
            expect.stringContaining('Customers and Vendors')
        ]);
    });

    it('lists and retries only its own dead letters', async () => {
        const mine = await deadJob(acme);
        const theirs = await deadJob(other);
        const list = await (await call('/dead-letters')).json();
        expect(list.items).toEqual([
            expect.objectContaining({
                id: mine,
                recordId: '006Hs00001AbCdEIAV',
                lastError: 'currency XAU is not enabled in Zoho',
                attempts: 1
            })
        ]);
        expect((await call(`/dead-letters/${theirs}/retry`, { method: 'POST' })).status).toBe(404);
        expect((await call(`/dead-letters/${mine}/retry`, { method: 'POST' })).status).toBe(200);
        expect((await getJob(t.db, mine))?.state).toBe('queued');
        expect((await getJob(t.db, theirs))?.state).toBe('dead');
        expect((await call(`/dead-letters/${mine}/retry`, { method: 'POST' })).status).toBe(409);
    });

    it('reports the Zoho API budget of its organization', async () => {
        await addZohoOrganization(t.db, {
            connectionId: acme,
            organizationId: '10234695',
            region: 'eu'
        });
        for (let i = 0; i < 3; i++)
            await (await made.zohoLimiter.acquire('10234695', 'job')).done();
        expect(await (await call('/budget')).json()).toMatchObject({
            dailyLimit: 2000,
            usedToday: 3,
            perMinuteLimit: 100,
            usedLastMinute: 3
        });
    });

    it.each([
        { name: 'a wrong secret', connection: () => acme, secret: 'nope', status: 401 },
        {
            name: 'another connection’s secret',
            connection: () => other,
            secret: SECRET,
            status: 401
        },
        { name: 'an unknown connection', connection: () => 'nope', secret: SECRET, status: 404 }
    ])('refuses $name', async ({ connection, secret, status }) => {
        expect((await call('/dead-letters', {}, connection(), secret)).status).toBe(status);
    });
});
