import { setTimeout as sleep } from 'node:timers/promises';

import {
    closeDealsAsRep,
    createScenarioEnv,
    type Backend,
    type BenchEnv,
    type ScenarioEnv
} from './env.ts';
import { floorMs, toFigures, type RunFigures } from './figures.ts';
import { sampleRss, watchInvoices, type InvoiceWatch } from './observe.ts';
import type { Plan } from '../sandbox/zoho/state.ts';

export type { Backend, BenchEnv } from './env.ts';

/**
 * The month-end burst scenario: N won deals closed at once by a sales rep, measured until every
 * one has its Zoho invoice; then an idle run (deals closed one at a time) for latency.
 */

export type BenchEngine = {
    name: 'closebooks' | 'naive';
    backend: Backend;
    start(env: BenchEnv): Promise<void>;
    /** Finishes work in flight and releases everything the engine holds. */
    stop(): Promise<void>;
    /**
     * For engines that do not listen for the package's event calls (set with
     * `salesforce.sandbox.setCompanion`): the ids of the deals just closed.
     */
    onDealsClosed?(ids: string[]): void;
};

export type ScenarioOptions = {
    deals: number;
    scale: number;
    /** Zoho calls per simulated minute (default 100, Zoho's documented limit). */
    perMinute?: number;
    /** Deals of the idle latency run (default 20), closed `idleGapMs` real ms apart (default 1000). */
    idleDeals?: number;
    idleGapMs?: number;
    databaseUrl?: string;
    progress?: (line: string) => void;
    /** Sample the heap held after a full collection this often (needs `--expose-gc`). */
    retainedEveryMs?: number;
    /** Hears how many of the burst's deals have their invoice, every poll (10 ms). */
    onInvoiced?: (done: number, total: number) => void;
    /** The Zoho organization's plan (default standard: 2,000 calls a day). */
    plan?: Plan;
};

/** Closes the deals as the sales rep, noting when each chunk was closed. */
function closeDeals(
    scenario: ScenarioEnv,
    engine: BenchEngine,
    ids: string[],
    closedAt: Map<string, number>
): Promise<number> {
    return closeDealsAsRep(scenario, ids, (chunk) => {
        const now = performance.now();
        for (const id of chunk) closedAt.set(id, now);
        engine.onDealsClosed?.(chunk);
    });
}

/** Resolves true once every id has an invoice, false at the deadline (real ms). */
async function invoiced(
    watch: InvoiceWatch,
    ids: string[],
    deadline: number,
    progress?: (line: string) => void,
    onInvoiced?: (done: number, total: number) => void
): Promise<boolean> {
    let lastReport = performance.now();
    for (;;) {
        watch.total();
        const done = ids.filter((id) => watch.firstSeen.has(id)).length;
        onInvoiced?.(done, ids.length);
        if (done === ids.length) return true;
        const now = performance.now();
        if (now > deadline) return false;
        if (progress && now - lastReport > 5_000) {
            progress(`  ${done}/${ids.length} invoices`);
            lastReport = now;
        }
        await sleep(10);
    }
}

const latencies = (ids: string[], closedAt: Map<string, number>, watch: InvoiceWatch) =>
    ids.flatMap((id) => {
        const closed = closedAt.get(id);
        const seen = watch.firstSeen.get(id);
        return closed !== undefined && seen !== undefined ? [seen - closed] : [];
    });

/** One burst on a fresh environment: the raw measurements of `RunMeasurements`' burst part. */
export async function burstRun(engine: BenchEngine, options: ScenarioOptions, perMinute: number) {
    const scenario = await createScenarioEnv({ ...options, perMinute });
    const rss = sampleRss(100, options.retainedEveryMs);
    const before = {
        zoho: await scenario.zohoAdmitted(),
        tooMany: scenario.door.tooMany,
        sf: scenario.sfUsed()
    };
    await engine.start(scenario.env);
    const watch = watchInvoices(scenario.env.zoho.sandbox, scenario.env.seed.zohoOrganizationId);
    const ids = scenario.env.seed.opportunities.map((o) => o.salesforceId);
    const closedAt = new Map<string, number>();
    const start = { real: performance.now(), sim: scenario.env.clock.now() };
    const closeCalls = await closeDeals(scenario, engine, ids, closedAt);
    const floorReal = floorMs(options.deals, perMinute) / options.scale;
    const complete = await invoiced(
        watch,
        ids,
        start.real + 10 * floorReal + 30_000,
        options.progress,
        options.onInvoiced
    );
    const end = { real: performance.now(), sim: scenario.env.clock.now() };
    if (!complete) options.progress?.(`  timed out with ${watch.firstSeen.size}/${ids.length}`);
    await engine.stop();
    watch.stop();
    rss.stop();
    const measured = {
        invoices: watch.total(),
        duplicates: [...watch.counts.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0),
        zohoCalls: (await scenario.zohoAdmitted()) - before.zoho,
        zoho429s: scenario.door.tooMany - before.tooMany,
        sfCalls: scenario.sfUsed() - before.sf - closeCalls,
        wallRealMs: end.real - start.real,
        wallSimMs: end.sim - start.sim,
        peakRssBytes: rss.peak(),
        heapGrowthBytes: rss.heapGrowth(),
        burstLatenciesMs: latencies(ids, closedAt, watch)
    };
    await scenario.close();
    return measured;
}

async function idleRun(engine: BenchEngine, options: ScenarioOptions, perMinute: number) {
    const deals = options.idleDeals ?? 20;
    const gap = options.idleGapMs ?? 1_000;
    const scenario = await createScenarioEnv({ ...options, deals, perMinute });
    await engine.start(scenario.env);
    const watch = watchInvoices(scenario.env.zoho.sandbox, scenario.env.seed.zohoOrganizationId);
    const ids = scenario.env.seed.opportunities.map((o) => o.salesforceId);
    const closedAt = new Map<string, number>();
    for (const [i, id] of ids.entries()) {
        if (i > 0) await sleep(gap);
        await closeDeals(scenario, engine, [id], closedAt);
    }
    if (!(await invoiced(watch, ids, performance.now() + 60_000, options.progress)))
        options.progress?.(`  idle run timed out with ${watch.firstSeen.size}/${ids.length}`);
    await engine.stop();
    watch.stop();
    await scenario.close();
    return latencies(ids, closedAt, watch);
}

/** Runs the burst, then the idle run, each on a fresh environment and a fresh engine. */
export async function runScenario(
    makeEngine: () => BenchEngine,
    options: ScenarioOptions
): Promise<RunFigures> {
    const perMinute = options.perMinute ?? 100;
    const burstEngine = makeEngine();
    options.progress?.(`${burstEngine.name}/${burstEngine.backend}: burst of ${options.deals}`);
    const burst = await burstRun(burstEngine, options, perMinute);
    const idleEngine = makeEngine();
    options.progress?.(`${idleEngine.name}/${idleEngine.backend}: idle latency run`);
    const idleLatenciesMs = await idleRun(idleEngine, options, perMinute);
    return toFigures({
        engine: burstEngine.name,
        backend: burstEngine.backend,
        deals: options.deals,
        perMinute,
        clockScale: options.scale,
        idleLatenciesMs,
        ...burst
    });
}
