import { percentile } from './figures.ts';

/**
 * The figures of the webhook scenario (pure, so tested by table): real ms from a change made in
 * Zoho until the Salesforce simulator shows it, against the idle target p95 ≤ 2 s. Every event
 * must arrive for the target to count as met.
 */

export const WEBHOOK_TARGET_P95_MS = 2_000;

/**
 * The default pace of the events, "idle": one every 10 simulated seconds, six a simulated minute
 * whatever the clock scale. At the 6 Books API calls an event costs the companion and the
 * clerk's 2 (read the invoice, record the payment), that is 48 calls a simulated minute, under
 * half of Zoho's 100, so an event never waits for the next minute behind the ones before it.
 */
export const IDLE_GAP_SIMULATED_MS = 10_000;

/** Real ms between events for the idle pace at a clock scale (simulated ms per real ms). */
export function idleGapMs(scale: number): number {
    return Math.ceil(IDLE_GAP_SIMULATED_MS / scale);
}

export type WebhookMeasurements = {
    backend: 'pglite' | 'postgres';
    events: number;
    /** Change → Salesforce, real ms, of each event that arrived. */
    latenciesMs: number[];
    clockScale: number;
    /** Books API calls the companion made, and the 429s it was answered, while the events ran. */
    zohoCalls: number;
    zoho429s: number;
    /** Books API calls the clerk made to record the payments (429s waited out included). */
    clerkCalls: number;
    /** Real ms from the first gap until the last event arrived (or was given up). */
    windowMs: number;
};

export type WebhookFigures = {
    scenario: 'webhook';
    engine: 'closebooks';
    backend: WebhookMeasurements['backend'];
    events: number;
    samples: number;
    missed: number;
    latency_p50_ms: number;
    latency_p95_ms: number;
    latency_max_ms: number;
    target_p95_ms: number;
    meets_target: boolean;
    zoho_calls_per_event: number;
    zoho_429s: number;
    /** Everyone's Books API calls (companion's and clerk's) per simulated minute of the events. */
    zoho_calls_per_minute: number;
    clock_scale: number;
};

/** Zoho's per-minute limit of the simulated organization. */
export const ZOHO_CALLS_PER_MINUTE = 100;

export function webhookFigures(m: WebhookMeasurements): WebhookFigures {
    const p95 = Math.round(percentile(m.latenciesMs, 95));
    const missed = m.events - m.latenciesMs.length;
    return {
        scenario: 'webhook',
        engine: 'closebooks',
        backend: m.backend,
        events: m.events,
        samples: m.latenciesMs.length,
        missed,
        latency_p50_ms: Math.round(percentile(m.latenciesMs, 50)),
        latency_p95_ms: p95,
        latency_max_ms: Math.round(percentile(m.latenciesMs, 100)),
        target_p95_ms: WEBHOOK_TARGET_P95_MS,
        meets_target: m.latenciesMs.length > 0 && missed === 0 && p95 <= WEBHOOK_TARGET_P95_MS,
        zoho_calls_per_event:
            m.events > 0 ? Math.round((m.zohoCalls / m.events) * 100) / 100 : Number.NaN,
        zoho_429s: m.zoho429s,
        zoho_calls_per_minute:
            m.windowMs > 0
                ? Math.round(
                      ((m.zohoCalls + m.clerkCalls) / ((m.windowMs * m.clockScale) / 60_000)) * 10
                  ) / 10
                : Number.NaN,
        clock_scale: m.clockScale
    };
}
