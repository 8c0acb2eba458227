import { setTimeout as sleep } from 'node:timers/promises';

import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createTestDb, testBackend, type TestDb } from '../../test/support/test-db.ts';
import type { Clock } from '../clock.ts';
import { AppError } from '../errors.ts';
import { enqueue } from '../store/jobs.ts';
import { getJob, listJobs } from '../store/jobs-admin.ts';
import { createZohoRateLimiter, RateDeferredError } from '../zoho/rate-limiter.ts';
import { limitsForPlan } from '../zoho/rate-policy.ts';
import { createWorker, type JobHandler } from './worker.ts';

const log = pino({ level: 'silent' });

/** Time stands still: a call that waits for the rate limit waits until its job is stopped. */
const stillClock = (at: number): Clock => ({
    now: () => at,
    sleep: (_ms, signal) =>
        new Promise((_resolve, reject) =>
            signal?.addEventListener('abort', () => reject(signal.reason as Error))
        )
});

describe(`worker (${testBackend})`, () => {
    let t: TestDb;

    beforeAll(async () => {
        t = await createTestDb();
    });
    afterAll(async () => {
        await t.drop();
    });
    beforeEach(async () => {
        await t.reset();
    });

    it('runs every job once, buries what cannot succeed and schedules retries for the rest', async () => {
        const seen: string[] = [];
        const handlers: Record<string, JobHandler> = {
            'test.ok': async (job) => {
                seen.push(job.id);
            },
            'test.invalid': async () => {
                throw new AppError('validation_failed', 'the tax code is unknown');
            },
            'test.flaky': async () => {
                throw new AppError('zoho_unavailable', 'Zoho answered 503', { retryable: true });
            }
        };
        const ok = await Promise.all(
            [1, 2, 3, 4, 5].map((n) =>
                enqueue(t.db, { kind: 'test.ok', partitionKey: `p${n % 2}` })
            )
        );
        const invalid = await enqueue(t.db, { kind: 'test.invalid', partitionKey: 'p9' });
        const flaky = await enqueue(t.db, { kind: 'test.flaky', partitionKey: 'p8' });

        const worker = createWorker({ db: t.db, log, handlers, concurrency: 2, idlePollMs: 20 });
        worker.start();
        await worker.idle();
        await worker.stop();

        expect(seen.sort()).toEqual(ok.map((o) => o.job.id).sort());
        expect(await getJob(t.db, invalid.job.id)).toMatchObject({
            state: 'dead',
            lastError: 'validation_failed: the tax code is unknown'
        });
        expect(await getJob(t.db, flaky.job.id)).toMatchObject({ state: 'retrying', attempts: 1 });
        expect((await listJobs(t.db, { state: 'done' })).length).toBe(5);
    });

    it('hands back a job that is still running when the grace period ends', async () => {
        const { job } = await enqueue(t.db, { kind: 'test.slow', partitionKey: 'p' });
        let started = false;
        const worker = createWorker({
            db: t.db,
            log,
            idlePollMs: 20,
            shutdownGraceMs: 100,
            handlers: {
                'test.slow': async (_job, ctx) => {
                    started = true;
                    await sleep(60_000, undefined, { signal: ctx.signal });
                }
            }
        });
        worker.start();
        while (!started) await sleep(10);
        await worker.stop();
        expect(await getJob(t.db, job.id)).toMatchObject({
            state: 'queued',
            attempts: 0,
            lockedBy: null
        });
    });

    it('lets a running job finish within the grace period', async () => {
        const { job } = await enqueue(t.db, { kind: 'test.short', partitionKey: 'p' });
        let started = false;
        const worker = createWorker({
            db: t.db,
            log,
            idlePollMs: 20,
            shutdownGraceMs: 5_000,
            handlers: {
                'test.short': async () => {
                    started = true;
                    await sleep(150);
                }
            }
        });
        worker.start();
        while (!started) await sleep(10);
        await worker.stop();
        expect((await getJob(t.db, job.id))?.state).toBe('done');
    });

    const now = 1_800_000_000_000;

    /** Organization `org` made `calls` job calls 30 s ago (its budget: 96, the rest is reserve). */
    async function usedBudget(org: string, calls: number): Promise<void> {
        await t.db.query(
            `INSERT INTO zoho_api_calls (organization_id, at_ms, priority)
             SELECT $1, $2::bigint + g, 'job' FROM generate_series(1, $3::int) g`,
            [org, now - 30_000, calls]
        );
    }

    /** Jobs that each make one Zoho call for the organization in their payload. */
    function zohoJobs() {
        const limiter = createZohoRateLimiter({
            db: t.db,
            clock: stillClock(now),
            limitsFor: () => limitsForPlan('professional'),
            deferJobsBeyondMs: 2_000
        });
        const world = { started: [] as string[], ran: [] as string[], given: [] as number[] };
        const handler: JobHandler = async (job, ctx) => {
            const org = (job.payload as { org: string }).org;
            world.started.push(org);
            try {
                await (await limiter.acquire(org, 'job', ctx.signal)).done({ status: 200 });
            } catch (error) {
                if (error instanceof RateDeferredError) world.given.push(error.retryAtMs);
                throw error;
            }
            world.ran.push(org);
        };
        const enqueueFor = (org: string) =>
            enqueue(t.db, { kind: 'test.zoho', partitionKey: `zoho:${org}`, payload: { org } });
        return { ...world, handler, enqueueFor };
    }

    /**
     * The database's now before and after `act`: a job deferred by `waitMs` during it must run
     * after between those instants plus the wait (the limiter's still clock is another clock).
     */
    async function queueWindow(act: () => Promise<void>) {
        const dbNow = async () =>
            (await t.db.query<{ now: Date | string }>('SELECT now() AS now'))[0]!.now;
        const before = new Date(await dbNow()).getTime();
        await act();
        const after = new Date(await dbNow()).getTime();
        return {
            holds: (runAfter: Date, waitMs: number) =>
                runAfter.getTime() >= before + waitMs && runAfter.getTime() <= after + waitMs
        };
    }

    async function runOneSlot(handler: JobHandler): Promise<void> {
        const worker = createWorker({
            db: t.db,
            log,
            handlers: { 'test.zoho': handler },
            concurrency: 1,
            idlePollMs: 20,
            shutdownGraceMs: 100
        });
        worker.start();
        // A job sleeping on the still clock would hold the only slot until stop() gives up.
        await Promise.race([worker.idle(), sleep(10_000)]);
        await worker.stop();
    }

    it('reschedules a job that must wait for Zoho, attempt uncounted, and runs another organization meanwhile', async () => {
        await usedBudget('orgA', 96);
        const zoho = zohoJobs();
        const a = await zoho.enqueueFor('orgA');
        const b = await zoho.enqueueFor('orgB');
        const window = await queueWindow(() => runOneSlot(zoho.handler));

        // The oldest of the 96 calls leaves the minute window 30 s from now (the limiter's
        // clock); the queue waits as long on its own clock.
        expect(zoho.given).toEqual([now + 30_002]);
        const after = await getJob(t.db, a.job.id);
        expect(after).toMatchObject({ state: 'queued', attempts: 0, lockedBy: null });
        expect(window.holds(after!.runAfter, 30_002)).toBe(true);
        expect(zoho.ran).toEqual(['orgB']);
        expect((await getJob(t.db, b.job.id))?.state).toBe('done');
    });

    it('lets two tenants both make progress while one organization is throttled with a backlog', async () => {
        await usedBudget('orgA', 94);
        const zoho = zohoJobs();
        const backlog = [];
        for (let i = 0; i < 30; i++) backlog.push((await zoho.enqueueFor('orgA')).job.id);
        for (let i = 0; i < 5; i++) await zoho.enqueueFor('orgB');
        const window = await queueWindow(() => runOneSlot(zoho.handler));

        // Turns alternate: the second tenant waits behind one job of the backlog, not thirty.
        expect(zoho.started.slice(0, 4)).toEqual(['orgA', 'orgB', 'orgA', 'orgB']);
        expect(zoho.ran.filter((o) => o === 'orgB')).toHaveLength(5);
        // The throttled organization used the two calls it had left, and waits for the window.
        expect(zoho.ran.filter((o) => o === 'orgA')).toHaveLength(2);
        const waiting = await listJobs(t.db, { state: 'queued' });
        expect(waiting.map((j) => j.id).sort()).toEqual(backlog.slice(2).sort());
        for (const job of waiting) {
            expect(job.attempts).toBe(0);
            expect(window.holds(job.runAfter, 30_002)).toBe(true);
        }
    });
});
