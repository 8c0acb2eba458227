import { afterAll, describe, expect, it } from 'vitest';

import { DEMO_SALES_REP, joinAndSeed, startSandboxPair } from '../sandbox/demo/sandbox-mode.ts';
import { generateMasterKey, keyring } from '../src/security/vault.ts';
import { opportunityEvent, postEvents } from './support/events.ts';
import { startChild, stopChild, waitFor, type Child } from './support/invoice-children.ts';
import { createTestDb, testBackend, type TestDb } from './support/test-db.ts';

type Fields = { [field: string]: unknown };

/**
 * Two companion processes on one PostgreSQL, both told about the same won deal at the same
 * moment: the Salesforce org's event goes to one, a "Create invoice" click and a redelivery of
 * the same event to the other. One invoice, one complete write-back. (PGlite allows one process
 * per data directory, so this runs on PostgreSQL only.)
 */
describe.skipIf(testBackend !== 'postgres')('two companions racing on one deal (postgres)', () => {
    let t: TestDb | undefined;
    const children: Child[] = [];
    const closers: (() => Promise<void>)[] = [];
    afterAll(async () => {
        for (const child of children) await stopChild(child, 'SIGTERM');
        for (const close of closers) await close();
        await t?.drop();
    });

    it('ends with exactly one invoice and its write-back', async () => {
        t = await createTestDb();
        const masterKey = generateMasterKey();
        const pair = await startSandboxPair({});
        closers.push(() => pair.close());
        const sf = pair.salesforce.sandbox;
        const sfOrg = pair.salesforce.credentials.org_id;
        const { connectionId, eventSecret, seed } = await joinAndSeed(
            pair,
            { db: t.db, keyring: keyring(masterKey) },
            { companionUrl: 'http://127.0.0.1:9', deals: 2, linked: true }
        );
        const config = {
            store: `postgres:${t.url}`,
            masterKey,
            zoho: {
                clientId: pair.zoho.credentials.client_id,
                clientSecret: pair.zoho.credentials.client_secret,
                apiDomain: pair.zoho.credentials.api_domain
            },
            leaseMs: 5_000
        };
        const a = startChild(config);
        const b = startChild(config);
        children.push(a, b);
        const [urlA, urlB] = await Promise.all([a.url, b.url]);
        sf.setCompanion(sfOrg, { url: urlA, connectionId, secret: eventSecret });

        const opportunityId = seed.opportunities[0]!.salesforceId;
        const auth = { connectionId, eventSecret, orgId: sfOrg };
        sf.update(sfOrg, 'Opportunity', opportunityId, { StageName: 'Closed Won' }, DEMO_SALES_REP);
        await sf.settle();
        const delivered = sf.deliveries(sfOrg).at(-1)!;
        const won = delivered.batch.events[0]!;
        const answers = await Promise.all([
            // The same event again, at the other process (a Finalizer retry that went elsewhere).
            postEvents(urlB, auth, [won]),
            // A rep clicking "Create invoice" at the same moment.
            postEvents(urlB, auth, [
                opportunityEvent('invoice.requested', opportunityId, won.userId)
            ]),
            postEvents(urlA, auth, [won])
        ]);
        expect(answers.map((r) => r.status)).toEqual([202, 202, 202]);

        const synced = await waitFor(() => {
            const o = sf.records(sfOrg, 'Opportunity').find((r) => r.Id === opportunityId);
            return o?.Zoho_Invoice_Id__c && o.Closebooks_Sync_Status__c === 'Synced' ? o : false;
        }, 'the write-back');
        await waitFor(async () => {
            const [row] = await t!.db.query<{ n: number }>(
                "SELECT count(*)::int AS n FROM jobs WHERE state IN ('queued', 'running', 'retrying')"
            );
            return row?.n === 0;
        }, 'the queue to drain');

        const res = await pair.zoho.sandbox.app.request(
            `/_sandbox/orgs/${pair.zoho.credentials.organization_id}`
        );
        const invoices = ((await res.json()) as { invoices: Fields[] }).invoices;
        expect(invoices).toHaveLength(1);
        expect(invoices[0]!.invoice_id).toBe(synced.Zoho_Invoice_Id__c);
        // The redelivered event was stored once; the click made a second job, which found the invoice.
        const jobs = await t.db.query<{ state: string }>(
            "SELECT state FROM jobs WHERE kind = 'zoho.invoice.create'"
        );
        expect(jobs.map((j) => j.state)).toEqual(['done', 'done']);
        const created = await t.db.query<{ operation: string }>(
            "SELECT operation FROM journal WHERE operation LIKE 'zoho.invoice.%'"
        );
        expect(created).toHaveLength(1);
        expect(
            sf.records(sfOrg, 'Zoho_Invoice__c').filter((m) => m.Opportunity__c === opportunityId)
        ).toHaveLength(1);
    });
});
