// One memory measurement of the `rss` scenario, as JSON in argv[2]: a closebooks burst or a
// reconciliation. This process holds the simulators (served over HTTP) and their seeded data;
// the companion runs in a process of its own (companion-process.ts, with --expose-gc) whose
// memory is the figure judged, so neither the simulators' data nor an earlier run's high-water
// mark is in it. Prints one JSON line (`probeResultSchema`) on stdout, progress on stderr.
// Usage: node --import tsx rss-probe.ts '{"workload":"burst","size":1000,...}'
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { z } from 'zod';

import { closebooksProcessEngine } from './companion-process.ts';
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
    /** The companion's process. */
    companion: z.object({
        /** Its resident set's high-water mark over its life. */
        peakRssBytes: z.number(),
        /**
         * Heap held after a full collection, at its peak, above where it stood when the run
         * began (a burst: the companion just started; a reconciliation: its clients connected).
         */
        heapGrowthBytes: z.number(),
        /** Its RSS when each tenth of the burst's invoices was made (empty for a reconciliation). */
        rssByTenthBytes: z.array(z.number())
    }),
    /** The probe's own process: both simulators, their seeded data and the harness. */
    simulators: z.object({ peakRssBytes: z.number() })
});
export type ProbeResult = z.infer<typeof probeResultSchema>;

const SCRIPT = fileURLToPath(import.meta.url);
/**
 * How often the companion process collects garbage to read the heap it holds: its heap is
 * small (the simulators' data is not in it), so a full collection every second costs little,
 * and a reconciliation holds its facts only while it reads (seconds at 10k).
 */
const RETAINED_EVERY_MS = 1_000;

/** Runs one probe in a child process and answers its result. */
export async function runProbe(probe: Probe): Promise<ProbeResult> {
    const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', SCRIPT, JSON.stringify(probe)],
        { maxBuffer: 1 << 20 }
    );
    const last = stdout.trim().split('\n').at(-1) ?? '';
    return probeResultSchema.parse(JSON.parse(last));
}

/** This process's resident set high-water mark over its life (maxRSS is in kilobytes). */
const ownPeakRss = () => process.resourceUsage().maxRSS * 1024;

async function probeBurst(probe: Probe): Promise<ProbeResult> {
    const engine = closebooksProcessEngine(probe.backend, RETAINED_EVERY_MS);
    const byTenth: Promise<number>[] = [];
    const burst = await burstRun(
        engine,
        {
            deals: probe.size,
            scale: probe.scale,
            // A burst of thousands needs more calls than a Standard day (1,950 for jobs): a
            // company with that volume is on Premium (10,000 a day, 9,950 for jobs).
            plan: 'premium',
            ...(probe.databaseUrl ? { databaseUrl: probe.databaseUrl } : {}),
            onInvoiced: (done, total) => {
                while (byTenth.length < Math.floor((10 * done) / total))
                    byTenth.push(engine.memory().then((m) => m.rssBytes));
            }
        },
        100
    );
    const rssByTenthBytes = await Promise.all(byTenth);
    const last = engine.finalMemory();
    if (!last) throw new Error('the companion process reported no memory');
    return {
        correct: burst.invoices === probe.size && burst.duplicates === 0,
        companion: {
            peakRssBytes: last.peakRssBytes,
            heapGrowthBytes: last.heapGrowthBytes,
            rssByTenthBytes
        },
        simulators: { peakRssBytes: ownPeakRss() }
    };
}

async function probeReconcile(probe: Probe): Promise<ProbeResult> {
    const figures = await runReconcile({
        invoices: probe.size,
        scale: probe.scale,
        backend: probe.backend,
        retainedEveryMs: RETAINED_EVERY_MS,
        companionProcess: true,
        ...(probe.databaseUrl ? { databaseUrl: probe.databaseUrl } : {})
    });
    return {
        correct: figures.mismatches_missed === 0 && figures.mismatches_unexpected === 0,
        companion: {
            peakRssBytes: figures.peak_rss_mb * 2 ** 20,
            heapGrowthBytes: figures.heap_growth_mb * 2 ** 20,
            rssByTenthBytes: []
        },
        simulators: { peakRssBytes: ownPeakRss() }
    };
}

if (process.argv[1] === SCRIPT) {
    const probe = probeSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
    const result =
        probe.workload === 'burst' ? await probeBurst(probe) : await probeReconcile(probe);
    // Exit once written: the simulators' timers would keep the process alive.
    process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
}
