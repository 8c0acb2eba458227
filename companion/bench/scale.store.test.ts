import { describe, expect, it } from 'vitest';

import { testBackend } from '../test/support/test-db.ts';
import { realPaceScenario } from './real-pace.ts';
import { runReconcile } from './reconcile.ts';
import { measureGrowth } from './rss.ts';
import type { ScenarioContext } from './scenarios.ts';

/**
 * The scale scenarios run tiny, for correctness only (what they find and make, and that every
 * figure is there), never for timings or memory: those are the benchmark's business. The rss
 * scenario runs the companion in a process of its own (`companionProcess`), tested here too.
 */

const databaseUrl = process.env.CLOSEBOOKS_TEST_DATABASE_URL;
const context: ScenarioContext = {
    deals: 4,
    scale: 50,
    reconcileInvoices: 400,
    rssDeals: 20,
    rssInvoices: 200,
    rssScale: 50,
    realPaceDeals: 3,
    events: 3,
    gapMs: 200,
    connections: 2,
    durationS: 1,
    warmupS: 0,
    engines: ['closebooks', 'naive'],
    backends: [testBackend],
    progress: () => undefined,
    ...(databaseUrl ? { databaseUrl } : {})
};

describe(`bench scale scenarios (${testBackend})`, () => {
    it('reconcile: finds exactly the planted mismatches, in two list pages and their single reads', async () => {
        const figures = await runReconcile({
            invoices: 400,
            scale: 50,
            backend: testBackend,
            ...(databaseUrl ? { databaseUrl } : {})
        });
        expect(figures).toMatchObject({
            scenario: 'reconcile',
            invoices: 400,
            mismatches_planted: 9,
            mismatches_found: 9,
            mismatches_missed: 0,
            mismatches_unexpected: 0,
            zoho_call_floor: 2 + 3,
            sf_call_floor: 2
        });
        expect(figures.zoho_calls).toBeGreaterThanOrEqual(figures.zoho_call_floor);
        expect(figures.peak_rss_mb).toBeGreaterThan(0);
    });

    it('reconcile in a companion process of its own: the admin route finds exactly the planted mismatches, its memory read apart', async () => {
        const figures = await runReconcile({
            invoices: 400,
            scale: 50,
            backend: testBackend,
            companionProcess: true,
            ...(databaseUrl ? { databaseUrl } : {})
        });
        expect(figures).toMatchObject({
            mismatches_planted: 9,
            mismatches_found: 9,
            mismatches_missed: 0,
            mismatches_unexpected: 0
        });
        expect(figures.zoho_calls).toBeGreaterThanOrEqual(figures.zoho_call_floor);
        expect(figures.peak_rss_mb).toBeGreaterThan(0);
    });

    it('rss: a burst at a tenth of the size and at the size, each in its own process, makes every invoice', async () => {
        const figures = await measureGrowth(
            context,
            {
                workload: 'burst',
                scale: 50,
                backend: testBackend,
                ...(databaseUrl ? { databaseUrl } : {})
            },
            20
        );
        expect(figures).toMatchObject({
            scenario: 'rss',
            workload: 'burst',
            small_size: 2,
            large_size: 20,
            correct: true,
            flat_threshold: 1.25
        });
        expect(figures.companion_large_rss_by_tenth_mb).toHaveLength(10);
        expect(figures.companion_rss_ratio).toBeGreaterThan(0);
        expect(figures.simulators_large_peak_rss_mb).toBeGreaterThan(0);
    });

    it('real-pace: every invoice made at both paces, the naive baseline at the scaled one', async () => {
        const report = await realPaceScenario(context);
        expect(report.results).toEqual([
            expect.objectContaining({
                engine: 'closebooks',
                real_pace_invoices: 3,
                scaled_invoices: 3,
                scaled_clock_scale: 50
            }),
            expect.objectContaining({
                engine: 'naive',
                scaled_invoices: 3,
                scaled_sf_calls_per_invoice: 2,
                real_pace_sf_calls_per_invoice: null
            })
        ]);
        const [closebooks] = report.results;
        expect(closebooks).toHaveProperty('real_pace_sf_calls_per_invoice', expect.any(Number));
    });
});
