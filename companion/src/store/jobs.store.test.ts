import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createTestDb, testBackend, type TestDb } from '../../test/support/test-db.ts';
import { claim, completeJob, enqueue, failJob, recoverExpiredJobs, releaseJob } from './jobs.ts';
import { countJobsByState, getJob, retryDeadJob } from './jobs-admin.ts';

const lease = { workerId: 'w1', leaseMs: 60_000 };

describe(`job queue (${testBackend})`, () => {
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

    it('runs a job through queued → running → done', async () => {
        const { job } = await enqueue(t.db, {
            kind: 'zoho.invoice.create',
            partitionKey: 'zoho:1',
            payload: { n: 1 }
        });
        expect(job.state).toBe('queued');
        const claimed = await claim(t.db, lease);
        expect(claimed).toMatchObject({
            id: job.id,
            state: 'running',
            attempts: 1,
            payload: { n: 1 }
        });
        const done = await completeJob(t.db, claimed!, 'w1');
        expect(done.state).toBe('done');
        expect(await claim(t.db, lease)).toBeUndefined();
    });

    it('ignores a second enqueue with the same dedupe key', async () => {
        const a = await enqueue(t.db, { kind: 'k', partitionKey: 'p', dedupeKey: 'event-1' });
        const b = await enqueue(t.db, { kind: 'k', partitionKey: 'p', dedupeKey: 'event-1' });
        expect(b).toEqual({ job: a.job, created: false });
        expect((await countJobsByState(t.db)).queued).toBe(1);
    });

    it('runs one job per partition at a time, and other partitions meanwhile', async () => {
        await enqueue(t.db, { kind: 'k', partitionKey: 'zoho:1' });
        await enqueue(t.db, { kind: 'k', partitionKey: 'zoho:1' });
        await enqueue(t.db, { kind: 'k', partitionKey: 'zoho:2' });
        const first = await claim(t.db, { workerId: 'a', leaseMs: 60_000 });
        const second = await claim(t.db, { workerId: 'b', leaseMs: 60_000 });
        const third = await claim(t.db, { workerId: 'c', leaseMs: 60_000 });
        expect([first?.partitionKey, second?.partitionKey].sort()).toEqual(['zoho:1', 'zoho:2']);
        expect(third).toBeUndefined();

        const one = first?.partitionKey === 'zoho:1' ? first : second;
        await completeJob(t.db, one!, one!.lockedBy!);
        expect((await claim(t.db, { workerId: 'c', leaseMs: 60_000 }))?.partitionKey).toBe(
            'zoho:1'
        );
    });

    it('retries a retryable failure later, and buries it when attempts run out', async () => {
        const { job } = await enqueue(t.db, { kind: 'k', partitionKey: 'p', maxAttempts: 2 });
        const firstTry = await claim(t.db, lease);
        const retrying = await failJob(
            t.db,
            firstTry!,
            'w1',
            { message: '503 from Zoho', retryable: true },
            () => 0
        );
        expect(retrying).toMatchObject({ state: 'retrying', lastError: '503 from Zoho' });
        expect(retrying.runAfter.getTime()).toBeGreaterThan(Date.now() + 500);
        expect(await claim(t.db, lease)).toBeUndefined();

        await t.db.query("UPDATE jobs SET run_after = now() - interval '1 second' WHERE id = $1", [
            job.id
        ]);
        const secondTry = await claim(t.db, lease);
        expect(secondTry?.attempts).toBe(2);
        const dead = await failJob(t.db, secondTry!, 'w1', {
            message: '503 again',
            retryable: true
        });
        expect(dead.state).toBe('dead');

        const revived = await retryDeadJob(t.db, job.id);
        expect(revived).toMatchObject({ state: 'queued', attempts: 0 });
        await expect(retryDeadJob(t.db, job.id)).rejects.toMatchObject({
            code: 'job_state_conflict'
        });
    });

    it('buries a non-retryable failure at once', async () => {
        await enqueue(t.db, { kind: 'k', partitionKey: 'p' });
        const claimed = await claim(t.db, lease);
        expect(
            (await failJob(t.db, claimed!, 'w1', { message: 'invalid tax', retryable: false }))
                .state
        ).toBe('dead');
    });

    it('gives a job back on shutdown without counting the attempt', async () => {
        await enqueue(t.db, { kind: 'k', partitionKey: 'p' });
        const claimed = await claim(t.db, lease);
        const released = await releaseJob(t.db, claimed!, 'w1');
        expect(released).toMatchObject({ state: 'queued', attempts: 0 });
        expect((await claim(t.db, { workerId: 'w2', leaseMs: 1000 }))?.id).toBe(claimed!.id);
    });

    it('recovers the jobs of a worker that died, and refuses its late answer', async () => {
        const { job } = await enqueue(t.db, { kind: 'k', partitionKey: 'p' });
        const claimed = await claim(t.db, { workerId: 'dies', leaseMs: 60_000 });
        await t.db.query(
            "UPDATE jobs SET locked_until = now() - interval '1 second' WHERE id = $1",
            [job.id]
        );
        await t.db.query("UPDATE job_partitions SET locked_until = now() - interval '1 second'");

        // No jitter: the first retry waits half the 2 s base step, as a failed attempt would.
        expect(await recoverExpiredJobs(t.db, { random: () => 0 })).toBe(1);
        expect((await getJob(t.db, job.id))?.state).toBe('retrying');
        await expect(completeJob(t.db, claimed!, 'dies')).rejects.toMatchObject({
            code: 'job_state_conflict'
        });
        const [wait] = await t.db.query<{ ms: number }>(
            'SELECT extract(epoch FROM run_after - updated_at) * 1000 AS ms FROM jobs WHERE id = $1',
            [job.id]
        );
        expect(Number(wait?.ms)).toBe(1_000);
        expect(await claim(t.db, { workerId: 'next', leaseMs: 60_000 })).toBeUndefined();

        await t.db.query("UPDATE jobs SET run_after = now() - interval '1 second'");
        expect((await claim(t.db, { workerId: 'next', leaseMs: 60_000 }))?.attempts).toBe(2);
    });

    it('only claims the kinds asked for', async () => {
        await enqueue(t.db, { kind: 'zoho.invoice.create', partitionKey: 'p1' });
        expect(await claim(t.db, { ...lease, kinds: ['salesforce.writeback'] })).toBeUndefined();
        expect((await claim(t.db, { ...lease, kinds: ['zoho.invoice.create'] }))?.kind).toBe(
            'zoho.invoice.create'
        );
    });

    it('rotates claims between partitions, so one backlog cannot starve another organization', async () => {
        for (let i = 0; i < 40; i++) await enqueue(t.db, { kind: 'k', partitionKey: 'zoho:busy' });
        const served: string[] = [];
        const serveOne = async () => {
            const job = await claim(t.db, lease);
            served.push(job!.partitionKey);
            await completeJob(t.db, job!, 'w1');
        };
        await serveOne();
        await serveOne();
        // A second organization's one job arrives behind the backlog, and is served next.
        await enqueue(t.db, { kind: 'k', partitionKey: 'zoho:quiet' });
        await serveOne();
        await serveOne();
        // Two new organizations are both served before the backlog's next job.
        await enqueue(t.db, { kind: 'k', partitionKey: 'zoho:late1' });
        await enqueue(t.db, { kind: 'k', partitionKey: 'zoho:late2' });
        // Equal ready times (a coarse clock gives them) are served in arrival order.
        await t.db.query(
            "UPDATE jobs SET run_after = now() - interval '1 second' WHERE partition_key LIKE 'zoho:late%'"
        );
        await serveOne();
        await serveOne();
        await serveOne();
        expect(served).toEqual([
            'zoho:busy',
            'zoho:busy',
            'zoho:quiet',
            'zoho:busy',
            'zoho:late1',
            'zoho:late2',
            'zoho:busy'
        ]);
    });
});
