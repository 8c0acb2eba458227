import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createSandboxClock, type SandboxClock } from '../../../sandbox/clock.ts';
import { seedAccounts, servedSalesforce } from '../../../test/support/salesforce-org.ts';
import { freshStore } from '../../../test/support/store-fixture.ts';
import { createTestDb, testBackend, type TestDb } from '../../../test/support/test-db.ts';
import { DeferredError } from '../../errors.ts';
import { createLogger } from '../../log.ts';
import type { SalesforceClient } from '../../salesforce/connection.ts';
import { claim as claimJob, completeJob, enqueue as enqueueJob } from '../../store/jobs.ts';
import { WRITEBACK_FLUSH_JOB } from '../../store/writeback-flush.ts';
import { getMirrorStates, putMirrorState } from '../../store/mirror-state.ts';
import {
    enqueueWriteback,
    failedWritebacks,
    pendingWritebacks,
    type WritebackRecord
} from '../../store/writebacks.ts';
import type { ConnectionClients } from '../clients.ts';
import { INVOICE_JOB } from '../invoice/flow.ts';
import { createWritebackSender, type WritebackSender } from './sender.ts';

type Org = Awaited<ReturnType<typeof servedSalesforce>>;

const BATCH = 3;
const QUIET = 500;
const MAX_DELAY = 60_000;
const log = createLogger('silent');

describe(`write-back sender (${testBackend})`, () => {
    let t: TestDb;
    let org: Org;
    let sf: SalesforceClient;
    let accountIds: string[];
    let connectionId: string;
    let clock: SandboxClock;

    beforeAll(async () => {
        t = await createTestDb();
        org = await servedSalesforce();
        sf = org.client();
        accountIds = seedAccounts(org, 10, 'Sender');
    });
    afterAll(async () => {
        await org.close();
        await t.drop();
    });
    beforeEach(async () => {
        connectionId = (await freshStore(t, { Acme: org.orgId })).Acme;
        clock = createSandboxClock({ scale: 0, startAt: 1_700_000_000_000 });
    });

    function sender(maxAttempts = 8) {
        const clients: ConnectionClients = {
            salesforce: async () => sf,
            zoho: () => Promise.reject(new Error('the sender never talks to Zoho'))
        };
        return createWritebackSender({
            db: t.db,
            clock,
            log,
            clients,
            busyKinds: [INVOICE_JOB],
            batchSize: BATCH,
            maxDelayMs: MAX_DELAY,
            quietMs: QUIET,
            maxAttempts
        });
    }

    const website = (i: number, value: string): WritebackRecord[] => [
        { op: 'update', sobject: 'Account', fields: { Id: accountIds[i]!, Website: value } }
    ];
    const enqueue = (subject: string, records: WritebackRecord[]) =>
        enqueueWriteback(t.db, { connectionId, subject, records, nowMs: clock.now() });
    const stored = (i: number) =>
        org.sandbox.records(org.orgId, 'Account').find((a) => a.Id === accountIds[i]);
    const invoiceJobQueued = () =>
        enqueueJob(t.db, { kind: INVOICE_JOB, partitionKey: 'invoice:006A', connectionId });

    /**
     * Runs the connection's flush job once, as a worker runs it: `schedule` queues it, then it is
     * claimed and handled. It is ended as done whatever it answered, so the next run starts
     * afresh (the job's own retries and deferrals are sender-jobs.store.test.ts's subject).
     * @returns how many changes it tried: sent, given up or held back for a retry.
     */
    async function runFlushJob(s: WritebackSender): Promise<number> {
        const due = async () => (await pendingWritebacks(t.db, clock.now()))[0]?.count ?? 0;
        const before = await due();
        await s.schedule();
        const job = await claimJob(t.db, {
            workerId: 'w',
            leaseMs: 60_000,
            kinds: [WRITEBACK_FLUSH_JOB]
        });
        if (!job) return 0;
        try {
            const signal = new AbortController().signal;
            await s.handle(job, { db: t.db, log, signal, workerId: 'w' });
        } catch (error) {
            if (!(error instanceof DeferredError)) throw error;
        } finally {
            await completeJob(t.db, job, 'w');
        }
        return before - (await due());
    }

    it('sends a full batch at once, in one API call, even while invoices are queued', async () => {
        await invoiceJobQueued();
        for (let i = 0; i < BATCH; i++) await enqueue(`a:${i}`, website(i, `full-${i}.test`));
        await sf.request({ method: 'GET', path: '/limits' }); // signs in first
        const before = org.sandbox.usage(org.orgId).used;

        expect(await runFlushJob(sender())).toBe(BATCH);

        expect(org.sandbox.usage(org.orgId).used - before).toBe(1);
        expect(stored(0)?.Website).toBe('full-0.test');
        expect(stored(2)?.Website).toBe('full-2.test');
        expect(await pendingWritebacks(t.db, clock.now())).toEqual([]);
    });

    it('holds a lone change while an invoice job is queued, and sends it once the queue is empty', async () => {
        const { job } = await invoiceJobQueued();
        await enqueue('a:3', website(3, 'lone.test'));
        const s = sender();

        clock.advance(QUIET * 4);
        expect(await runFlushJob(s)).toBe(0);
        expect(stored(3)?.Website).not.toBe('lone.test');

        const running = await claimJob(t.db, { workerId: 'w', leaseMs: 60_000 });
        expect(running?.id).toBe(job.id);
        expect(await runFlushJob(s)).toBe(0); // running still counts as work coming
        await completeJob(t.db, running!, 'w');

        expect(await runFlushJob(s)).toBe(1);
        expect(stored(3)?.Website).toBe('lone.test');
    });

    it('waits for a quiet moment when nothing is queued, and sends after maxDelay while busy', async () => {
        const s = sender();
        await enqueue('a:4', website(4, 'quiet.test'));
        expect(await runFlushJob(s)).toBe(0);
        clock.advance(QUIET);
        expect(await runFlushJob(s)).toBe(1);
        expect(stored(4)?.Website).toBe('quiet.test');

        await invoiceJobQueued();
        await enqueue('a:5', website(5, 'delayed.test'));
        clock.advance(MAX_DELAY - 1);
        expect(await runFlushJob(s)).toBe(0);
        clock.advance(1);
        expect(await runFlushJob(s)).toBe(1);
        expect(stored(5)?.Website).toBe('delayed.test');
    });

    it('gives up a record refused with a non-retryable code, with its error; the rest is sent', async () => {
        await enqueue('a:6', website(6, 'fine.test'));
        await enqueue('a:7', [
            {
                op: 'update',
                sobject: 'Account',
                fields: { Id: accountIds[7]!, Name: 'x'.repeat(300) }
            }
        ]);

        clock.advance(QUIET);
        expect(await runFlushJob(sender())).toBe(2);

        expect(stored(6)?.Website).toBe('fine.test');
        expect(stored(7)?.Name).toBe('Sender 7');
        const failed = await failedWritebacks(t.db, connectionId);
        expect(failed).toHaveLength(1);
        expect(failed[0]).toMatchObject({ subject: 'a:7', failedAtMs: clock.now() });
        expect(failed[0]!.error).toMatch(/^Account STRING_TOO_LONG: /);
        expect(await pendingWritebacks(t.db, clock.now() + 10 * MAX_DELAY)).toEqual([]);
    });

    it('forgets the mirror state of a change given up, so the same state is written again later', async () => {
        const state = { dataHash: 'h', childKeys: [], overdue: false };
        for (const subject of ['a:6', 'a:7'])
            await putMirrorState(t.db, { connectionId, subject, state, nowMs: clock.now() });
        await enqueue('a:6', website(6, 'kept.test'));
        await enqueue('a:7', [
            {
                op: 'update',
                sobject: 'Account',
                fields: { Id: accountIds[7]!, Name: 'x'.repeat(300) }
            }
        ]);

        clock.advance(QUIET);
        await runFlushJob(sender());

        const left = await getMirrorStates(t.db, connectionId, ['a:6', 'a:7']);
        expect([...left.keys()]).toEqual(['a:6']);
    });

    it('keeps a change for a later try when Salesforce cannot be reached', async () => {
        await enqueue('a:8', website(8, 'later.test'));
        const unreachable = createWritebackSender({
            db: t.db,
            clock,
            log,
            clients: {
                salesforce: () => Promise.reject(new Error('connect ECONNREFUSED')),
                zoho: () => Promise.reject(new Error('unused'))
            },
            busyKinds: [INVOICE_JOB]
        });
        clock.advance(QUIET);
        await expect(runFlushJob(unreachable)).rejects.toThrow(/ECONNREFUSED/);
        expect(await failedWritebacks(t.db, connectionId)).toEqual([]);
        expect(await pendingWritebacks(t.db, clock.now())).toEqual([]);
        clock.advance(2_000);
        expect(await runFlushJob(sender())).toBe(1);
        expect(stored(8)?.Website).toBe('later.test');
    });

    it('retries a record Salesforce could not lock, with backoff, and gives it up after maxAttempts', async () => {
        org.sandbox.setFaults(org.orgId, { lockedIds: [accountIds[9]!] });
        try {
            await enqueue('a:9', website(9, 'locked.test'));
            const s = sender(2);
            clock.advance(QUIET);
            expect(await runFlushJob(s)).toBe(1);
            expect(await failedWritebacks(t.db, connectionId)).toEqual([]);
            expect(await runFlushJob(s)).toBe(0); // backing off: 1 s after the first attempt
            clock.advance(1_000);
            expect(await runFlushJob(s)).toBe(1);
            const [failed] = await failedWritebacks(t.db, connectionId);
            expect(failed?.subject).toBe('a:9');
            expect(failed?.error).toMatch(/UNABLE_TO_LOCK_ROW/);
        } finally {
            org.sandbox.setFaults(org.orgId, { lockedIds: [] });
        }
        await enqueue('a:9', website(9, 'unlocked.test'));
        clock.advance(QUIET);
        expect(await runFlushJob(sender())).toBe(1);
        expect(stored(9)?.Website).toBe('unlocked.test');
    });
});
