import { describe, expect, it } from 'vitest';

import { idleGapMs, webhookFigures } from './webhook-figures.ts';

const measured = (latenciesMs: number[], events = latenciesMs.length) =>
    webhookFigures({
        backend: 'pglite',
        events,
        latenciesMs,
        clockScale: 5,
        zohoCalls: 10 * events,
        zoho429s: 0,
        clerkCalls: 2 * events,
        windowMs: 3_000 * events
    });

describe('webhook figures', () => {
    it('takes p50, p95 and max from the samples, rounded to whole ms', () => {
        const figures = measured([...Array(20).keys()].map((i) => 100 * (i + 1) + 0.4));
        expect(figures).toMatchObject({
            samples: 20,
            missed: 0,
            latency_p50_ms: 1000,
            latency_p95_ms: 1900,
            latency_max_ms: 2000,
            meets_target: true,
            zoho_calls_per_event: 10
        });
    });

    it("counts the Zoho demand per simulated minute: everyone's calls over the scaled window", () => {
        // 20 events × (10 + 2) calls over 60 real s at clock ×5: 240 calls in 5 simulated minutes.
        expect(measured(Array(20).fill(300)).zoho_calls_per_minute).toBe(48);
    });

    it('misses the target when p95 is above two seconds', () => {
        const figures = measured([...Array(19).fill(300), 2_001, 2_001]);
        expect(figures.latency_p95_ms).toBe(2_001);
        expect(figures.meets_target).toBe(false);
    });

    it('misses the target when an event never reached Salesforce, however fast the rest', () => {
        const figures = measured([10, 20], 3);
        expect(figures).toMatchObject({ samples: 2, missed: 1, meets_target: false });
    });

    it('paces idle events 10 simulated seconds apart, whatever the clock scale', () => {
        expect(idleGapMs(5)).toBe(2_000);
        expect(idleGapMs(1)).toBe(10_000);
        expect(idleGapMs(3)).toBe(3_334);
    });

    it('meets nothing with no samples', () => {
        expect(measured([], 0).meets_target).toBe(false);
    });
});
