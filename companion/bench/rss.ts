import { runProbe, type Probe } from './rss-probe.ts';
import { FLAT_RATIO, growth } from './scale-figures.ts';
import type { ScenarioContext, ScenarioReport } from './scenarios.ts';
import { formatRows } from './table.ts';

/**
 * Peak memory at one size and at ten times it: a closebooks burst (`rssDeals` ÷ 10 and
 * `rssDeals` deals at clock scale `rssScale`) and the reconciliation (`rssInvoices` ÷ 10 and
 * `rssInvoices` invoices), each run in a fresh child process. The simulators run in that process
 * too and hold the seeded data, so beside the process's peak RSS the scenario reports how far
 * the heap held after a full collection grew from the run's start (data seeded): the
 * companion's part, plus in a burst the invoices the Zoho simulator stores and in a
 * reconciliation the Salesforce simulator's open query cursor. Flat: ratio ≤ FLAT_RATIO.
 */

const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

/** One workload at a tenth of `large` and at `large`, each in a child process. */
export async function measureGrowth(
    context: Pick<ScenarioContext, 'progress'>,
    base: Omit<Probe, 'size'>,
    large: number
) {
    const small = Math.max(1, Math.round(large / 10));
    const label = `closebooks/${base.backend}: ${base.workload}`;
    context.progress(`${label} of ${small} (child process)`);
    const one = await runProbe({ ...base, size: small });
    context.progress(`${label} of ${large} (child process)`);
    const ten = await runProbe({ ...base, size: large });
    const rss = growth(one.peakRssBytes, ten.peakRssBytes);
    const heap = growth(one.heapGrowthBytes, ten.heapGrowthBytes);
    return {
        scenario: 'rss' as const,
        engine: 'closebooks' as const,
        backend: base.backend,
        workload: base.workload,
        small_size: small,
        large_size: large,
        small_peak_rss_mb: mb(one.peakRssBytes),
        large_peak_rss_mb: mb(ten.peakRssBytes),
        rss_growth_ratio: rss.ratio,
        small_heap_growth_mb: mb(one.heapGrowthBytes),
        large_heap_growth_mb: mb(ten.heapGrowthBytes),
        heap_growth_ratio: heap.ratio,
        flat_threshold: FLAT_RATIO,
        rss_flat: rss.flat,
        large_rss_by_tenth_mb: ten.rssByTenthBytes.map(mb),
        correct: one.correct && ten.correct,
        clock_scale: base.scale
    };
}

type RssFigures = Awaited<ReturnType<typeof measureGrowth>>;

const COLUMNS: [string, keyof RssFigures][] = [
    ['workload', 'workload'],
    ['backend', 'backend'],
    ['1× size', 'small_size'],
    ['10× size', 'large_size'],
    ['rss 1× MB', 'small_peak_rss_mb'],
    ['rss 10× MB', 'large_peak_rss_mb'],
    ['rss ratio', 'rss_growth_ratio'],
    ['heap+ 1× MB', 'small_heap_growth_mb'],
    ['heap+ 10× MB', 'large_heap_growth_mb'],
    ['heap ratio', 'heap_growth_ratio'],
    ['flat', 'rss_flat'],
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
    return { results, table: `${table}\nflat: peak RSS at 10× ≤ ${FLAT_RATIO} × peak at 1×` };
}
