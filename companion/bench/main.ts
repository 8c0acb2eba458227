// `npm run bench`: each scenario (scenarios.ts; month-end burst for each engine × backend), a table on stdout,
// progress on stderr, and every figure in bench/results/latest.json.
// Flags: --scenarios burst,webhook,ingest,reconcile,rss,real-pace (all), --deals N (1000), --scale S (5, simulated ms per real ms), --engines naive[,closebooks],
// --backends pglite[,postgres], --database-url URL (or CLOSEBOOKS_BENCH_DATABASE_URL) for postgres;
// webhook: --events N (20) --gap-ms MS (idle: 10 simulated s, 2000 at scale 5); ingest: --connections N (32) --duration S (10) --warmup S (2);
// scale scenarios: --reconcile-invoices N (100000), --rss-deals N (10000), --rss-invoices N (100000),
// --rss-scale S (50), --real-pace-deals N (300).
// With a throwaway PostgreSQL cluster (scripts/with-postgres.sh exports its server URL as
// CLOSEBOOKS_TEST_DATABASE_URL):
//   bash scripts/with-postgres.sh sh -c \
//     'npm run bench -- --backends pglite,postgres --database-url "$CLOSEBOOKS_TEST_DATABASE_URL"'
import { parseArgs } from 'node:util';

import { z } from 'zod';

import { engines } from './engines.ts';
import { runInfo, writeResults } from './run-info.ts';
import { SCENARIO_NAMES, scenarios } from './scenarios.ts';
import { idleGapMs } from './webhook-figures.ts';

const flagsSchema = z.object({
    deals: z.coerce.number().int().positive(),
    scale: z.coerce.number().positive(),
    reconcileInvoices: z.coerce.number().int().positive(),
    rssDeals: z.coerce.number().int().min(10),
    rssInvoices: z.coerce.number().int().min(10),
    rssScale: z.coerce.number().positive(),
    realPaceDeals: z.coerce.number().int().positive(),
    scenarios: z.string().transform((s) => s.split(',').filter(Boolean)),
    engines: z.string().transform((s) => s.split(',').filter(Boolean)),
    backends: z
        .string()
        .transform((s) => s.split(',').filter(Boolean))
        .pipe(z.array(z.enum(['pglite', 'postgres']))),
    databaseUrl: z.string().optional(),
    events: z.coerce.number().int().positive(),
    gapMs: z.coerce.number().int().nonnegative(),
    connections: z.coerce.number().int().positive(),
    durationS: z.coerce.number().positive(),
    warmupS: z.coerce.number().nonnegative()
});

function fail(message: string): never {
    process.stderr.write(`bench: ${message}\n`);
    process.exit(1);
}

const { values } = parseArgs({
    options: {
        scenarios: { type: 'string', default: Object.keys(scenarios).join(',') },
        deals: { type: 'string', default: '1000' },
        scale: { type: 'string', default: '5' },
        'reconcile-invoices': { type: 'string', default: '100000' },
        'rss-deals': { type: 'string', default: '10000' },
        'rss-invoices': { type: 'string', default: '100000' },
        'rss-scale': { type: 'string', default: '50' },
        'real-pace-deals': { type: 'string', default: '300' },
        engines: { type: 'string', default: Object.keys(engines).join(',') },
        backends: { type: 'string', default: 'pglite' },
        'database-url': { type: 'string' },
        events: { type: 'string', default: '20' },
        'gap-ms': { type: 'string' },
        connections: { type: 'string', default: '32' },
        duration: { type: 'string', default: '10' },
        warmup: { type: 'string', default: '2' }
    },
    strict: true
});
const parsed = flagsSchema.safeParse({
    ...values,
    reconcileInvoices: values['reconcile-invoices'],
    rssDeals: values['rss-deals'],
    rssInvoices: values['rss-invoices'],
    rssScale: values['rss-scale'],
    realPaceDeals: values['real-pace-deals'],
    databaseUrl: values['database-url'] ?? process.env.CLOSEBOOKS_BENCH_DATABASE_URL,
    gapMs: values['gap-ms'] ?? String(idleGapMs(Number(values.scale))),
    durationS: values.duration,
    warmupS: values.warmup
});
if (!parsed.success) fail(z.prettifyError(parsed.error));
const flags = parsed.data;
const unknown = flags.engines.filter((name) => !engines[name]);
if (unknown.length > 0)
    fail(`unknown engine ${unknown.join(', ')} (known: ${Object.keys(engines).join(', ')})`);
const unknownScenarios = flags.scenarios.filter((name) => !scenarios[name]);
if (unknownScenarios.length > 0)
    fail(
        `unknown scenario ${unknownScenarios.join(', ')} (known: ${Object.keys(scenarios).join(', ')})`
    );
if (flags.backends.includes('postgres') && !flags.databaseUrl)
    fail('the postgres backend needs --database-url or CLOSEBOOKS_BENCH_DATABASE_URL');

const progress = (line: string) => process.stderr.write(`${line}\n`);
const results: { scenario: string }[] = [];
for (const name of flags.scenarios) {
    const scenario = scenarios[name];
    if (!scenario) continue;
    progress(`bench: scenario ${name}`);
    const report = await scenario({
        deals: flags.deals,
        scale: flags.scale,
        reconcileInvoices: flags.reconcileInvoices,
        rssDeals: flags.rssDeals,
        rssInvoices: flags.rssInvoices,
        rssScale: flags.rssScale,
        realPaceDeals: flags.realPaceDeals,
        engines: flags.engines,
        backends: flags.backends,
        events: flags.events,
        gapMs: flags.gapMs,
        connections: flags.connections,
        durationS: flags.durationS,
        warmupS: flags.warmupS,
        progress,
        ...(flags.databaseUrl ? { databaseUrl: flags.databaseUrl } : {})
    });
    results.push(...report.results);
    process.stdout.write(`${name}\n${report.table}\n\n`);
}

// Each row carries when and at which commit it was measured; rows of scenarios not run this
// time are kept from the file, so scenarios can be measured in separate runs.
const info = runInfo();
const ran = new Set(flags.scenarios.map((name) => SCENARIO_NAMES[name] ?? name));
const written = writeResults(
    'latest.json',
    'results',
    results.map((row) => ({ ...row, measured_at: info.date, commit: info.commit })),
    (old) => ran.has(String(old.scenario)),
    info
);
progress(`bench: wrote ${written}`);
