// `npm run fuzz`: generated requests at every HTTP route of the companion (sandbox mode, both
// simulators), then the mapping rules engine, each with many more cases than `npm test` runs.
// Prints a table of answers per route, progress on stderr, and writes bench/results/fuzz.json.
// Flags: --cases N (10000), --seed S (random; printed, so a failure can be replayed),
// --backend pglite|postgres, --database-url URL (or CLOSEBOOKS_TEST_DATABASE_URL) for postgres.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { z } from 'zod';

import { openStore } from '../bench/closebooks.ts';
import { REPO_ROOT, runInfo } from '../bench/run-info.ts';
import { runFuzz } from './run.ts';
import { startFuzzTarget } from './target.ts';

const { values } = parseArgs({
    options: {
        cases: { type: 'string', default: '10000' },
        seed: { type: 'string' },
        backend: { type: 'string', default: 'pglite' },
        'database-url': { type: 'string' }
    },
    strict: true
});
const parsed = z
    .object({
        cases: z.coerce.number().int().positive(),
        seed: z.coerce.number().int(),
        backend: z.enum(['pglite', 'postgres']),
        databaseUrl: z.string().optional()
    })
    .safeParse({
        ...values,
        seed: values.seed ?? Math.floor(Math.random() * 2 ** 31),
        databaseUrl: values['database-url'] ?? process.env.CLOSEBOOKS_TEST_DATABASE_URL
    });
if (!parsed.success) {
    process.stderr.write(`fuzz: ${z.prettifyError(parsed.error)}\n`);
    process.exit(2);
}
const flags = parsed.data;
const say = (line: string) => process.stderr.write(`${line}\n`);

say(`fuzz: ${flags.cases} HTTP cases on ${flags.backend}, seed ${flags.seed}`);
const store = await openStore(flags.backend, flags.databaseUrl);
const target = await startFuzzTarget(store.db);
const started = performance.now();
const tty = process.stderr.isTTY;
const report = await runFuzz(target, store.db, {
    cases: flags.cases,
    seed: flags.seed,
    now: new Date(target.env.clock.now()).toISOString(),
    onCase: (done) => {
        if (done % 500 !== 0 && done !== flags.cases) return;
        const line = `fuzz: ${done}/${flags.cases} cases`;
        process.stderr.write(tty ? `\r${line}` : `${line}\n`);
    }
});
if (tty) process.stderr.write('\n');
const httpSeconds = Math.round((performance.now() - started) / 100) / 10;
await target.close();
await store.db.close();
await store.drop();

const rows = Object.entries(report.statuses)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([route, byStatus]) => {
        const statuses = Object.entries(byStatus)
            .map(([status, n]) => `${status}×${n}`)
            .join(' ');
        return `| ${route} | ${statuses} |`;
    });
process.stdout.write(['| route | answers |', '|---|---|', ...rows].join('\n') + '\n');

say(`fuzz: mapping rules engine, ${flags.cases} cases per property`);
const mapping = spawnSync(
    resolve(REPO_ROOT, 'node_modules/.bin/vitest'),
    ['run', '--project', 'unit', 'companion/fuzz/mapping-fuzz.test.ts'],
    {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'inherit', 'inherit'],
        env: { ...process.env, CLOSEBOOKS_FUZZ_CASES: String(flags.cases) }
    }
);

const result = {
    ...runInfo(),
    backend: flags.backend,
    seed: flags.seed,
    http: {
        cases: report.cases,
        routes: report.routes,
        seconds: httpSeconds,
        violation: report.violation ?? null,
        statuses: report.statuses
    },
    mapping: { casesPerProperty: flags.cases, passed: mapping.status === 0 }
};
const dir = resolve(REPO_ROOT, 'bench/results');
mkdirSync(dir, { recursive: true });
writeFileSync(resolve(dir, 'fuzz.json'), `${JSON.stringify(result, null, 4)}\n`);
if (report.violation) {
    say(`fuzz: VIOLATION on ${report.violation.request.route}: ${report.violation.problem}`);
    say(JSON.stringify(report.violation.request, null, 2));
    say(`fuzz: replay with --seed ${flags.seed} --cases ${flags.cases}`);
}
say(`fuzz: wrote ${resolve(dir, 'fuzz.json')}`);
process.exit(report.violation || mapping.status !== 0 ? 1 : 0);
