import { readFile } from 'node:fs/promises';

import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createTestApp } from '../../test/support/test-app.ts';
import { freshStore, putEventSecrets } from '../../test/support/store-fixture.ts';
import { createTestDb, testBackend, type TestDb } from '../../test/support/test-db.ts';
import {
    EVENT_HEADERS,
    EVENTS_PATH,
    type SalesforceEventBatch
} from '../contracts/salesforce-events.ts';
import { generateMasterKey, keyring as makeKeyring } from '../security/vault.ts';
import { addZohoOrganization } from '../store/connections.ts';
import { listJobs } from '../store/jobs-admin.ts';

const SECRET = 'a-long-shared-secret-for-the-named-credential';
const FIXTURE = new URL(
    '../../../config/contracts/fixtures/opportunity-won.v1.json',
    import.meta.url
);
const batch: SalesforceEventBatch = JSON.parse(await readFile(FIXTURE, 'utf8'));

describe(`POST ${EVENTS_PATH} (${testBackend})`, () => {
    let t: TestDb;
    let connectionId: string;
    const keyring = makeKeyring(generateMasterKey());
    const app = () => createTestApp(t.db, { keyring }).app;

    function post(body: unknown, extra: Record<string, string | undefined> = {}) {
        const headers = Object.fromEntries(
            Object.entries(extra).filter(
                (entry): entry is [string, string] => entry[1] !== undefined
            )
        );
        return app().request(EVENTS_PATH, {
            method: 'POST',
            headers: {
                'content-type': 'application/json',
                [EVENT_HEADERS.connection]: connectionId,
                [EVENT_HEADERS.secret]: SECRET,
                ...headers
            },
            body: typeof body === 'string' ? body : JSON.stringify(body)
        });
    }

    async function stored() {
        const [row] = await t.db.query<{ inbox: number; jobs: number }>(
            'SELECT (SELECT count(*) FROM inbox)::int AS inbox, (SELECT count(*) FROM jobs)::int AS jobs'
        );
        return row;
    }

    beforeAll(async () => {
        t = await createTestDb();
    });
    afterAll(async () => {
        await t.drop();
    });
    beforeEach(async () => {
        connectionId = (await freshStore(t, { Acme: batch.orgId })).Acme;
        await addZohoOrganization(t.db, { connectionId, organizationId: '10234695', region: 'eu' });
        await putEventSecrets(t.db, keyring, { [connectionId]: SECRET });
    });

    it('stores each event with one job and answers 202; a redelivery is acknowledged but not stored twice', async () => {
        const first = await post(batch);
        expect(first.status).toBe(202);
        expect(await first.json()).toEqual({ accepted: 2, duplicates: 0 });
        const jobs = await listJobs(t.db);
        expect(jobs.map((j) => [j.kind, j.partitionKey]).sort()).toEqual([
            ['zoho.customer.sync', 'zoho:10234695'],
            ['zoho.invoice.create', 'zoho:10234695']
        ]);

        const again = await post(batch);
        expect(again.status).toBe(202);
        expect(await again.json()).toEqual({ accepted: 0, duplicates: 2 });
        expect(await stored()).toEqual({ inbox: 2, jobs: 2 });
    });

    it('refuses a batch with an event whose job nothing runs, storing none of it', async () => {
        const onlyInvoices = createTestApp(t.db, {
            keyring,
            handledJobKinds: new Set(['zoho.invoice.create'])
        }).app;
        const res = await onlyInvoices.request(EVENTS_PATH, {
            method: 'POST',
            headers: {
                'content-type': 'application/json',
                [EVENT_HEADERS.connection]: connectionId,
                [EVENT_HEADERS.secret]: SECRET
            },
            body: JSON.stringify(batch)
        });
        expect(res.status).toBe(422);
        expect(await res.json()).toMatchObject({ error: { code: 'event_unhandled' } });
        expect(await stored()).toEqual({ inbox: 0, jobs: 0 });
    });

    it('stores the package field names of a namespaced org as local names', async () => {
        const prefixed: SalesforceEventBatch = {
            ...batch,
            batchId: 'namespaced-batch',
            events: batch.events.map((e) =>
                e.changedFields
                    ? {
                          ...e,
                          eventId: `${e.eventId}:ns`,
                          changedFields: ['cbks__Zoho_Contact_Id__c', 'Region__c']
                      }
                    : { ...e, eventId: `${e.eventId}:ns` }
            )
        };
        expect((await post(prefixed)).status).toBe(202);
        const rows = await t.db.query<{ payload: unknown }>(
            "SELECT payload FROM inbox WHERE type = 'account.changed'"
        );
        const payload = rows[0]?.payload;
        const event = (typeof payload === 'string' ? JSON.parse(payload) : payload) as {
            changedFields?: string[];
        };
        expect(event.changedFields).toEqual(['Zoho_Contact_Id__c', 'Region__c']);
    });

    it.each([
        {
            name: 'no credentials',
            headers: { [EVENT_HEADERS.secret]: '' },
            status: 401,
            code: 'unauthorized'
        },
        {
            name: 'a wrong secret',
            headers: { [EVENT_HEADERS.secret]: `${SECRET}x` },
            status: 401,
            code: 'unauthorized'
        },
        {
            name: 'an unknown connection',
            headers: { [EVENT_HEADERS.connection]: 'nope' },
            status: 404,
            code: 'not_found'
        },
        {
            name: 'a form body',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            status: 415,
            code: 'unsupported_media_type'
        }
    ])('refuses $name with $status and stores nothing', async ({ headers, status, code }) => {
        const res = await post(batch, headers);
        expect(res.status).toBe(status);
        expect(await res.json()).toMatchObject({ error: { code } });
        expect(await stored()).toEqual({ inbox: 0, jobs: 0 });
    });

    it.each([
        { name: 'malformed JSON', body: '{"contractVersion": 1,', status: 400 },
        {
            name: 'a batch that breaks the contract',
            body: { ...batch, contractVersion: 2 },
            status: 400
        },
        {
            name: 'a batch from another org',
            body: { ...batch, orgId: '00D000000000001AAA' },
            status: 403
        },
        {
            name: 'a body over 1 MB',
            body: { ...batch, padding: 'x'.repeat(1024 * 1024) },
            status: 413
        }
    ])('refuses $name with $status and stores nothing', async ({ body, status }) => {
        const res = await post(body);
        expect(res.status).toBe(status);
        expect((await res.json()).error.code).toEqual(expect.any(String));
        expect(await stored()).toEqual({ inbox: 0, jobs: 0 });
    });

    it('never answers 5xx and never stores anything, whatever arbitrary headers and bodies arrive', async () => {
        await fc.assert(
            fc.asyncProperty(
                fc.oneof(
                    fc.string(),
                    fc.json(),
                    fc.constant(JSON.stringify({ ...batch, events: [{}] }))
                ),
                fc.record({
                    'content-type': fc.oneof(fc.constant('application/json'), fc.string()),
                    [EVENT_HEADERS.connection]: fc.oneof(
                        fc.constant('__connection__'),
                        fc.string()
                    ),
                    [EVENT_HEADERS.secret]: fc.oneof(fc.constant(SECRET), fc.string())
                }),
                async (body, headers) => {
                    const safe = Object.fromEntries(
                        Object.entries(headers)
                            .map(([k, v]) => [k, v === '__connection__' ? connectionId : v])
                            .filter(([, v]) => /^[\t\x20-\x7e]*$/.test(v ?? ''))
                    );
                    const res = await post(body, safe);
                    expect(res.status).toBeLessThan(500);
                    expect(res.status).not.toBe(202);
                }
            ),
            { numRuns: 150 }
        );
        expect(await stored()).toEqual({ inbox: 0, jobs: 0 });
    });
});
