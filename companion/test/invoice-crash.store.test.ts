import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { DEMO_SALES_REP, joinAndSeed, startSandboxPair } from '../sandbox/demo/sandbox-mode.ts';
import { generateMasterKey, keyring } from '../src/security/vault.ts';
import { openPglite, type Db } from '../src/store/db.ts';
import { migrate } from '../src/store/migrate.ts';
import { startChild, stopChild, waitFor, type Child } from './support/invoice-children.ts';
import type { InvoiceProcessConfig } from './support/invoice-process.ts';
import { listen } from './support/serve.ts';
import { createTestDb, testBackend, type TestDb } from './support/test-db.ts';

/**
 * The crash window of the invoice flow: Zoho has created the invoice, but the process dies
 * before it records the link, the journal entry and the write-back. A companion started again
 * on the same store must recover the job, adopt the invoice Zoho already has (the create is an
 * upsert by the opportunity id) instead of making a second one, and complete the write-back.
 */

// A heartbeat extends the lease every second: the lease leaves two seconds for a stall of a
// freshly started process on a loaded machine (its first job runs beside the write-back job).
const LEASE_MS = 3_000;

type Fields = { [field: string]: unknown };

describe(`a companion killed between the Zoho create and the write-back (${testBackend})`, () => {
    let t: TestDb | undefined;
    let dataDir = '';
    const children: Child[] = [];
    const closers: (() => Promise<void>)[] = [];

    afterAll(async () => {
        for (const child of children) await stopChild(child, 'SIGTERM');
        for (const close of closers.reverse()) await close().catch(() => undefined);
        await t?.drop();
        if (dataDir) await rm(dataDir, { recursive: true, force: true });
    });

    it('makes exactly one invoice and completes the write-back after a restart', async () => {
        const masterKey = generateMasterKey();
        const ring = keyring(masterKey);
        let store: string;
        let db: Db;
        /** Opens the store in this process; on PGlite only while no companion process runs. */
        let openStore: () => Promise<{ db: Db; done: () => Promise<void> }>;
        if (testBackend === 'postgres') {
            t = await createTestDb();
            store = `postgres:${t.url ?? ''}`;
            db = t.db;
            const shared = t.db;
            openStore = async () => ({ db: shared, done: async () => undefined });
        } else {
            dataDir = await mkdtemp(path.join(os.tmpdir(), 'closebooks-invoice-crash-'));
            store = `pglite:${dataDir}`;
            db = await openPglite(dataDir);
            openStore = async () => {
                const opened = await openPglite(dataDir);
                return { db: opened, done: () => opened.close() };
            };
        }
        await migrate(db);

        const pair = await startSandboxPair({});
        closers.push(() => pair.close());
        const sf = pair.salesforce.sandbox;
        const sfOrg = pair.salesforce.credentials.org_id;
        const zohoOrg = pair.zoho.credentials.organization_id;

        // The companion reaches Zoho through this front: the first invoice create is handled by
        // the simulator (the invoice exists), then the companion is killed before it gets the answer.
        let first: Child | undefined;
        let putStatus: number | undefined;
        let markKilled: () => void = () => undefined;
        const killed = new Promise<void>((resolve) => (markKilled = resolve));
        const front = await listen({
            fetch: async (request: Request) => {
                const target = first;
                const isCreate =
                    request.method === 'PUT' && /\/invoices$/.test(new URL(request.url).pathname);
                const response = await pair.zoho.sandbox.app.fetch(request);
                if (isCreate && target) {
                    first = undefined;
                    putStatus = response.status;
                    await stopChild(target, 'SIGKILL');
                    markKilled();
                }
                return response;
            }
        });
        closers.push(() => front.close());

        // Join and seed while this process holds the store, then hand it to the companion.
        const { connectionId, eventSecret, seed } = await joinAndSeed(
            pair,
            { db, keyring: ring },
            { companionUrl: 'http://127.0.0.1:9', deals: 3, linked: true }
        );
        if (testBackend === 'pglite') await db.close();

        const config: InvoiceProcessConfig = {
            store,
            masterKey,
            zoho: {
                clientId: pair.zoho.credentials.client_id,
                clientSecret: pair.zoho.credentials.client_secret,
                apiDomain: `${front.url}${new URL(pair.zoho.credentials.api_domain).pathname}`
            },
            leaseMs: LEASE_MS
        };
        const pointSalesforceAt = (url: string) =>
            sf.setCompanion(sfOrg, { url, connectionId, secret: eventSecret });

        first = startChild(config);
        children.push(first);
        pointSalesforceAt(await first.url);

        const opportunityId = seed.opportunities[0]!.salesforceId;
        const opportunity = (): Fields => {
            const found = sf.records(sfOrg, 'Opportunity').find((r) => r.Id === opportunityId);
            if (!found) throw new Error(`no opportunity ${opportunityId}`);
            return found as Fields;
        };
        const invoicesInZoho = async (): Promise<Fields[]> => {
            const res = await pair.zoho.sandbox.app.request(`/_sandbox/orgs/${zohoOrg}`);
            const state = (await res.json()) as { invoices: Fields[] };
            return state.invoices.filter((i) =>
                (i.custom_fields as { api_name?: string; value?: unknown }[] | undefined)?.some(
                    (f) =>
                        f.api_name === 'cf_salesforce_id' && f.value === `${sfOrg}:${opportunityId}`
                )
            );
        };

        sf.update(sfOrg, 'Opportunity', opportunityId, { StageName: 'Closed Won' }, DEMO_SALES_REP);
        await Promise.race([
            killed,
            new Promise((_, reject) =>
                setTimeout(() => reject(new Error('the invoice create never reached Zoho')), 20_000)
            )
        ]);

        // Zoho has the invoice; Salesforce and the store know nothing of it.
        expect(putStatus).toBe(201);
        const created = await invoicesInZoho();
        expect(created).toHaveLength(1);
        const invoiceId = String(created[0]!.invoice_id);
        expect(opportunity().Zoho_Invoice_Id__c ?? null).toBeNull();
        {
            const opened = await openStore();
            const journal = await opened.db.query<{ operation: string }>(
                "SELECT operation FROM journal WHERE operation LIKE 'zoho.invoice.%'"
            );
            const jobs = await opened.db.query<{ state: string }>(
                "SELECT state FROM jobs WHERE kind = 'zoho.invoice.create'"
            );
            await opened.done();
            expect(journal).toEqual([]);
            expect(jobs.map((j) => j.state)).toEqual(['running']);
        }

        // A companion started again on the same store recovers the job once the lease runs out.
        const second = startChild(config);
        children.push(second);
        pointSalesforceAt(await second.url);

        const synced = await waitFor(() => {
            const o = opportunity();
            return o.Closebooks_Sync_Status__c === 'Synced' && o.Zoho_Invoice_Id__c ? o : false;
        }, 'the write-back to the Opportunity');
        expect(synced.Zoho_Invoice_Id__c).toBe(invoiceId);
        expect(synced.Zoho_Invoice_Number__c).toBe(created[0]!.invoice_number);
        await waitFor(
            () =>
                sf
                    .records(sfOrg, 'Zoho_Invoice__c')
                    .find(
                        (r) =>
                            r.Opportunity__c === opportunityId && r.Zoho_Invoice_Id__c === invoiceId
                    ),
            'the Zoho_Invoice__c mirror'
        );
        await waitFor(
            () =>
                sf
                    .publishedEvents(sfOrg)
                    .find(
                        (m) =>
                            m.channel === '/event/Closebooks_Sync__e' &&
                            m.payload.Change_Kind__c === 'invoice' &&
                            m.payload.Record_Id__c === opportunityId
                    ),
            'the Closebooks_Sync__e invoice event'
        );
        expect(await invoicesInZoho()).toHaveLength(1);

        // Stop the second companion (PGlite: one process at a time), then read its records.
        await stopChild(second, 'SIGTERM');
        expect(second.process.exitCode).toBe(0);
        const opened = await openStore();
        const journal = await opened.db.query<{ operation: string; subject: string }>(
            `SELECT operation, subject FROM journal
             WHERE operation LIKE 'zoho.invoice.%' AND detail->>'opportunityId' = $1`,
            [opportunityId]
        );
        const jobs = await opened.db.query<{ state: string; attempts: number }>(
            "SELECT state, attempts FROM jobs WHERE kind = 'zoho.invoice.create'"
        );
        const links = await opened.db.query<{ zoho_id: string }>(
            "SELECT zoho_id FROM links WHERE kind = 'invoice' AND salesforce_id = $1",
            [opportunityId]
        );
        await opened.done();
        expect(journal).toEqual([{ operation: 'zoho.invoice.adopt', subject: invoiceId }]);
        expect(jobs).toEqual([{ state: 'done', attempts: 2 }]);
        expect(links).toEqual([{ zoho_id: invoiceId }]);
    });
});
