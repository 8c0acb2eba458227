import { runProbe, type Probe, type ProbeResult } from './rss-probe.ts';
import { FLAT_RATIO, toRssFigures, type RssRun } from './scale-figures.ts';
import type { ScenarioContext, ScenarioReport } from './scenarios.ts';
import { formatRows } from './table.ts';

/**
 * Peak memory at one size and at ten times it: a closebooks burst (`rssDeals` ÷ 10 and
 * `rssDeals` deals at clock scale `rssScale`) and the reconciliation (`rssInvoices` ÷ 10 and
 * `rssInvoices` invoices). Each run is a fresh pair of processes: one holds both simulators
 * (served over HTTP) and their seeded data, the other the companion (its store, queue worker
 * and reconciliation), as in production. Judged on the companion's process alone: its peak RSS,
 * and how far the heap it holds after a full collection grew during the run. Flat: ratio ≤
 * FLAT_RATIO. The simulators' process is reported beside it.
 */

const run = (size: number, result: ProbeResult): RssRun => ({
    size,
    correct: result.correct,
    companionPeakRssBytes: result.companion.peakRssBytes,
    companionHeapGrowthBytes: result.companion.heapGrowthBytes,
    companionRssByTenthBytes: result.companion.rssByTenthBytes,
    simulatorsPeakRssBytes: result.simulators.peakRssBytes
});

/** One workload at a tenth of `large` and at `large`, each in a fresh pair of processes. */
export async function measureGrowth(
    context: Pick<ScenarioContext, 'progress'>,
    base: Omit<Probe, 'size'>,
    large: number
) {
    const small = Math.max(1, Math.round(large / 10));
    const label = `closebooks/${base.backend}: ${base.workload}`;
    context.progress(`${label} of ${small} (companion process apart)`);
    const one = await runProbe({ ...base, size: small });
    context.progress(`${label} of ${large} (companion process apart)`);
    const ten = await runProbe({ ...base, size: large });
    return toRssFigures({
        backend: base.backend,
        workload: base.workload,
        clockScale: base.scale,
        small: run(small, one),
        large: run(large, ten)
    });
}

type RssFigures = Awaited<ReturnType<typeof measureGrowth>>;

const COLUMNS: [string, keyof RssFigures][] = [
    ['workload', 'workload'],
    ['backend', 'backend'],
    ['1× size', 'small_size'],
    ['10× size', 'large_size'],
    ['companion rss 1× MB', 'companion_small_peak_rss_mb'],
    ['companion rss 10× MB', 'companion_large_peak_rss_mb'],
    ['rss ratio', 'companion_rss_ratio'],
    ['companion heap+ 1× MB', 'companion_small_heap_growth_mb'],
    ['companion heap+ 10× MB', 'companion_large_heap_growth_mb'],
    ['heap ratio', 'companion_heap_ratio'],
    ['flat', 'companion_rss_flat'],
    ['simulators rss 1× MB', 'simulators_small_peak_rss_mb'],
    ['simulators rss 10× MB', 'simulators_large_peak_rss_mb'],
    ['correct', 'correct']
];

/** The burst and the reconciliation at 1× and 10× on each backend asked for. */
export async function rssScenario(context: ScenarioContext): Promise<ScenarioReport> {
    const results: RssFigures[] = [];
    for (const requested of new Set(context.backends)) {
        const backend: Probe['backend'] = requested === 'postgres' ? 'postgres' : 'pglite';
        const db = backend === 'postgres' && context.databaseUrl;
        const base = { backend, ...(db ? { databaseUrl: db } : {}) };
        results.push(
            await measureGrowth(
                context,
                { ...base, workload: 'burst', scale: context.rssScale },
                context.rssDeals
            ),
            await measureGrowth(
                context,
                { ...base, workload: 'reconcile', scale: context.scale },
                context.rssInvoices
            )
        );
    }
    const table = formatRows(COLUMNS, results);
    return {
        results,
        table: `${table}\nflat: the companion process's peak RSS at 10× ≤ ${FLAT_RATIO} × its peak at 1×`
    };
}
