import { percentile } from './figures.ts';

/**
 * The figures of the ingest scenario (pure, so tested by table): requests per second of the
 * companion's webhook door and of a bare Hono handler under the same closed-loop load, their
 * ratio (target ≥ 0.25), latencies (target companion p99 ≤ 50 ms), and whether every accepted
 * webhook was stored exactly once.
 */

export const INGEST_TARGET_RATIO = 0.25;
export const INGEST_TARGET_P99_MS = 50;

type Load = {
    requests: number;
    latenciesMs: number[];
    durationMs: number;
    errors: number;
    /** Requests sent over the whole run, and the CPU ms its server process spent on them. */
    sent: number;
    cpuMs: number;
};

export type IngestMeasurements = {
    backend: 'pglite' | 'postgres';
    connections: number;
    companion: Load & { accepted: number };
    bare: Load;
    /** After the run: inbox rows, distinct records among them, jobs queued. */
    stored: { inbox: number; records: number; jobs: number };
};

export type IngestFigures = {
    scenario: 'ingest';
    engine: 'closebooks';
    backend: IngestMeasurements['backend'];
    connections: number;
    duration_s: number;
    companion_rps: number;
    bare_rps: number;
    ratio: number;
    target_ratio: number;
    companion_p50_ms: number;
    companion_p99_ms: number;
    bare_p50_ms: number;
    bare_p99_ms: number;
    target_p99_ms: number;
    /** The server process's CPU per request (the database server's not counted): less noisy than req/s on a busy machine. */
    companion_cpu_ms_per_request: number;
    bare_cpu_ms_per_request: number;
    accepted: number;
    stored: number;
    lost: number;
    duplicates: number;
    jobs: number;
    errors: number;
    bare_errors: number;
    exactly_once: boolean;
    meets_target: boolean;
};

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
const cpuPerRequest = (load: Load) =>
    load.sent > 0 ? round(load.cpuMs / load.sent, 3) : Number.NaN;
const perSecond = (load: Load) =>
    load.durationMs > 0 ? load.requests / (load.durationMs / 1000) : 0;

export function ingestFigures(m: IngestMeasurements): IngestFigures {
    const companionRps = perSecond(m.companion);
    const bareRps = perSecond(m.bare);
    // Judged unrounded: rounding must not turn a ratio just under the target into a pass.
    const ratio = bareRps > 0 ? companionRps / bareRps : Number.NaN;
    const p99 = round(percentile(m.companion.latenciesMs, 99), 1);
    const { accepted } = m.companion;
    const exactlyOnce =
        m.stored.inbox === accepted && m.stored.records === accepted && m.stored.jobs === accepted;
    return {
        scenario: 'ingest',
        engine: 'closebooks',
        backend: m.backend,
        connections: m.connections,
        duration_s: round(m.companion.durationMs / 1000, 1),
        companion_rps: round(companionRps, 1),
        bare_rps: round(bareRps, 1),
        ratio: round(ratio, 4),
        target_ratio: INGEST_TARGET_RATIO,
        companion_p50_ms: round(percentile(m.companion.latenciesMs, 50), 1),
        companion_p99_ms: p99,
        bare_p50_ms: round(percentile(m.bare.latenciesMs, 50), 1),
        bare_p99_ms: round(percentile(m.bare.latenciesMs, 99), 1),
        target_p99_ms: INGEST_TARGET_P99_MS,
        companion_cpu_ms_per_request: cpuPerRequest(m.companion),
        bare_cpu_ms_per_request: cpuPerRequest(m.bare),
        accepted,
        stored: m.stored.inbox,
        lost: Math.max(0, accepted - m.stored.records),
        duplicates: m.stored.inbox - m.stored.records,
        jobs: m.stored.jobs,
        errors: m.companion.errors,
        bare_errors: m.bare.errors,
        exactly_once: exactlyOnce,
        meets_target:
            exactlyOnce &&
            m.companion.errors === 0 &&
            ratio >= INGEST_TARGET_RATIO &&
            p99 <= INGEST_TARGET_P99_MS
    };
}
