// A companion-like process for the multi-process and crash tests: opens the store named on the
// command line (pglite:<dir> or postgres:<url>), runs a worker whose `test.record` handler
// writes when each job starts and ends, and exits 0 once no job is left to do.
// Usage: node --import tsx queue-worker-process.ts <store> <workerId> [jobMs]
import { setTimeout as sleep } from 'node:timers/promises';

import { pino } from 'pino';

import { createWorker } from '../../src/jobs/worker.ts';
import { lockDataDir } from '../../src/store/data-dir-lock.ts';
import { openPglite, openPostgres } from '../../src/store/db.ts';

const [store = '', workerId = 'w', jobMs = '10'] = process.argv.slice(2);
const [kind, location = ''] = [
    store.slice(0, store.indexOf(':')),
    store.slice(store.indexOf(':') + 1)
];
const unlock = kind === 'pglite' ? await lockDataDir(location) : async () => undefined;
const db = kind === 'pglite' ? await openPglite(location) : await openPostgres(location);

const worker = createWorker({
    db,
    log: pino({ level: 'silent' }),
    workerId,
    concurrency: 3,
    leaseMs: 2_000,
    idlePollMs: 20,
    handlers: {
        'test.record': async (job) => {
            await db.query(
                'INSERT INTO job_runs (job_id, partition_key, worker_id, started_at) VALUES ($1, $2, $3, clock_timestamp())',
                [job.id, job.partitionKey, workerId]
            );
            await sleep(Number(jobMs));
            await db.query(
                'UPDATE job_runs SET finished_at = clock_timestamp() WHERE job_id = $1 AND worker_id = $2 AND finished_at IS NULL',
                [job.id, workerId]
            );
        }
    }
});
worker.start();
process.stdout.write('started\n');
for (;;) {
    const [left] = await db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM jobs WHERE state <> 'done'"
    );
    if (left?.n === 0) break;
    await sleep(50);
}
await worker.stop();
await db.close();
await unlock();
