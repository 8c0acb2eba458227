import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createSandboxClock } from '../../sandbox/clock.ts';
import { booksClient } from '../../sandbox/zoho/test-client.ts';
import { createZohoSandbox, type ZohoSandbox } from '../../sandbox/zoho/zoho-sandbox.ts';
import { createTestApp } from '../../test/support/test-app.ts';
import { createTestDb, testBackend, type TestDb } from '../../test/support/test-db.ts';
import type { Keyring } from '../security/vault.ts';
import { addZohoOrganization, createConnection } from '../store/connections.ts';
import { listJobs } from '../store/jobs-admin.ts';
import { putSecret } from '../store/secrets.ts';
import { WEBHOOK_TOKEN_HEADER } from './zoho-webhooks.ts';

const WEBHOOK_SECRET = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0';

describe(`POST /v1/zoho/webhooks/:connection (${testBackend})`, () => {
    let t: TestDb;
    let app: ReturnType<typeof createTestApp>['app'];
    let connectionId = '';
    let keyring: Keyring;
    const clock = createSandboxClock({ startAt: Date.UTC(2026, 10, 2), scale: 0 });

    async function stored() {
        const [row] = await t.db.query<{ inbox: number; jobs: number }>(
            'SELECT (SELECT count(*) FROM inbox)::int AS inbox, (SELECT count(*) FROM jobs)::int AS jobs'
        );
        return row;
    }

    /**
     * A Zoho simulator whose webhooks are delivered straight into the companion app: its
     * organization joined to the connection, with these webhooks pointing at the door.
     */
    async function zohoDeliveringTo(
        ...webhooks: Pick<
            Parameters<ZohoSandbox['addWebhook']>[1],
            'module' | 'events' | 'query_parameters'
        >[]
    ) {
        const zoho = createZohoSandbox({
            clock,
            fetch: async (input, init) => {
                const url = new URL(new Request(input, init).url);
                return app.request(`${url.pathname}${url.search}`, init);
            }
        });
        const creds = zoho.createOrg();
        await addZohoOrganization(t.db, {
            connectionId,
            organizationId: creds.organization_id,
            region: 'us'
        });
        const url = `https://companion.example/v1/zoho/webhooks/${connectionId}?organization_id=${creds.organization_id}`;
        for (const webhook of webhooks)
            zoho.addWebhook(creds.organization_id, { ...webhook, url, secret: WEBHOOK_SECRET });
        return { zoho, creds, books: booksClient(zoho, creds) };
    }

    beforeAll(async () => {
        t = await createTestDb();
    });
    afterAll(async () => {
        await t.drop();
    });
    beforeEach(async () => {
        await t.reset();
        const made = createTestApp(t.db, { clock });
        app = made.app;
        keyring = made.keyring;
        connectionId = (
            await createConnection(t.db, { name: 'Acme', salesforceOrgId: '00D5g000004ABCDEAQ' })
        ).id;
        await putSecret(
            t.db,
            made.keyring,
            { connectionId, kind: 'webhook_secret' },
            WEBHOOK_SECRET
        );
    });

    it('takes a signed invoice webhook from Zoho once, even when Zoho delivers it twice', async () => {
        const { zoho, creds, books } = await zohoDeliveringTo({
            module: 'invoice',
            events: ['created']
        });
        zoho.setFault({ kind: 'webhook_duplicate', times: 1 });
        const contact = await books.post('/contacts', { contact_name: 'Bowman and Co' });
        const customerId = (contact.body.contact as { contact_id: string }).contact_id;
        const invoice = await books.post('/invoices', {
            customer_id: customerId,
            line_items: [{ name: 'x', rate: 100 }]
        });
        await zoho.webhooks.flush();

        const deliveries = zoho.webhooks.deliveries();
        expect(deliveries.length).toBeGreaterThanOrEqual(2);
        expect(deliveries.every((d) => d.status === 'delivered')).toBe(true);
        expect(await stored()).toEqual({ inbox: 1, jobs: 1 });
        const [job] = await listJobs(t.db);
        expect(job).toMatchObject({
            kind: 'salesforce.invoice.sync',
            partitionKey: `salesforce:${connectionId}`,
            payload: {
                module: 'invoice',
                organizationId: creds.organization_id,
                recordId: (invoice.body.invoice as { invoice_id: string }).invoice_id
            }
        });
    });

    it('logs each webhook on one line, its request line, with the module, record and whether it was a repeat', async () => {
        const lines: Record<string, unknown>[] = [];
        const log = pino(
            { level: 'info' },
            { write: (line: string) => void lines.push(JSON.parse(line)) }
        );
        app = createTestApp(t.db, { clock, log, keyring }).app;
        const { zoho, books } = await zohoDeliveringTo({ module: 'contact', events: ['created'] });
        zoho.setFault({ kind: 'webhook_duplicate', times: 1 });
        const contact = await books.post('/contacts', { contact_name: 'Bowman and Co' });
        await zoho.webhooks.flush();

        const deliveries = zoho.webhooks.deliveries().length;
        expect(deliveries).toBeGreaterThanOrEqual(2);
        expect(lines).toHaveLength(deliveries);
        const recordId = (contact.body.contact as { contact_id: string }).contact_id;
        for (const line of lines)
            expect(line).toMatchObject({
                msg: 'request',
                method: 'POST',
                status: 200,
                connectionId,
                module: 'contact',
                recordId
            });
        expect(lines.map((l) => l.duplicate)).toEqual([
            false,
            ...Array.from({ length: deliveries - 1 }, () => true)
        ]);
    });

    const post = (path: string, body: string, headers: Record<string, string | undefined>) =>
        app.request(path, {
            method: 'POST',
            headers: Object.fromEntries(
                Object.entries({ 'content-type': 'application/json', ...headers }).filter(
                    (e): e is [string, string] => e[1] !== undefined
                )
            ),
            body
        });

    it.each([
        {
            name: 'a wrong signature',
            headers: { 'x-zoho-webhook-signature': 'deadbeef' },
            status: 401
        },
        { name: 'no signature and no token', headers: {}, status: 401 },
        { name: 'a wrong token', headers: { [WEBHOOK_TOKEN_HEADER]: 'guess' }, status: 401 }
    ])('refuses $name and stores nothing', async ({ headers, status }) => {
        await addZohoOrganization(t.db, { connectionId, organizationId: '123', region: 'us' });
        const res = await post(
            `/v1/zoho/webhooks/${connectionId}`,
            JSON.stringify({ invoice: { invoice_id: '1' } }),
            headers
        );
        expect(res.status).toBe(status);
        expect(await stored()).toEqual({ inbox: 0, jobs: 0 });
    });

    it('accepts our own token header, rejects a malformed body after it, and ignores empty test deliveries', async () => {
        await addZohoOrganization(t.db, { connectionId, organizationId: '123', region: 'us' });
        const auth = { [WEBHOOK_TOKEN_HEADER]: WEBHOOK_SECRET };
        const good = await post(
            `/v1/zoho/webhooks/${connectionId}`,
            JSON.stringify({
                payment: {
                    payment_id: 460000000012345,
                    last_modified_time: '2026-11-02T10:00:00+0000'
                }
            }),
            auth
        );
        expect(good.status).toBe(200);
        expect(await good.json()).toEqual({ accepted: 1, duplicates: 0 });
        expect((await post(`/v1/zoho/webhooks/${connectionId}`, '{"invoice":', auth)).status).toBe(
            400
        );
        expect(
            (
                await post(
                    `/v1/zoho/webhooks/${connectionId}`,
                    JSON.stringify({ estimate: { estimate_id: '1' } }),
                    auth
                )
            ).status
        ).toBe(400);
        expect((await post(`/v1/zoho/webhooks/${connectionId}`, '', auth)).status).toBe(200);
        expect((await post('/v1/zoho/webhooks/unknown', '{}', auth)).status).toBe(404);
        expect(await stored()).toEqual({ inbox: 1, jobs: 1 });
        expect((await listJobs(t.db))[0]?.kind).toBe('salesforce.payment.sync');
    });
    it('keeps all 19 digits of an id sent as a JSON number', async () => {
        await addZohoOrganization(t.db, { connectionId, organizationId: '123', region: 'us' });
        const res = await post(
            `/v1/zoho/webhooks/${connectionId}`,
            '{"invoice":{"invoice_id":9820000005671149999,"total":12.5}}',
            { [WEBHOOK_TOKEN_HEADER]: WEBHOOK_SECRET }
        );
        expect(res.status).toBe(200);
        const [job] = await listJobs(t.db);
        expect(job?.payload).toMatchObject({ recordId: '9820000005671149999' });
    });
    it('takes two different edits stamped with the same second, and a repeat of either once', async () => {
        await addZohoOrganization(t.db, { connectionId, organizationId: '123', region: 'us' });
        const auth = { [WEBHOOK_TOKEN_HEADER]: WEBHOOK_SECRET };
        const edit = (balance: number) =>
            JSON.stringify({
                invoice: {
                    invoice_id: '460000000054321',
                    balance,
                    last_modified_time: '2026-11-02T10:00:00+0000'
                }
            });
        const answers = [];
        for (const body of [edit(700), edit(1000), edit(700)]) {
            const res = await post(`/v1/zoho/webhooks/${connectionId}`, body, auth);
            answers.push(await res.json());
        }
        expect(answers).toEqual([
            { accepted: 1, duplicates: 0 },
            { accepted: 1, duplicates: 0 },
            { accepted: 0, duplicates: 1 }
        ]);
        expect(await stored()).toEqual({ inbox: 2, jobs: 2 });
    });
    it('takes a deletion whose body repeats the last edit, as its own event, and a repeat of it once', async () => {
        // Zoho sends no event type: the deletion rule's webhook names it in its own parameter.
        const { zoho, books } = await zohoDeliveringTo(
            { module: 'contact', events: ['edited'] },
            { module: 'contact', events: ['deleted'], query_parameters: { event: 'deleted' } }
        );
        const created = await books.post('/contacts', { contact_name: 'Gone Soon Ltd' });
        const contactId = (created.body.contact as { contact_id: string }).contact_id;
        await books.put(`/contacts/${contactId}`, {
            contact_name: 'Gone Soon Ltd',
            contact_type: 'customer',
            website: 'https://gone.example'
        });
        // Zoho delivers the deletion twice: the second is a duplicate.
        zoho.setFault({ kind: 'webhook_duplicate', times: 1 });
        await books.call('DELETE', `/contacts/${contactId}`);
        await zoho.webhooks.flush();

        const [edited, deleted, again] = zoho.webhooks.deliveries();
        expect(deleted?.body).toBe(edited?.body);
        expect(again?.body).toBe(deleted?.body);
        expect(await stored()).toEqual({ inbox: 2, jobs: 2 });
        const jobs = await listJobs(t.db);
        expect(jobs.map((j) => (j.payload as { event: string }).event).sort()).toEqual([
            'changed',
            'deleted'
        ]);

        const res = await post(
            `/v1/zoho/webhooks/${connectionId}?event=Deleted!`,
            edited?.body ?? '',
            { [WEBHOOK_TOKEN_HEADER]: WEBHOOK_SECRET }
        );
        expect(res.status).toBe(400);
    });

    it('stores thirty webhooks arriving at once, each with its job, in a few writes and fewer reads of the connection', async () => {
        await addZohoOrganization(t.db, { connectionId, organizationId: '123', region: 'us' });
        let transactions = 0;
        let writes = 0;
        let reads = 0;
        const db: typeof t.db = {
            ...t.db,
            query: (sql, params) => {
                if (sql.includes('INSERT INTO inbox')) writes += 1;
                else reads += 1;
                return t.db.query(sql, params);
            },
            transaction: (fn) => {
                transactions += 1;
                return t.db.transaction(fn);
            }
        };
        const made = createTestApp(db, { clock });
        await putSecret(
            t.db,
            made.keyring,
            { connectionId, kind: 'webhook_secret' },
            WEBHOOK_SECRET
        );
        const auth = { 'content-type': 'application/json', [WEBHOOK_TOKEN_HEADER]: WEBHOOK_SECRET };

        const answers = await Promise.all(
            Array.from({ length: 30 }, (_, i) =>
                made.app.request(`/v1/zoho/webhooks/${connectionId}`, {
                    method: 'POST',
                    headers: auth,
                    body: JSON.stringify({ invoice: { invoice_id: String(460000000054000 + i) } })
                })
            )
        );

        expect(answers.map((a) => a.status)).toEqual(Array<number>(30).fill(200));
        expect(await stored()).toEqual({ inbox: 30, jobs: 30 });
        expect(transactions + writes).toBeGreaterThan(0);
        expect(transactions + writes).toBeLessThan(30);
        // What the door knows of the connection (status, secret, organizations): one read, at
        // most, for each webhook, shared by those arriving while it runs.
        expect(reads).toBeGreaterThan(0);
        expect(reads).toBeLessThan(30);
    });
});
