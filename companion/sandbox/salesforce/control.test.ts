import { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { listen } from '../../test/support/serve.ts';
import type { OrgCredentials } from './org-factory.ts';
import { createSalesforceSandbox } from './salesforce-sandbox.ts';
import { companionFake } from './test-support/companion-fake.ts';
import { API_VERSION } from './test-support/jsforce-org.ts';

const companion = companionFake('conn-http', 'http-secret');
const sandbox = createSalesforceSandbox({ fetch: companion.fetch });
let server: Awaited<ReturnType<typeof listen>>;

const post = (path: string, body: unknown, method = 'POST') =>
    fetch(`${server.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body)
    });

beforeAll(async () => {
    server = await listen(sandbox.app);
});
afterAll(() => server.close());

describe('the /_sandbox/ control surface', () => {
    let credentials: OrgCredentials;

    it('POST /_sandbox/orgs returns credentials that work with jsforce', async () => {
        const response = await post('/_sandbox/orgs', { name: 'Acme Corp' });
        expect(response.status).toBe(201);
        credentials = (await response.json()) as OrgCredentials;
        expect(credentials).toMatchObject({
            instance_url: server.url,
            login_url: server.url,
            username: 'integration@acme-corp.sandbox'
        });

        const byRefresh = new Connection({
            oauth2: {
                clientId: credentials.client_id,
                clientSecret: credentials.client_secret,
                loginUrl: credentials.login_url
            },
            instanceUrl: credentials.instance_url,
            refreshToken: credentials.refresh_token,
            version: API_VERSION
        });
        const result = await byRefresh.query<{ Name: string }>('SELECT Name FROM Organization');
        expect(result.records[0]?.Name).toBe('Acme Corp');

        const byToken = new Connection({
            instanceUrl: credentials.instance_url,
            accessToken: credentials.access_token,
            version: API_VERSION
        });
        const identity = await byToken.identity();
        expect(identity).toMatchObject({
            organization_id: credentials.org_id,
            username: credentials.username
        });
    });

    it('seeds as a normal user over HTTP, so the trigger behaviour reaches the configured companion', async () => {
        expect(
            (await post(`/_sandbox/orgs/${credentials.org_id}/companion`, companion.target, 'PUT'))
                .status
        ).toBe(204);
        const seeded = await post(`/_sandbox/orgs/${credentials.org_id}/seed`, {
            records: [
                {
                    object: 'Account',
                    ref: 'acme',
                    fields: { Name: 'Acme', BillingCountry: 'Canada' }
                },
                { object: 'Product2', ref: 'p', fields: { Name: 'Widget', IsActive: true } },
                {
                    object: 'PricebookEntry',
                    ref: 'pbe',
                    fields: {
                        Pricebook2Id: { ref: 'standardPricebook' },
                        Product2Id: { ref: 'p' },
                        UnitPrice: 40,
                        IsActive: true
                    }
                },
                {
                    object: 'Opportunity',
                    ref: 'o',
                    fields: {
                        Name: 'Big deal',
                        AccountId: { ref: 'acme' },
                        StageName: 'Closed Won',
                        CloseDate: '2026-11-30'
                    }
                },
                {
                    object: 'OpportunityLineItem',
                    fields: {
                        OpportunityId: { ref: 'o' },
                        PricebookEntryId: { ref: 'pbe' },
                        Quantity: 2,
                        UnitPrice: 40,
                        Discount: 10
                    }
                }
            ]
        });
        expect(seeded.status).toBe(201);
        const { ids } = (await seeded.json()) as { ids: Record<string, string> };
        await sandbox.settle();
        const deliveries = (await (
            await fetch(`${server.url}/_sandbox/orgs/${credentials.org_id}/deliveries`)
        ).json()) as Array<{ status: number; batch: { events: Array<{ type: string }> } }>;
        expect(deliveries).toHaveLength(1);
        expect(deliveries[0]?.status).toBe(202);
        // A deal inserted already won has no products at that moment: the package holds it.
        expect(deliveries[0]?.batch.events.map((e) => e.type)).toEqual(['account.changed']);
        const opportunity = (await (
            await fetch(
                `${server.url}/_sandbox/orgs/${credentials.org_id}/records/Opportunity/${ids.o}`
            )
        ).json()) as Record<string, unknown>;
        expect(opportunity).toMatchObject({
            Amount: 72,
            HasOpportunityLineItem: true,
            Pricebook2Id: ids.standardPricebook,
            Closebooks_Sync_Status__c: 'Held'
        });
    });

    it('acts as another user through a session, and a PATCH as a normal user fires the trigger behaviour', async () => {
        const user = await post(`/_sandbox/orgs/${credentials.org_id}/users`, {
            username: 'rep@acme.test',
            lastName: 'Rep'
        });
        expect(user.status).toBe(201);
        const session = (await (
            await post(`/_sandbox/orgs/${credentials.org_id}/sessions`, {
                username: 'rep@acme.test'
            })
        ).json()) as { access_token: string; user_id: string };
        const conn = new Connection({
            instanceUrl: server.url,
            accessToken: session.access_token,
            version: API_VERSION
        });
        const created = await conn
            .sobject('Account')
            .create({ Name: 'Rep account', BillingCountry: 'Chile' });
        const patched = await post(
            `/_sandbox/orgs/${credentials.org_id}/records/Account/${created.id}`,
            { fields: { Industry: 'Banking', Phone: '+56 2 1234' }, as: 'rep@acme.test' },
            'PATCH'
        );
        expect(patched.status).toBe(200);
        await sandbox.settle();
        const events = sandbox
            .deliveries(credentials.org_id)
            .flatMap((d) => d.batch.events)
            .filter((e) => e.recordId === created.id);
        expect(events.map((e) => [e.type, e.userId, e.changedFields])).toEqual([
            ['account.changed', session.user_id, ['BillingCountry', 'Name']],
            ['account.changed', session.user_id, ['Phone']]
        ]);
    });

    it('counts API requests, sends Sforce-Limit-Info, and refuses past the daily limit with 403', async () => {
        const small = createSalesforceSandbox({ dailyApiLimit: 3 });
        const creds = small.createOrg();
        let token = creds.access_token;
        const call = () =>
            small.app.request('/services/data/v65.0/limits', {
                headers: { authorization: `Bearer ${token}` }
            });
        const first = await call();
        expect(first.headers.get('sforce-limit-info')).toBe('api-usage=1/3');
        expect(((await first.json()) as { DailyApiRequests: unknown }).DailyApiRequests).toEqual({
            Max: 3,
            Remaining: 2
        });
        await call();
        await call();
        const refused = await call();
        expect(refused.status).toBe(403);
        expect(await refused.json()).toEqual([
            {
                message: 'TotalRequests Limit exceeded.',
                errorCode: 'REQUEST_LIMIT_EXCEEDED',
                fields: []
            }
        ]);
        expect(refused.headers.get('sforce-limit-info')).toBe('api-usage=3/3');
        small.clock.advance(24 * 60 * 60_000 + 60_000);
        token = small.sessionFor(creds.org_id, creds.username).access_token;
        expect((await call()).status).toBe(200);
        const versions = await small.app.request('/services/data/');
        expect(versions.status).toBe(200);
        expect(await versions.json()).toContainEqual({
            label: "Winter '26",
            url: '/services/data/v65.0',
            version: '65.0'
        });
    });

    it('answers control-surface mistakes with its own error body', async () => {
        const response = await post(`/_sandbox/orgs/${credentials.org_id}/seed`, {
            records: [{ object: 'Account', fields: { Nope__c: 1 } }]
        });
        expect(response.status).toBe(400);
        expect(await response.json()).toEqual({
            error: {
                code: 'invalid_field',
                message: "No such column 'Nope__c' on sobject of type Account"
            }
        });
        const unknown = await fetch(`${server.url}/_sandbox/orgs/00D000000000000AAA/usage`);
        expect(unknown.status).toBe(404);
    });

    it('moves the clock through the control surface', async () => {
        const before = sandbox.clock.now();
        const moved = (await (await post('/_sandbox/clock', { advanceMs: 3_600_000 })).json()) as {
            now: string;
        };
        expect(Date.parse(moved.now) - before).toBeGreaterThanOrEqual(3_600_000);
    });

    it('streams published platform events as server-sent events', async () => {
        const controller = new AbortController();
        const stream = await fetch(
            `${server.url}/_sandbox/orgs/${credentials.org_id}/events/stream`,
            { signal: controller.signal }
        );
        const reader = stream.body!.getReader();
        const conn = new Connection({
            instanceUrl: server.url,
            accessToken: credentials.access_token,
            version: API_VERSION
        });
        await conn.sobject('cbks__Closebooks_Sync__e').create({ cbks__Summary__c: 'INV-1 paid' });
        let text = '';
        while (!text.includes('\n\n'))
            text += new TextDecoder().decode((await reader.read()).value);
        controller.abort();
        expect(text).toContain('event: /event/Closebooks_Sync__e');
        expect(text).toContain('"Summary__c":"INV-1 paid"');

        const replay = new AbortController();
        const replayed = await fetch(
            `${server.url}/_sandbox/orgs/${credentials.org_id}/events/stream?replayId=-2&channel=/event/cbks__Closebooks_Sync__e`,
            { signal: replay.signal }
        );
        const replayReader = replayed.body!.getReader();
        let again = '';
        while (!again.includes('\n\n'))
            again += new TextDecoder().decode((await replayReader.read()).value);
        replay.abort();
        expect(again).toContain('"Summary__c":"INV-1 paid"');
    });
});
