/**
 * The figures of one benchmark run, computed from raw measurements (pure, so tested by table).
 * The floor is what Zoho's per-minute limit allows at best for an engine that makes one call per
 * invoice: N invoices ÷ 100 calls per minute, in simulated ms.
 */

export type RunMeasurements = {
    engine: 'closebooks' | 'naive';
    backend: 'pglite' | 'postgres' | 'none';
    deals: number;
    perMinute: number;
    clockScale: number;
    invoices: number;
    duplicates: number;
    zohoCalls: number;
    zoho429s: number;
    sfCalls: number;
    wallRealMs: number;
    wallSimMs: number;
    peakRssBytes: number;
    /** Close → invoice, real ms, of the deals closed in the burst. */
    burstLatenciesMs: number[];
    /** Close → invoice, real ms, of the deals closed one at a time on an idle engine. */
    idleLatenciesMs: number[];
};

export type RunFigures = {
    scenario: 'month-end-burst';
    engine: RunMeasurements['engine'];
    backend: RunMeasurements['backend'];
    invoices: number;
    zoho_calls: number;
    zoho_calls_per_invoice: number;
    floor_ms: number;
    wall_real_ms: number;
    wall_sim_ms: number;
    wall_over_floor: number;
    zoho_429s: number;
    sf_calls: number;
    sf_calls_per_invoice: number;
    latency_p50_ms: number;
    latency_p95_ms: number;
    burst_latency_p50_ms: number;
    burst_latency_p95_ms: number;
    peak_rss_mb: number;
    clock_scale: number;
    duplicates: number;
};

/** Nearest-rank percentile; NaN for no samples. */
export function percentile(samples: readonly number[], p: number): number {
    if (samples.length === 0) return Number.NaN;
    const sorted = [...samples].sort((a, b) => a - b);
    const rank = Math.ceil((p / 100) * sorted.length);
    return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

const round = (value: number, digits = 2) => {
    const f = 10 ** digits;
    return Math.round(value * f) / f;
};
/** Four decimals: a target like 0.01 calls per invoice must not hide 0.014 by rounding. */
const ratio = (a: number, b: number) => (b === 0 ? Number.NaN : round(a / b, 4));

/** One call per invoice at the per-minute limit: N ÷ perMinute minutes, in simulated ms. */
export function floorMs(deals: number, perMinute: number): number {
    return Math.round((deals / perMinute) * 60_000);
}

export function toFigures(m: RunMeasurements): RunFigures {
    const floor = floorMs(m.deals, m.perMinute);
    return {
        scenario: 'month-end-burst',
        engine: m.engine,
        backend: m.backend,
        invoices: m.invoices,
        zoho_calls: m.zohoCalls,
        zoho_calls_per_invoice: ratio(m.zohoCalls, m.invoices),
        floor_ms: floor,
        wall_real_ms: Math.round(m.wallRealMs),
        wall_sim_ms: Math.round(m.wallSimMs),
        wall_over_floor: ratio(m.wallSimMs, floor),
        zoho_429s: m.zoho429s,
        sf_calls: m.sfCalls,
        sf_calls_per_invoice: ratio(m.sfCalls, m.invoices),
        latency_p50_ms: Math.round(percentile(m.idleLatenciesMs, 50)),
        latency_p95_ms: Math.round(percentile(m.idleLatenciesMs, 95)),
        burst_latency_p50_ms: Math.round(percentile(m.burstLatenciesMs, 50)),
        burst_latency_p95_ms: Math.round(percentile(m.burstLatenciesMs, 95)),
        peak_rss_mb: round(m.peakRssBytes / 2 ** 20, 1),
        clock_scale: m.clockScale,
        duplicates: m.duplicates
    };
}
