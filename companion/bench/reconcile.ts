import { createReconciliationReader } from '../src/sync/reconciliation/read.ts';
import { joinCompanion } from './closebooks.ts';
import { startCompanionProcess } from './companion-process.ts';
import { createScenarioEnv, type Backend, type BenchEnv } from './env.ts';
import { seedMirrors, seedZohoInvoices } from './ledger-seed.ts';
import { sampleRss, type MemorySampler } from './observe.ts';
import {
    matchFindings,
    toReconcileFigures,
    type Finding,
    type ReconcileFigures
} from './scale-figures.ts';
import type { ScenarioContext, ScenarioReport } from './scenarios.ts';
import { formatRows } from './table.ts';

/**
 * Reconciliation of a large ledger: `invoices` Zoho invoices and their Salesforce mirrors,
 * seeded in both simulators' stores with three kinds of mismatch planted, then the companion's
 * totals reconciliation (what the admin route and `closebooks reconcile` run) read once at
 * Zoho's 100 calls a minute. Measured: calls against the page floors, wall time, what it found
 * against what was planted, peak RSS and the heap it grew by.
 */

export type ReconcileOptions = {
    invoices: number;
    scale: number;
    backend: Backend;
    databaseUrl?: string;
    perMinute?: number;
    /** Sample the heap held after a full collection this often (needs `--expose-gc`). */
    retainedEveryMs?: number;
    /**
     * Run the companion in a process of its own (`companion-process.ts`) and measure that
     * process's memory, not this one's (which holds the simulators and their seeded ledger).
     */
    companionProcess?: boolean;
    progress?: (line: string) => void;
};

/** Invoice date of the ledger and the reconciliation's `since` (the bench month is November 2026). */
const INVOICE_DATE = '2026-11-20';
const SINCE = '2026-11-01';
/** Net 30: the ledger is open, not overdue, when it is reconciled. */
const DUE_DATE = '2026-12-20';

/** The companion as the run drives it, and the memory of the process it runs in. */
type Reconciler = {
    /** Starts measuring memory (the held heap grows from here). */
    mark(): Promise<void>;
    reconcile(since: string): Promise<Finding[]>;
    memory(): Promise<{ peakRssBytes: number; heapGrowthBytes: number }>;
    stop(): Promise<void>;
};

/** In this process, with the simulators: the reader called directly. */
async function inProcessReconciler(
    backend: 'pglite' | 'postgres',
    env: BenchEnv,
    retainedEveryMs: number | undefined
): Promise<Reconciler> {
    const companion = await joinCompanion(backend, env);
    const reader = createReconciliationReader({
        db: companion.db,
        clock: env.clock,
        clients: companion.runtime.clients
    });
    // Connect both clients first, so the run counts only the reading.
    await companion.runtime.clients.zoho(companion.connectionId);
    await companion.runtime.clients.salesforce(companion.connectionId);
    let sampler: MemorySampler | undefined;
    return {
        mark: async () => {
            sampler = sampleRss(100, retainedEveryMs);
        },
        reconcile: async (since) => (await reader(companion.connectionId, { since })).invoices,
        memory: async () => {
            sampler?.stop();
            return {
                peakRssBytes: sampler?.peak() ?? 0,
                heapGrowthBytes: sampler?.heapGrowth() ?? 0
            };
        },
        stop: () => companion.stop()
    };
}

/**
 * In a companion process of its own, through the admin route; its memory is that process's
 * (peak RSS over its life, held heap from `mark`).
 */
async function processReconciler(
    backend: 'pglite' | 'postgres',
    env: BenchEnv,
    retainedEveryMs = 1_000
): Promise<Reconciler> {
    const companion = await startCompanionProcess(backend, env);
    // A reconciliation of today's invoices (none) first, so both clients are connected before
    // the run, as the in-process run connects them.
    await companion.reconcile(new Date(env.clock.now()).toISOString().slice(0, 10));
    return {
        mark: async () => void (await companion.memory({ type: 'mark', retainedEveryMs })),
        reconcile: (since) => companion.reconcile(since),
        memory: async () => {
            const report = await companion.memory({ type: 'read' });
            return { peakRssBytes: report.peakRssBytes, heapGrowthBytes: report.heapGrowthBytes };
        },
        stop: () => companion.stop()
    };
}

export async function runReconcile(options: ReconcileOptions): Promise<ReconcileFigures> {
    const perMinute = options.perMinute ?? 100;
    const backend = options.backend === 'postgres' ? 'postgres' : 'pglite';
    const scenario = await createScenarioEnv({
        deals: 0,
        scale: options.scale,
        perMinute,
        ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {})
    });
    const { env } = scenario;
    const account = env.seed.accounts.find((a) => a.zohoContactId);
    const item = env.seed.products.find((p) => p.zohoItemId);
    if (!account?.zohoContactId || !item?.zohoItemId)
        throw new Error('the bench seed has no linked customer and item');
    const plan = {
        invoices: options.invoices,
        date: INVOICE_DATE,
        dueDate: DUE_DATE,
        customerId: account.zohoContactId,
        itemId: item.zohoItemId,
        accountId: account.salesforceId
    };
    options.progress?.(`closebooks/${backend}: seeding ${options.invoices} invoices`);
    const invoices = seedZohoInvoices(env.zoho.sandbox, env.seed.zohoOrganizationId, plan);
    const planted = seedMirrors(
        env.salesforce.sandbox,
        env.salesforce.credentials.org_id,
        env.zoho.sandbox,
        env.seed.zohoOrganizationId,
        invoices,
        plan
    );
    const mirrors =
        invoices.length - planted.missingInSalesforce.length + planted.missingInZoho.length;
    invoices.length = 0;

    const reconciler = options.companionProcess
        ? await processReconciler(backend, env, options.retainedEveryMs)
        : await inProcessReconciler(backend, env, options.retainedEveryMs);
    options.progress?.(`closebooks/${backend}: reconciling`);
    const before = { zoho: await scenario.zohoAdmitted(), sf: scenario.sfUsed() };
    await reconciler.mark();
    const start = { real: performance.now(), sim: env.clock.now() };
    const found = await reconciler.reconcile(SINCE);
    const end = { real: performance.now(), sim: env.clock.now() };
    const memory = await reconciler.memory();
    const measured = {
        zohoCalls: (await scenario.zohoAdmitted()) - before.zoho,
        sfCalls: scenario.sfUsed() - before.sf
    };
    await reconciler.stop();
    await scenario.close();

    const want: Finding[] = [
        ...planted.differs.map((id) => ({ kind: 'differs', zohoInvoiceId: id })),
        ...planted.missingInSalesforce.map((id) => ({
            kind: 'missing_in_salesforce',
            zohoInvoiceId: id
        })),
        ...planted.missingInZoho.map((id) => ({ kind: 'missing_in_zoho', zohoInvoiceId: id }))
    ];
    return toReconcileFigures({
        backend,
        invoices: options.invoices,
        mirrors,
        singleReads: planted.missingInZoho.length,
        perMinute,
        clockScale: options.scale,
        ...measured,
        wallRealMs: end.real - start.real,
        wallSimMs: end.sim - start.sim,
        ...memory,
        findings: matchFindings(want, found)
    });
}

const COLUMNS: [string, keyof ReconcileFigures][] = [
    ['backend', 'backend'],
    ['invoices', 'invoices'],
    ['zoho calls', 'zoho_calls'],
    ['floor', 'zoho_call_floor'],
    ['×floor', 'zoho_calls_over_floor'],
    ['sf calls', 'sf_calls'],
    ['sf floor', 'sf_call_floor'],
    ['sim ms', 'wall_sim_ms'],
    ['floor ms', 'floor_ms'],
    ['real ms', 'wall_real_ms'],
    ['planted', 'mismatches_planted'],
    ['found', 'mismatches_found'],
    ['rss MB', 'peak_rss_mb'],
    ['heap+ MB', 'heap_growth_mb']
];

/** The reconciliation on each backend asked for. */
export async function reconcileScenario(context: ScenarioContext): Promise<ScenarioReport> {
    const results: ReconcileFigures[] = [];
    for (const backend of new Set(context.backends))
        results.push(
            await runReconcile({
                invoices: context.reconcileInvoices,
                scale: context.scale,
                backend,
                progress: context.progress,
                ...(backend === 'postgres' && context.databaseUrl
                    ? { databaseUrl: context.databaseUrl }
                    : {})
            })
        );
    return { results, table: formatRows(COLUMNS, results) };
}
