// `npm run bench`: the month-end burst scenario for each engine × backend, a table on stdout,
// progress on stderr, and every figure in bench/results/latest.json.
// Flags: --deals N (1000), --scale S (5, simulated ms per real ms), --engines naive[,closebooks],
// --backends pglite[,postgres], --database-url URL (or CLOSEBOOKS_BENCH_DATABASE_URL) for postgres.
// With a throwaway PostgreSQL cluster (scripts/with-postgres.sh exports its server URL as
// CLOSEBOOKS_TEST_DATABASE_URL):
//   bash scripts/with-postgres.sh sh -c \
//     'npm run bench -- --backends pglite,postgres --database-url "$CLOSEBOOKS_TEST_DATABASE_URL"'
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { z } from 'zod';

import { engines } from './engines.ts';
import type { RunFigures } from './figures.ts';
import { runScenario, type Backend } from './harness.ts';
import { formatTable } from './table.ts';

const REPO_ROOT = resolve(import.meta.dirname, '../..');

const flagsSchema = z.object({
    deals: z.coerce.number().int().positive(),
    scale: z.coerce.number().positive(),
    engines: z.string().transform((s) => s.split(',').filter(Boolean)),
    backends: z
        .string()
        .transform((s) => s.split(',').filter(Boolean))
        .pipe(z.array(z.enum(['pglite', 'postgres']))),
    databaseUrl: z.string().optional()
});

function fail(message: string): never {
    process.stderr.write(`bench: ${message}\n`);
    process.exit(1);
}

const { values } = parseArgs({
    options: {
        deals: { type: 'string', default: '1000' },
        scale: { type: 'string', default: '5' },
        engines: { type: 'string', default: Object.keys(engines).join(',') },
        backends: { type: 'string', default: 'pglite' },
        'database-url': { type: 'string' }
    },
    strict: true
});
const parsed = flagsSchema.safeParse({
    ...values,
    databaseUrl: values['database-url'] ?? process.env.CLOSEBOOKS_BENCH_DATABASE_URL
});
if (!parsed.success) fail(z.prettifyError(parsed.error));
const flags = parsed.data;
const unknown = flags.engines.filter((name) => !engines[name]);
if (unknown.length > 0)
    fail(`unknown engine ${unknown.join(', ')} (known: ${Object.keys(engines).join(', ')})`);

const progress = (line: string) => process.stderr.write(`${line}\n`);
const results: RunFigures[] = [];
for (const name of flags.engines) {
    const factory = engines[name];
    if (!factory) continue;
    const done = new Set<Backend>();
    for (const requested of flags.backends) {
        const backend = factory(requested).backend;
        if (done.has(backend)) continue;
        done.add(backend);
        if (backend === 'postgres' && !flags.databaseUrl)
            fail('the postgres backend needs --database-url or CLOSEBOOKS_BENCH_DATABASE_URL');
        results.push(
            await runScenario(() => factory(requested), {
                deals: flags.deals,
                scale: flags.scale,
                progress,
                ...(backend === 'postgres' && flags.databaseUrl
                    ? { databaseUrl: flags.databaseUrl }
                    : {})
            })
        );
    }
}

process.stdout.write(`${formatTable(results)}\n`);
const report = {
    date: new Date().toISOString(),
    commit: execFileSync('git', ['rev-parse', 'HEAD'], { cwd: REPO_ROOT }).toString().trim(),
    machine: {
        cores: availableParallelism(),
        memory_gb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
        node: process.version
    },
    results
};
const dir = resolve(REPO_ROOT, 'bench/results');
mkdirSync(dir, { recursive: true });
writeFileSync(resolve(dir, 'latest.json'), `${JSON.stringify(report, null, 4)}\n`);
progress(`bench: wrote ${resolve(dir, 'latest.json')}`);
