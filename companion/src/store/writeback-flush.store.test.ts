import { beforeEach, describe, expect, it } from 'vitest';

import { freshStore } from '../../test/support/store-fixture.ts';
import { testBackend, useTestDb } from '../../test/support/test-db.ts';
import { claim, completeJob, deferJob, failJob } from './jobs.ts';
import { getJob, listJobs, retryDeadJob } from './jobs-admin.ts';
import {
    scheduleWritebackFlushes,
    WRITEBACK_FLUSH_JOB,
    writebackFlushPartition
} from './writeback-flush.ts';
import { enqueueWriteback, markWritebackFailed, dueWritebacks } from './writebacks.ts';

describe(`write-back flush scheduling (${testBackend})`, () => {
    const t = useTestDb();
    let connectionId = '';
    let otherId = '';

    beforeEach(async () => {
        const ids = await freshStore(t, {
            Acme: '00D000000000000AAA',
            Other: '00D000000000000BBB'
        });
        connectionId = ids.Acme;
        otherId = ids.Other;
    });

    const change = (subject: string, conn = connectionId, nowMs = 1_000) =>
        enqueueWriteback(t.db, {
            connectionId: conn,
            subject,
            records: [{ op: 'update', sobject: 'Account', fields: { Id: '001A', Name: subject } }],
            nowMs
        });
    const schedule = (nowMs = 2_000) => scheduleWritebackFlushes(t.db, { nowMs, maxAttempts: 3 });
    const flushJobs = async () =>
        (await listJobs(t.db)).filter((j) => j.kind === WRITEBACK_FLUSH_JOB);
    const lease = { workerId: 'w', leaseMs: 60_000, kinds: [WRITEBACK_FLUSH_JOB] };

    it('queues one flush job per connection with changes, however often or concurrently asked', async () => {
        expect(await schedule()).toEqual([]);
        await change('a');
        await change('b');
        await change('x', otherId);

        const rounds = await Promise.all([schedule(), schedule(), schedule()]);
        expect(rounds.flat().sort()).toEqual([connectionId, otherId].sort());
        expect(await schedule()).toEqual([]);
        const jobs = await flushJobs();
        expect(jobs.map((j) => [j.connectionId, j.partitionKey, j.maxAttempts]).sort()).toEqual(
            [
                [connectionId, writebackFlushPartition(connectionId), 3],
                [otherId, writebackFlushPartition(otherId), 3]
            ].sort()
        );
    });

    it('adds none while the flush job runs, and a new one once it is done', async () => {
        await change('a');
        await schedule();
        const running = await claim(t.db, lease);
        expect(running?.kind).toBe(WRITEBACK_FLUSH_JOB);
        await change('b');
        expect(await schedule()).toEqual([]);

        await completeJob(t.db, running!, 'w');
        expect(await schedule()).toEqual([connectionId]);
        expect((await flushJobs()).map((j) => j.state).sort()).toEqual(['done', 'queued']);
    });

    it('wakes a flush job put back while its batch fills when another change arrives', async () => {
        await change('a');
        await schedule();
        const job = await claim(t.db, lease);
        const waiting = await deferJob(t.db, job!, 'w', 60_000, 'writeback_waiting: batch');
        expect(await claim(t.db, lease)).toBeUndefined();

        await change('b');
        expect(await schedule()).toEqual([connectionId]);
        expect((await claim(t.db, lease))?.id).toBe(waiting.id);
        expect(await getJob(t.db, waiting.id)).toMatchObject({ state: 'running', attempts: 1 });
        expect(await flushJobs()).toHaveLength(1);
    });

    it('waits for changes held back by a failed try to be due again', async () => {
        await change('a');
        const [row] = await dueWritebacks(t.db, { connectionId, limit: 1, nowMs: 1_000 });
        await markWritebackFailed(t.db, row!, {
            error: 'UNABLE_TO_LOCK_ROW',
            nowMs: 1_000,
            retryAfterMs: 5_000,
            giveUp: false
        });
        expect(await schedule(5_999)).toEqual([]);
        expect(await schedule(6_000)).toEqual([connectionId]);
    });

    it('starts a new flush job after a dead one, so a dead letter does not stop the connection', async () => {
        await change('a');
        await schedule();
        const job = await claim(t.db, lease);
        const dead = await failJob(t.db, job!, 'w', { message: 'boom', retryable: false });
        expect(dead.state).toBe('dead');

        expect(await schedule()).toEqual([connectionId]);
        expect((await flushJobs()).map((j) => j.state).sort()).toEqual(['dead', 'queued']);

        // The dead letter's retry waits for the live job: two would send the same changes.
        await expect(retryDeadJob(t.db, dead.id)).rejects.toMatchObject({
            code: 'job_state_conflict'
        });
        await completeJob(t.db, (await claim(t.db, lease))!, 'w');
        expect(await retryDeadJob(t.db, dead.id)).toMatchObject({ state: 'queued', attempts: 0 });
    });
});
