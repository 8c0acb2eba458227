// `npm run chaos`: the long chaos run (#18). A burst of won deals while companion processes are
// SIGKILLed at random moments and started again, Zoho loses 5% of its answers and fails 10% of
// calls, and Salesforce locks rows; on PGlite (one process) and PostgreSQL (three). The end state
// is judged from both simulators and the journal. Prints a table and writes
// bench/results/chaos.json. Flags: --deals N (1000), --kills N (200), --backends pglite,postgres,
// --database-url URL (or CLOSEBOOKS_TEST_DATABASE_URL), --scale S (by default the scale that spreads the kills over the burst).
//   bash scripts/with-postgres.sh sh -c 'npm run chaos -- --backends pglite,postgres'
import { parseArgs } from 'node:util';

import { z } from 'zod';

import { runInfo, writeResults } from '../bench/run-info.ts';
import { runChaos, type ChaosReport } from './run.ts';

const { values } = parseArgs({
    options: {
        deals: { type: 'string', default: '1000' },
        kills: { type: 'string', default: '200' },
        backends: { type: 'string', default: 'pglite' },
        scale: { type: 'string' },
        'database-url': { type: 'string' }
    },
    strict: true
});
const parsed = z
    .object({
        deals: z.coerce.number().int().positive(),
        kills: z.coerce.number().int().min(0),
        scale: z.coerce.number().positive().optional(),
        backends: z
            .string()
            .transform((s) => s.split(',').filter(Boolean))
            .pipe(z.array(z.enum(['pglite', 'postgres'])).min(1)),
        databaseUrl: z.string().optional()
    })
    .safeParse({
        ...values,
        databaseUrl: values['database-url'] ?? process.env.CLOSEBOOKS_TEST_DATABASE_URL
    });
if (!parsed.success) {
    process.stderr.write(`chaos: ${z.prettifyError(parsed.error)}\n`);
    process.exit(2);
}
const flags = parsed.data;
if (flags.backends.includes('postgres') && !flags.databaseUrl) {
    process.stderr.write('chaos: the postgres backend needs --database-url\n');
    process.exit(2);
}

const reports: ChaosReport[] = [];
for (const backend of flags.backends)
    reports.push(
        await runChaos({
            deals: flags.deals,
            kills: flags.kills,
            backend,
            processes: backend === 'postgres' ? 3 : 1,
            ...(flags.scale ? { scale: flags.scale } : {}),
            ...(flags.databaseUrl ? { databaseUrl: flags.databaseUrl } : {}),
            progress: (line) => process.stderr.write(`${line}\n`)
        })
    );

const columns = [
    'backend',
    'processes',
    'deals',
    'kills',
    'scale',
    'invoices',
    'duplicateInvoices',
    'missingInvoices',
    'notWrittenBack',
    'duplicateCustomers',
    'journalGaps',
    'seconds'
] as const;
process.stdout.write(
    [
        `| ${columns.join(' | ')} |`,
        `|${columns.map(() => '---').join('|')}|`,
        ...reports.map((r) => `| ${columns.map((c) => String(r[c])).join(' | ')} |`)
    ].join('\n') + '\n'
);
for (const report of reports)
    for (const deal of report.diagnosis)
        process.stderr.write(`chaos: ${report.backend} troubled deal ${JSON.stringify(deal)}\n`);
// Reports of backends not run this time are kept, so each backend can run on its own.
// Each report says when and at which commit it ran, as the file's head says only the last run.
const info = runInfo();
const written = writeResults(
    'chaos.json',
    'reports',
    reports.map((r) => ({ ...r, measured_at: info.date, commit: info.commit })),
    (old) => flags.backends.some((backend) => backend === old.backend),
    info
);
process.stderr.write(`chaos: wrote ${written}\n`);
process.exit(reports.every((r) => r.ok) ? 0 : 1);
