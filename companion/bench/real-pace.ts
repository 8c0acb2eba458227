import { closebooksEngine } from './closebooks.ts';
import { burstRun, type BenchEngine } from './harness.ts';
import { naiveEngine } from './naive.ts';
import { paceFigures, type PaceRun } from './scale-figures.ts';
import type { ScenarioContext, ScenarioReport } from './scenarios.ts';
import { formatRows } from './table.ts';

/**
 * Salesforce calls per invoice at the real pace and at the scaled one. The write-back batches
 * changes (up to 200 a call) on timers in real time, so a burst run at clock scale S brings the
 * invoices S times faster than in life and fills its batches more: the same `realPaceDeals`
 * burst is run at clock scale 1 (Zoho's 100 calls a minute in real minutes) and at `--scale`.
 * The naive baseline writes each deal back on its own whatever the pace, so it runs at the
 * scaled pace only.
 */

const PER_MINUTE = 100;

async function paceRun(
    engine: BenchEngine,
    deals: number,
    scale: number,
    context: ScenarioContext
): Promise<PaceRun> {
    context.progress(`${engine.name}/${engine.backend}: burst of ${deals} at clock scale ${scale}`);
    const burst = await burstRun(
        engine,
        {
            deals,
            scale,
            progress: context.progress,
            ...(engine.backend === 'postgres' && context.databaseUrl
                ? { databaseUrl: context.databaseUrl }
                : {})
        },
        PER_MINUTE
    );
    return { invoices: burst.invoices, sfCalls: burst.sfCalls, clockScale: scale };
}

type PaceFigures = ReturnType<typeof paceFigures> & {
    scenario: 'real-pace';
    engine: 'closebooks' | 'naive';
    backend: string;
    deals: number;
};

const COLUMNS: [string, keyof PaceFigures][] = [
    ['engine', 'engine'],
    ['backend', 'backend'],
    ['deals', 'deals'],
    ['real sf calls', 'real_pace_sf_calls'],
    ['real /inv', 'real_pace_sf_calls_per_invoice'],
    ['scaled sf calls', 'scaled_sf_calls'],
    ['scaled /inv', 'scaled_sf_calls_per_invoice'],
    ['scale', 'scaled_clock_scale'],
    ['real ÷ scaled', 'real_over_scaled']
];

export async function realPaceScenario(context: ScenarioContext): Promise<ScenarioReport> {
    const deals = context.realPaceDeals;
    const results: PaceFigures[] = [];
    if (context.engines.includes('closebooks'))
        for (const requested of new Set(context.backends)) {
            const backend = requested === 'postgres' ? 'postgres' : 'pglite';
            const real = await paceRun(closebooksEngine(backend), deals, 1, context);
            const scaled = await paceRun(closebooksEngine(backend), deals, context.scale, context);
            results.push({
                scenario: 'real-pace',
                engine: 'closebooks',
                backend,
                deals,
                ...paceFigures(real, scaled)
            });
        }
    if (context.engines.includes('naive')) {
        const scaled = await paceRun(naiveEngine(), deals, context.scale, context);
        results.push({
            scenario: 'real-pace',
            engine: 'naive',
            backend: 'none',
            deals,
            ...paceFigures(null, scaled)
        });
    }
    return { results, table: formatRows(COLUMNS, results) };
}
