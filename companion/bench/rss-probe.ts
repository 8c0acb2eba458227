// One memory measurement of the `rss` scenario in a process of its own, so no earlier run's
// high-water mark is in its figure, with --expose-gc so it can read the heap the run holds: a
// closebooks burst or a reconciliation, as JSON in argv[2];
// prints one JSON line (`probeResultSchema`) on stdout, progress on stderr.
// Usage: node --import tsx rss-probe.ts '{"workload":"burst","size":1000,...}'
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { z } from 'zod';

import { closebooksEngine } from './closebooks.ts';
import { burstRun } from './harness.ts';
import { runReconcile } from './reconcile.ts';

export const probeSchema = z.object({
    workload: z.enum(['burst', 'reconcile']),
    /** Deals of the burst, or invoices of the reconciliation. */
    size: z.number().int().positive(),
    scale: z.number().positive(),
    backend: z.enum(['pglite', 'postgres']),
    databaseUrl: z.string().optional()
});
export type Probe = z.infer<typeof probeSchema>;

export const probeResultSchema = z.object({
    /** Every invoice made (burst) or every planted mismatch found and nothing else (reconcile). */
    correct: z.boolean(),
    peakRssBytes: z.number(),
    /** Heap held after a full collection, at its peak, above where it stood at the start. */
    heapGrowthBytes: z.number(),
    /** RSS when each tenth of the burst's invoices was made (empty for a reconciliation). */
    rssByTenthBytes: z.array(z.number())
});
export type ProbeResult = z.infer<typeof probeResultSchema>;

const SCRIPT = fileURLToPath(import.meta.url);
/**
 * How often the probe collects garbage to read the heap the run holds: a full collection of a
 * large heap takes a good part of a second, so a burst (minutes) is read every 5 s, and a
 * reconciliation, whose facts are held only while it reads (seconds at 10k), every second.
 */
const RETAINED_EVERY_MS = { burst: 5_000, reconcile: 1_000 } as const;

/** Runs one probe in a child process and answers its result. */
export async function runProbe(probe: Probe): Promise<ProbeResult> {
    const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--expose-gc', '--import', 'tsx', SCRIPT, JSON.stringify(probe)],
        { maxBuffer: 1 << 20 }
    );
    const last = stdout.trim().split('\n').at(-1) ?? '';
    return probeResultSchema.parse(JSON.parse(last));
}

async function probeBurst(probe: Probe): Promise<ProbeResult> {
    const byTenth: number[] = [];
    const burst = await burstRun(
        closebooksEngine(probe.backend),
        {
            deals: probe.size,
            scale: probe.scale,
            retainedEveryMs: RETAINED_EVERY_MS.burst,
            // A burst of thousands needs more calls than a Standard day (1,950 for jobs): a
            // company with that volume is on Premium (10,000 a day, 9,950 for jobs).
            plan: 'premium',
            ...(probe.databaseUrl ? { databaseUrl: probe.databaseUrl } : {}),
            onInvoiced: (done, total) => {
                while (byTenth.length < Math.floor((10 * done) / total))
                    byTenth.push(process.memoryUsage().rss);
            }
        },
        100
    );
    return {
        correct: burst.invoices === probe.size && burst.duplicates === 0,
        peakRssBytes: burst.peakRssBytes,
        heapGrowthBytes: burst.heapGrowthBytes,
        rssByTenthBytes: byTenth
    };
}

async function probeReconcile(probe: Probe): Promise<ProbeResult> {
    const figures = await runReconcile({
        invoices: probe.size,
        scale: probe.scale,
        backend: probe.backend,
        retainedEveryMs: RETAINED_EVERY_MS.reconcile,
        ...(probe.databaseUrl ? { databaseUrl: probe.databaseUrl } : {})
    });
    return {
        correct: figures.mismatches_missed === 0 && figures.mismatches_unexpected === 0,
        peakRssBytes: figures.peak_rss_mb * 2 ** 20,
        heapGrowthBytes: figures.heap_growth_mb * 2 ** 20,
        rssByTenthBytes: []
    };
}

if (process.argv[1] === SCRIPT) {
    const probe = probeSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
    const result =
        probe.workload === 'burst' ? await probeBurst(probe) : await probeReconcile(probe);
    // Exit once written: the simulators' timers would keep the process alive.
    process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
}
