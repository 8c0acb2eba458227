import { floorMs } from './figures.ts';

/**
 * The figures of the scale scenarios (reconciliation, RSS, real pace), computed from raw
 * measurements (pure, so tested by table).
 */

/** Zoho's largest list page. */
export const ZOHO_PAGE = 200;
/** Salesforce's largest query page (queryMore batch). */
export const SALESFORCE_PAGE = 2_000;
/** RSS is "flat" when the peak at ten times the size is at most this times the peak at one. */
export const FLAT_RATIO = 1.25;

const round = (value: number, digits = 2) => {
    const f = 10 ** digits;
    return Math.round(value * f) / f;
};
const ratio = (a: number, b: number) => (b === 0 ? Number.NaN : round(a / b, 4));
const mb = (bytes: number) => round(bytes / 2 ** 20, 1);

/** Calls to read `rows` rows at `perPage` a page: at least one, even for nothing. */
export function pageFloor(rows: number, perPage: number): number {
    return Math.max(1, Math.ceil(rows / perPage));
}

/** A planted mismatch: its finding and the Zoho invoice id it is about. */
export type Finding = { kind: string; zohoInvoiceId: string };

/** How the findings of a run compare with what was planted (each finding once). */
export function matchFindings(planted: readonly Finding[], found: readonly Finding[]) {
    const key = (f: Finding) => `${f.kind}:${f.zohoInvoiceId}`;
    const want = new Set(planted.map(key));
    const got = new Set(found.map(key));
    const hit = [...got].filter((k) => want.has(k)).length;
    return {
        planted: want.size,
        found: got.size,
        missed: want.size - hit,
        unexpected: got.size - hit
    };
}

export type ReconcileMeasurements = {
    backend: 'pglite' | 'postgres';
    invoices: number;
    mirrors: number;
    /** Invoices Salesforce names that Zoho's list lacks: each is read once to tell it is gone. */
    singleReads: number;
    perMinute: number;
    clockScale: number;
    zohoCalls: number;
    sfCalls: number;
    wallRealMs: number;
    wallSimMs: number;
    peakRssBytes: number;
    /** Peak heap used during the run above the heap used when it started (simulators seeded). */
    heapGrowthBytes: number;
    findings: ReturnType<typeof matchFindings>;
};

export type ReconcileFigures = ReturnType<typeof toReconcileFigures>;

/**
 * The floor: every Zoho invoice read once on full pages plus one read of each invoice only
 * Salesforce names, and every mirror on full query pages plus the one page of won deals; in
 * time, those Zoho calls at the per-minute limit.
 */
export function toReconcileFigures(m: ReconcileMeasurements) {
    const zohoFloor = pageFloor(m.invoices, ZOHO_PAGE) + m.singleReads;
    const sfFloor = pageFloor(m.mirrors, SALESFORCE_PAGE) + 1;
    const wallFloor = floorMs(zohoFloor, m.perMinute);
    return {
        scenario: 'reconcile' as const,
        engine: 'closebooks' as const,
        backend: m.backend,
        invoices: m.invoices,
        zoho_calls: m.zohoCalls,
        zoho_call_floor: zohoFloor,
        zoho_calls_over_floor: ratio(m.zohoCalls, zohoFloor),
        sf_calls: m.sfCalls,
        sf_call_floor: sfFloor,
        sf_calls_over_floor: ratio(m.sfCalls, sfFloor),
        wall_real_ms: Math.round(m.wallRealMs),
        wall_sim_ms: Math.round(m.wallSimMs),
        floor_ms: wallFloor,
        wall_over_floor: ratio(m.wallSimMs, wallFloor),
        mismatches_planted: m.findings.planted,
        mismatches_found: m.findings.found,
        mismatches_missed: m.findings.missed,
        mismatches_unexpected: m.findings.unexpected,
        peak_rss_mb: mb(m.peakRssBytes),
        heap_growth_mb: mb(m.heapGrowthBytes),
        clock_scale: m.clockScale
    };
}

/** Peak at the larger size ÷ peak at the smaller, and whether that is flat. */
export function growth(small: number, large: number) {
    const r = ratio(large, small);
    return { ratio: r, flat: r <= FLAT_RATIO };
}

/** One run of the `rss` scenario: its size, the companion's process and the simulators'. */
export type RssRun = {
    size: number;
    correct: boolean;
    /** The companion process's resident set high-water mark. */
    companionPeakRssBytes: number;
    /** Heap the companion process held (after full collections) at its peak above its start. */
    companionHeapGrowthBytes: number;
    /** The companion process's RSS at each tenth of a burst's invoices (none: reconciliation). */
    companionRssByTenthBytes: number[];
    /** The other process's high-water mark: both simulators, their seeded data, the harness. */
    simulatorsPeakRssBytes: number;
};

/**
 * A workload at one size and at ten times it. Flat (the verdict) is on the companion's process
 * alone; `both_*` adds the two processes' peaks, at most what they held at once.
 */
export function toRssFigures(m: {
    backend: 'pglite' | 'postgres';
    workload: 'burst' | 'reconcile';
    clockScale: number;
    small: RssRun;
    large: RssRun;
}) {
    const rss = growth(m.small.companionPeakRssBytes, m.large.companionPeakRssBytes);
    const heap = growth(m.small.companionHeapGrowthBytes, m.large.companionHeapGrowthBytes);
    const both = (run: RssRun) => run.companionPeakRssBytes + run.simulatorsPeakRssBytes;
    return {
        scenario: 'rss' as const,
        engine: 'closebooks' as const,
        backend: m.backend,
        workload: m.workload,
        small_size: m.small.size,
        large_size: m.large.size,
        companion_small_peak_rss_mb: mb(m.small.companionPeakRssBytes),
        companion_large_peak_rss_mb: mb(m.large.companionPeakRssBytes),
        companion_rss_ratio: rss.ratio,
        companion_small_heap_growth_mb: mb(m.small.companionHeapGrowthBytes),
        companion_large_heap_growth_mb: mb(m.large.companionHeapGrowthBytes),
        companion_heap_ratio: heap.ratio,
        flat_threshold: FLAT_RATIO,
        companion_rss_flat: rss.flat,
        simulators_small_peak_rss_mb: mb(m.small.simulatorsPeakRssBytes),
        simulators_large_peak_rss_mb: mb(m.large.simulatorsPeakRssBytes),
        both_small_peak_rss_mb: mb(both(m.small)),
        both_large_peak_rss_mb: mb(both(m.large)),
        both_rss_ratio: growth(both(m.small), both(m.large)).ratio,
        companion_large_rss_by_tenth_mb: m.large.companionRssByTenthBytes.map(mb),
        correct: m.small.correct && m.large.correct,
        clock_scale: m.clockScale
    };
}

/** Salesforce calls of one burst and the invoices it made. */
export type PaceRun = { invoices: number; sfCalls: number; clockScale: number };

/**
 * Salesforce calls per invoice of the same burst at the real pace and at the scaled pace, side by
 * side (null for a pace not run), and how many times the real pace's figure is the scaled one's.
 */
export function paceFigures(real: PaceRun | null, scaled: PaceRun) {
    const perInvoice = (run: PaceRun) => ratio(run.sfCalls, run.invoices);
    return {
        real_pace_invoices: real?.invoices ?? null,
        real_pace_sf_calls: real?.sfCalls ?? null,
        real_pace_sf_calls_per_invoice: real ? perInvoice(real) : null,
        scaled_invoices: scaled.invoices,
        scaled_sf_calls: scaled.sfCalls,
        scaled_sf_calls_per_invoice: perInvoice(scaled),
        scaled_clock_scale: scaled.clockScale,
        real_over_scaled: real ? ratio(perInvoice(real), perInvoice(scaled)) : null
    };
}
