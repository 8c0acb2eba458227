import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openPglite, type Db } from '../src/store/db.ts';
import { enqueue } from '../src/store/jobs.ts';
import { migrate } from '../src/store/migrate.ts';
import { createTestDb, testBackend, type TestDb } from './support/test-db.ts';

const PROCESS = fileURLToPath(new URL('./support/queue-worker-process.ts', import.meta.url));

type Child = {
    exited: Promise<number | null>;
    kill: (signal: NodeJS.Signals) => void;
    started: Promise<void>;
};

function runWorker(store: string, workerId: string, jobMs: number): Child {
    const child = spawn('node', ['--import', 'tsx', PROCESS, store, workerId, String(jobMs)], {
        stdio: ['ignore', 'pipe', 'inherit']
    });
    const started = new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    return {
        started,
        exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
        kill: (signal) => child.kill(signal)
    };
}

async function prepare(db: Db, jobs: number, partitions: number): Promise<void> {
    await migrate(db);
    await db.exec(`CREATE TABLE job_runs (job_id bigint NOT NULL, partition_key text NOT NULL, worker_id text NOT NULL,
                   started_at timestamptz NOT NULL, finished_at timestamptz)`);
    for (let i = 0; i < jobs; i++) {
        await enqueue(db, { kind: 'test.record', partitionKey: `zoho:${i % partitions}` });
    }
}

type Run = {
    job_id: string;
    partition_key: string;
    worker_id: string;
    started_at: Date;
    finished_at: Date | null;
};

function overlapsWithinPartition(runs: Run[]): string[] {
    const byPartition = new Map<string, Run[]>();
    for (const run of runs)
        byPartition.set(run.partition_key, [...(byPartition.get(run.partition_key) ?? []), run]);
    const problems: string[] = [];
    for (const [partition, list] of byPartition) {
        const sorted = list.toSorted((a, b) => +new Date(a.started_at) - +new Date(b.started_at));
        for (let i = 1; i < sorted.length; i++) {
            const previous = sorted[i - 1]!;
            if (
                previous.finished_at &&
                +new Date(previous.finished_at) > +new Date(sorted[i]!.started_at)
            ) {
                problems.push(
                    `${partition}: job ${sorted[i]!.job_id} started before job ${previous.job_id} ended`
                );
            }
        }
    }
    return problems;
}

describe.runIf(testBackend === 'postgres')('three companion processes on one PostgreSQL', () => {
    let t: TestDb;
    beforeAll(async () => {
        t = await createTestDb();
    });
    afterAll(async () => {
        await t.drop();
    });

    it('run every job exactly once and never two jobs of one organization at a time', async () => {
        await prepare(t.db, 240, 8);
        const children = ['a', 'b', 'c'].map((id) => runWorker(`postgres:${t.url}`, id, 5));
        expect(await Promise.all(children.map((c) => c.exited))).toEqual([0, 0, 0]);

        const runs = await t.db.query<Run>(
            'SELECT job_id::text, partition_key, worker_id, started_at, finished_at FROM job_runs'
        );
        expect(runs).toHaveLength(240);
        expect(new Set(runs.map((r) => r.job_id)).size).toBe(240);
        expect(new Set(runs.map((r) => r.worker_id)).size).toBeGreaterThan(1);
        expect(overlapsWithinPartition(runs)).toEqual([]);
    });
});

describe(`a companion killed while jobs run (${testBackend})`, () => {
    let t: TestDb | undefined;
    let dataDir = '';
    afterAll(async () => {
        await t?.drop();
        if (dataDir) await rm(dataDir, { recursive: true, force: true });
    });

    it('loses no job: a restarted process finishes them all', async () => {
        let store: string;
        let inspect: () => Promise<Db>;
        if (testBackend === 'postgres') {
            t = await createTestDb();
            await prepare(t.db, 60, 4);
            store = `postgres:${t.url}`;
            inspect = async () => t!.db;
        } else {
            dataDir = await mkdtemp(path.join(os.tmpdir(), 'closebooks-crash-'));
            const db = await openPglite(dataDir);
            await prepare(db, 60, 4);
            await db.close();
            store = `pglite:${dataDir}`;
            inspect = () => openPglite(dataDir);
        }

        const doomed = runWorker(store, 'doomed', 200);
        await doomed.started;
        await new Promise((r) => setTimeout(r, 700));
        doomed.kill('SIGKILL');
        await doomed.exited;

        const survivor = runWorker(store, 'survivor', 5);
        expect(await survivor.exited).toBe(0);

        const db = await inspect();
        const [jobs] = await db.query<{ done: number; total: number }>(
            "SELECT count(*) FILTER (WHERE state = 'done')::int AS done, count(*)::int AS total FROM jobs"
        );
        const finishedBy = await db.query<{ worker_id: string; n: number }>(
            'SELECT worker_id, count(DISTINCT job_id)::int AS n FROM job_runs WHERE finished_at IS NOT NULL GROUP BY worker_id'
        );
        const [distinct] = await db.query<{ n: number }>(
            'SELECT count(DISTINCT job_id)::int AS n FROM job_runs WHERE finished_at IS NOT NULL'
        );
        if (testBackend === 'pglite') await db.close();
        expect(jobs).toEqual({ done: 60, total: 60 });
        expect(distinct?.n).toBe(60);
        expect(finishedBy.map((r) => r.worker_id)).toContain('survivor');
    });
});
