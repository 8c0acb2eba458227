import type { Backend } from './env.ts';
import { engines } from './engines.ts';
import type { RunFigures } from './figures.ts';
import { runScenario } from './harness.ts';
import { ingestScenario } from './ingest.ts';
import { realPaceScenario } from './real-pace.ts';
import { reconcileScenario } from './reconcile.ts';
import { rssScenario } from './rss.ts';
import { formatTable } from './table.ts';
import { webhookScenario } from './webhook.ts';

/**
 * The scenarios `npm run bench` can run, by `--scenarios` name. Each runs on the backends asked
 * for (where it has a database) and returns its figures (objects with a `scenario` key, written
 * to bench/results/latest.json) and a table for stdout.
 */

export type ScenarioContext = {
    deals: number;
    scale: number;
    /** Invoices of the `reconcile` scenario (100,000). */
    reconcileInvoices: number;
    /** The `rss` scenario's larger burst (10,000 deals; the smaller is a tenth) and reconciliation (100,000 invoices; likewise). */
    rssDeals: number;
    rssInvoices: number;
    /** Clock scale of the `rss` scenario's bursts (50). */
    rssScale: number;
    /** Deals of the `real-pace` scenario's bursts (300). */
    realPaceDeals: number;
    engines: string[];
    backends: Backend[];
    databaseUrl?: string;
    /** Webhook scenario: events, one every `gapMs` real ms. */
    events: number;
    gapMs: number;
    /** Ingest scenario: closed-loop connections, and seconds of load after the warm-up. */
    connections: number;
    durationS: number;
    warmupS: number;
    progress: (line: string) => void;
};

export type ScenarioReport = { results: { scenario: string }[]; table: string };

export type BenchScenario = (context: ScenarioContext) => Promise<ScenarioReport>;

/** The month-end burst for each engine × backend (see harness.ts). */
async function monthEndBurst(context: ScenarioContext): Promise<ScenarioReport> {
    const results: RunFigures[] = [];
    for (const name of context.engines) {
        const factory = engines[name];
        if (!factory) continue;
        const done = new Set<Backend>();
        for (const requested of context.backends) {
            const backend = factory(requested).backend;
            if (done.has(backend)) continue;
            done.add(backend);
            results.push(
                await runScenario(() => factory(requested), {
                    deals: context.deals,
                    scale: context.scale,
                    progress: context.progress,
                    ...(backend === 'postgres' && context.databaseUrl
                        ? { databaseUrl: context.databaseUrl }
                        : {})
                })
            );
        }
    }
    return { results, table: formatTable(results) };
}

export const scenarios: Record<string, BenchScenario> = {
    burst: monthEndBurst,
    webhook: webhookScenario,
    ingest: ingestScenario,
    reconcile: reconcileScenario,
    rss: rssScenario,
    'real-pace': realPaceScenario
};

/** The `scenario` key a scenario's rows carry, where it is not its name. */
export const SCENARIO_NAMES: Record<string, string> = { burst: 'month-end-burst' };
