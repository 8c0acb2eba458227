import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createSandboxClock, type SandboxClock } from '../../../sandbox/clock.ts';
import { waitFor } from '../../../test/support/invoice-children.ts';
import { seedAccounts, servedSalesforce } from '../../../test/support/salesforce-org.ts';
import { freshStore } from '../../../test/support/store-fixture.ts';
import { createTestDb, testBackend, type TestDb } from '../../../test/support/test-db.ts';
import { backoffMs } from '../../backoff.ts';
import { createWorker, type Worker } from '../../jobs/worker.ts';
import { createLogger } from '../../log.ts';
import type { SalesforceClient, SalesforceRequest } from '../../salesforce/connection.ts';
import { claim, enqueue as enqueueJob, type Job } from '../../store/jobs.ts';
import { getJob, listJobs, retryDeadJob } from '../../store/jobs-admin.ts';
import { WRITEBACK_FLUSH_JOB } from '../../store/writeback-flush.ts';
import { enqueueWriteback, failedWritebacks } from '../../store/writebacks.ts';
import { INVOICE_JOB } from '../invoice/flow.ts';
import { createWritebackSender } from './sender.ts';

type Org = Awaited<ReturnType<typeof servedSalesforce>>;

const RANDOM = () => 0.5;
const log = createLogger('silent');

/** Account ids in the records of a composite call (each update carries its Id). */
function accountIdsIn(request: SalesforceRequest): string[] {
    if (request.path !== '/composite') return [];
    const body = request.body as { compositeRequest: { body?: { records?: { Id?: string }[] } }[] };
    return body.compositeRequest.flatMap((s) => (s.body?.records ?? []).map((r) => r.Id ?? ''));
}

/** The write-back job in the queue: each test drives it through real workers. */
describe(`write-back flush job (${testBackend})`, () => {
    let t: TestDb;
    let org: Org;
    let sf: SalesforceClient;
    let accountIds: string[];
    let connectionId: string;
    let clock: SandboxClock;
    let workers: Worker[];
    /** How often each account was in a composite call, whoever sent it. */
    let sends: Map<string, number>;
    let composites: number;

    beforeAll(async () => {
        t = await createTestDb();
        org = await servedSalesforce();
        sf = org.client();
        accountIds = seedAccounts(org, 24, 'Job');
        await sf.request({ method: 'GET', path: '/limits' }); // signs in first
    });
    afterAll(async () => {
        await org.close();
        await t.drop();
    });
    beforeEach(async () => {
        connectionId = (await freshStore(t, { Acme: org.orgId })).Acme;
        clock = createSandboxClock({ scale: 0, startAt: 1_700_000_000_000 });
        workers = [];
        sends = new Map();
        composites = 0;
    });
    afterEach(async () => {
        await Promise.all(workers.map((w) => w.stop()));
        org.sandbox.setFaults(org.orgId, { serverErrors: null, latencyMs: 0 });
    });

    /** Our client, counting what it sends; `hang` makes a composite call never answer. */
    function client(hang: boolean): SalesforceClient {
        return {
            apiVersion: sf.apiVersion,
            usage: () => sf.usage(),
            async request<T>(request: SalesforceRequest): Promise<T> {
                const ids = accountIdsIn(request);
                if (ids.length > 0) composites++;
                for (const id of ids) sends.set(id, (sends.get(id) ?? 0) + 1);
                const answer = await sf.request<T>(request);
                if (hang && ids.length > 0) return new Promise<T>(() => undefined); // died here
                return answer;
            }
        };
    }

    function sender(options: { maxAttempts?: number; batchSize?: number; hang?: boolean } = {}) {
        return createWritebackSender({
            db: t.db,
            clock,
            log,
            clients: {
                salesforce: async () => client(options.hang ?? false),
                zoho: () => Promise.reject(new Error('the sender never talks to Zoho'))
            },
            busyKinds: [INVOICE_JOB],
            batchSize: options.batchSize ?? 200,
            quietMs: 0,
            maxDelayMs: 60_000,
            tickMs: 20,
            retryLookMs: 20,
            random: RANDOM,
            ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {})
        });
    }

    function worker(
        workerId: string,
        s: ReturnType<typeof sender>,
        tuning: { leaseMs?: number } = {}
    ): Worker {
        const w = createWorker({
            db: t.db,
            log,
            handlers: { [WRITEBACK_FLUSH_JOB]: s.handle },
            workerId,
            concurrency: 2,
            idlePollMs: 10,
            random: RANDOM,
            ...tuning
        });
        workers.push(w);
        w.start();
        return w;
    }

    const change = (i: number, value: string) =>
        enqueueWriteback(t.db, {
            connectionId,
            subject: `a:${i}`,
            records: [
                { op: 'update', sobject: 'Account', fields: { Id: accountIds[i]!, Website: value } }
            ],
            nowMs: clock.now()
        });
    const stored = (i: number) =>
        org.sandbox.records(org.orgId, 'Account').find((a) => a.Id === accountIds[i])?.Website;
    const flushJobs = async () =>
        (await listJobs(t.db)).filter((j) => j.kind === WRITEBACK_FLUSH_JOB);
    /** The wait the queue gave a failed job: set with its failure, in one statement. */
    const jobWaitMs = async (id: string) => {
        const [row] = await t.db.query<{ ms: number }>(
            `SELECT round(extract(epoch FROM (run_after - updated_at)) * 1000)::int AS ms
             FROM jobs WHERE id = $1`,
            [id]
        );
        return row?.ms;
    };
    const rowWaitMs = async () => {
        const [row] = await t.db.query<{ ms: string }>(
            'SELECT (run_after_ms - $1)::text AS ms FROM writebacks',
            [clock.now()]
        );
        return Number(row?.ms);
    };

    it('retries a failing Salesforce write on the shared backoff and leaves a dead letter after maxAttempts', async () => {
        const maxAttempts = 3;
        org.sandbox.setFaults(org.orgId, { serverErrors: { status: 503, count: 1_000 } });
        await change(0, 'outage.test');
        const s = sender({ maxAttempts });
        expect(await s.schedule()).toBe(1);
        worker('w1', s);

        for (let attempt = 1; attempt < maxAttempts; attempt++) {
            const job = await waitFor(
                async () =>
                    (await flushJobs()).find(
                        (j) => j.state === 'retrying' && j.attempts === attempt
                    ),
                `failed attempt ${attempt}`
            );
            const want = backoffMs(attempt, { random: RANDOM });
            expect(await jobWaitMs(job.id)).toBe(want);
            expect(await rowWaitMs()).toBe(want); // the change waits on the same schedule
            // Time passes: the change and its job are due again.
            clock.advance(want);
            await t.db.query('UPDATE jobs SET run_after = now() WHERE id = $1', [job.id]);
            workers[0]!.poke();
        }
        const dead = await waitFor(
            async () => (await flushJobs()).find((j) => j.state === 'dead'),
            'the dead letter'
        );
        expect(dead).toMatchObject({ attempts: maxAttempts, connectionId });
        expect(dead.lastError).toMatch(/503|unavailable|server/i);
        expect((await listJobs(t.db, { state: 'dead', connectionId })).map((j) => j.id)).toEqual([
            dead.id
        ]);
        expect(sends.get(accountIds[0]!)).toBe(maxAttempts);
        // The change is not lost: an admin's retry, once Salesforce is back, sends it.
        expect(await failedWritebacks(t.db, connectionId)).toEqual([]);
        org.sandbox.setFaults(org.orgId, { serverErrors: null });
        clock.advance(backoffMs(maxAttempts, { random: RANDOM }));
        await retryDeadJob(t.db, dead.id);
        workers[0]!.poke();
        await waitFor(async () => (await getJob(t.db, dead.id))?.state === 'done', 'the retry');
        expect(stored(0)).toBe('outage.test');
    });

    it('two processes never send the same change twice', async () => {
        org.sandbox.setFaults(org.orgId, { latencyMs: 30 });
        const a = sender({ batchSize: 3 });
        const b = sender({ batchSize: 3 });
        worker('process-a', a);
        worker('process-b', b);
        for (let wave = 0; wave < 6; wave++) {
            for (let k = 0; k < 4; k++) await change(wave * 4 + k, `once-${wave}-${k}.test`);
            await Promise.all([a.schedule(), b.schedule()]);
            a.poke();
            b.poke();
            await new Promise((resolve) => setTimeout(resolve, 15));
        }
        await waitFor(
            async () => accountIds.every((_, i) => String(stored(i)).startsWith('once-')),
            'every change sent'
        );
        await Promise.all(workers.map((w) => w.idle()));

        expect(accountIds.map((id) => sends.get(id))).toEqual(accountIds.map(() => 1));
        const journal = await t.db.query<{ subject: string; n: number }>(
            `SELECT subject, count(*)::int AS n FROM journal
             WHERE operation = 'salesforce.writeback' GROUP BY subject`
        );
        expect(journal).toHaveLength(accountIds.length);
        expect(journal.every((j) => j.n === 1)).toBe(true);
    });

    it('resends once when the process sending a batch dies mid-send (its lease runs out)', async () => {
        await change(0, 'crash-0.test');
        await change(1, 'crash-1.test');
        const dying = sender({ hang: true });
        await dying.schedule();
        const job = (await claim(t.db, {
            workerId: 'dies',
            leaseMs: 300,
            kinds: [WRITEBACK_FLUSH_JOB]
        })) as Job;
        void dying.handle(job, {
            db: t.db,
            log,
            signal: new AbortController().signal,
            workerId: 'dies'
        });
        // Salesforce has it; the sender never hears back.
        await waitFor(() => stored(1) === 'crash-1.test', 'the first send');
        expect(composites).toBe(1);

        worker('survivor', sender(), { leaseMs: 300 });
        await waitFor(async () => (await getJob(t.db, job.id))?.state === 'done', 'the resend');
        await Promise.all(workers.map((w) => w.idle()));

        expect(composites).toBe(2);
        expect(sends.get(accountIds[0]!)).toBe(2);
        expect(sends.get(accountIds[1]!)).toBe(2);
        expect(await getJob(t.db, job.id)).toMatchObject({ attempts: 2, state: 'done' });
        const [pending] = await t.db.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM writebacks WHERE sent_at_ms IS NULL'
        );
        expect(pending?.n).toBe(0);
        expect(await flushJobs()).toHaveLength(1);
    });

    it('puts itself back while a batch fills during a burst, then sends the batch in one call', async () => {
        const s = sender({ batchSize: 3 });
        await enqueueJob(t.db, { kind: INVOICE_JOB, partitionKey: 'invoice:006A', connectionId });
        await change(0, 'burst-0.test');
        await s.schedule();
        worker('w1', s);

        const waiting = await waitFor(
            async () =>
                (await flushJobs()).find(
                    (j) => j.state === 'queued' && j.lastError?.startsWith('writeback_waiting')
                ),
            'the job to put itself back'
        );
        expect(waiting.attempts).toBe(0); // waiting for a batch is not a failed attempt
        expect(composites).toBe(0);

        await change(1, 'burst-1.test');
        await change(2, 'burst-2.test');
        await s.schedule(); // deduplicated: the waiting job takes them
        await waitFor(async () => (await getJob(t.db, waiting.id))?.state === 'done', 'the send');

        expect(composites).toBe(1);
        expect([stored(0), stored(1), stored(2)]).toEqual([
            'burst-0.test',
            'burst-1.test',
            'burst-2.test'
        ]);
        expect(await flushJobs()).toHaveLength(1);
    });
});
