import { describe, expect, it } from 'vitest';

import { runScenario } from './harness.ts';
import { naiveEngine } from './naive.ts';

describe('bench harness', () => {
    it('runs the naive engine to one invoice per deal with self-consistent figures', async () => {
        const figures = await runScenario(naiveEngine, {
            deals: 30,
            scale: 100,
            perMinute: 10,
            idleDeals: 3,
            idleGapMs: 200
        });
        expect(figures).toMatchObject({
            scenario: 'month-end-burst',
            engine: 'naive',
            backend: 'none',
            invoices: 30,
            duplicates: 0,
            clock_scale: 100,
            floor_ms: 180_000
        });
        expect(figures.zoho_calls).toBe(60);
        expect(figures.zoho_calls_per_invoice).toBe(2);
        expect(figures.sf_calls).toBe(60);
        expect(figures.sf_calls_per_invoice).toBe(2);
        expect(figures.zoho_429s).toBeGreaterThan(0);
        // 60 calls at 10 a minute cannot finish before the sixth simulated minute.
        expect(figures.wall_sim_ms).toBeGreaterThan(300_000);
        expect(figures.wall_over_floor).toBeCloseTo(figures.wall_sim_ms / figures.floor_ms, 1);
        expect(figures.burst_latency_p95_ms).toBeGreaterThanOrEqual(figures.burst_latency_p50_ms);
        expect(figures.latency_p50_ms).toBeGreaterThan(0);
        expect(figures.latency_p95_ms).toBeLessThan(figures.burst_latency_p95_ms);
        expect(figures.peak_rss_mb).toBeGreaterThan(0);
    });
});
