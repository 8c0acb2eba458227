import { describe, expect, it } from 'vitest';

import { ingestFigures, type IngestMeasurements } from './ingest-figures.ts';

const load = (requests: number, latencyMs: number) => ({
    requests,
    latenciesMs: Array<number>(requests).fill(latencyMs),
    durationMs: 10_000,
    errors: 0,
    sent: requests,
    cpuMs: requests / 2
});

function measured(overrides: Partial<IngestMeasurements> = {}): IngestMeasurements {
    return {
        backend: 'postgres',
        connections: 32,
        companion: { ...load(5_000, 6), accepted: 5_200 },
        bare: load(20_000, 1.5),
        stored: { inbox: 5_200, records: 5_200, jobs: 5_200 },
        ...overrides
    };
}

describe('ingest figures', () => {
    it('gives requests per second over the measured window and the ratio to the bare handler', () => {
        expect(ingestFigures(measured())).toMatchObject({
            companion_rps: 500,
            bare_rps: 2_000,
            ratio: 0.25,
            companion_p99_ms: 6,
            bare_p50_ms: 1.5,
            companion_cpu_ms_per_request: 0.5,
            stored: 5_200,
            lost: 0,
            duplicates: 0,
            exactly_once: true,
            meets_target: true
        });
    });

    it('takes p99 as the 99th of a hundred latencies', () => {
        const latenciesMs = [...Array(100).keys()].map((i) => i + 1);
        const figures = ingestFigures(
            measured({ companion: { ...load(100, 0), latenciesMs, accepted: 5_200 } })
        );
        expect(figures.companion_p99_ms).toBe(99);
        expect(figures.companion_p50_ms).toBe(50);
        expect(figures.meets_target).toBe(false);
    });

    it('misses the target just below a quarter of the bare handler, even when it rounds to 0.25', () => {
        const figures = ingestFigures(measured({ bare: load(20_001, 1.5) }));
        expect(figures.ratio).toBe(0.25);
        expect(figures.meets_target).toBe(false);
    });

    it('counts an accepted webhook missing from the store as lost', () => {
        const figures = ingestFigures(
            measured({ stored: { inbox: 5_199, records: 5_199, jobs: 5_199 } })
        );
        expect(figures).toMatchObject({ lost: 1, exactly_once: false, meets_target: false });
    });

    it('counts a record stored twice as a duplicate', () => {
        const figures = ingestFigures(
            measured({ stored: { inbox: 5_201, records: 5_200, jobs: 5_201 } })
        );
        expect(figures).toMatchObject({ lost: 0, duplicates: 1, exactly_once: false });
    });

    it('misses the target when the companion answered with an error', () => {
        const figures = ingestFigures(
            measured({ companion: { ...load(5_000, 6), errors: 1, accepted: 5_200 } })
        );
        expect(figures.meets_target).toBe(false);
    });
});
