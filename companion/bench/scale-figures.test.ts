import { describe, expect, it } from 'vitest';

import {
    growth,
    matchFindings,
    pageFloor,
    paceFigures,
    toReconcileFigures,
    toRssFigures,
    type RssRun
} from './scale-figures.ts';

describe('scale figures', () => {
    it.each([
        { rows: 100_000, perPage: 200, want: 500 },
        { rows: 100_001, perPage: 200, want: 501 },
        { rows: 99_997, perPage: 2_000, want: 50 },
        { rows: 0, perPage: 200, want: 1 }
    ])('pageFloor($rows, $perPage) = $want', ({ rows, perPage, want }) => {
        expect(pageFloor(rows, perPage)).toBe(want);
    });

    it('counts findings against the plan: missed and unexpected apart, each finding once', () => {
        const planted = [
            { kind: 'differs', zohoInvoiceId: '1' },
            { kind: 'missing_in_zoho', zohoInvoiceId: '2' }
        ];
        const found = [
            { kind: 'differs', zohoInvoiceId: '1' },
            { kind: 'differs', zohoInvoiceId: '1' },
            { kind: 'missing_in_salesforce', zohoInvoiceId: '2' }
        ];
        expect(matchFindings(planted, found)).toEqual({
            planted: 2,
            found: 2,
            missed: 1,
            unexpected: 1
        });
    });

    it('puts the floor of 100k invoices at 500 list pages plus the single reads, 51 query pages', () => {
        const figures = toReconcileFigures({
            backend: 'pglite',
            invoices: 100_000,
            mirrors: 100_000,
            singleReads: 3,
            perMinute: 100,
            clockScale: 5,
            zohoCalls: 515,
            sfCalls: 51,
            wallRealMs: 60_000,
            wallSimMs: 300_000,
            peakRssBytes: 512 * 2 ** 20,
            heapGrowthBytes: 64 * 2 ** 20,
            findings: { planted: 9, found: 9, missed: 0, unexpected: 0 }
        });
        expect(figures).toMatchObject({
            zoho_call_floor: 503,
            zoho_calls_over_floor: 1.0239,
            sf_call_floor: 51,
            sf_calls_over_floor: 1,
            floor_ms: 301_800,
            wall_over_floor: 0.994,
            peak_rss_mb: 512,
            heap_growth_mb: 64
        });
    });

    it.each([
        { small: 400, large: 500, ratio: 1.25, flat: true },
        { small: 400, large: 501, ratio: 1.2525, flat: false },
        { small: 0, large: 1, ratio: Number.NaN, flat: false }
    ])('growth $small → $large is $ratio (flat: $flat)', ({ small, large, ratio, flat }) => {
        expect(growth(small, large)).toEqual({ ratio, flat });
    });

    it("judges flatness on the companion's process alone, the simulators' beside it", () => {
        const MB = 2 ** 20;
        const run = (size: number, companion: number, simulators: number): RssRun => ({
            size,
            correct: true,
            companionPeakRssBytes: companion * MB,
            companionHeapGrowthBytes: (size / 100) * MB,
            companionRssByTenthBytes: [companion * MB],
            simulatorsPeakRssBytes: simulators * MB
        });
        // The simulators' seeded data grows tenfold; the companion stays within the ratio.
        const figures = toRssFigures({
            backend: 'pglite',
            workload: 'reconcile',
            clockScale: 5,
            small: run(10_000, 400, 500),
            large: run(100_000, 480, 1_500)
        });
        expect(figures).toMatchObject({
            companion_small_peak_rss_mb: 400,
            companion_large_peak_rss_mb: 480,
            companion_rss_ratio: 1.2,
            companion_rss_flat: true,
            companion_heap_ratio: 10,
            simulators_small_peak_rss_mb: 500,
            simulators_large_peak_rss_mb: 1_500,
            both_small_peak_rss_mb: 900,
            both_large_peak_rss_mb: 1_980,
            both_rss_ratio: 2.2,
            companion_large_rss_by_tenth_mb: [480],
            correct: true
        });
        expect(
            toRssFigures({
                backend: 'pglite',
                workload: 'burst',
                clockScale: 20,
                small: run(900, 400, 500),
                large: { ...run(9_000, 501, 500), correct: false }
            })
        ).toMatchObject({ companion_rss_ratio: 1.2525, companion_rss_flat: false, correct: false });
    });

    it('puts Salesforce calls per invoice of both paces side by side', () => {
        expect(
            paceFigures(
                { invoices: 300, sfCalls: 30, clockScale: 1 },
                { invoices: 300, sfCalls: 6, clockScale: 5 }
            )
        ).toMatchObject({
            real_pace_sf_calls_per_invoice: 0.1,
            scaled_sf_calls_per_invoice: 0.02,
            real_over_scaled: 5
        });
        expect(paceFigures(null, { invoices: 10, sfCalls: 20, clockScale: 5 })).toMatchObject({
            real_pace_sf_calls_per_invoice: null,
            real_over_scaled: null
        });
    });
});
