import { describe, expect, it } from 'vitest';

import { webhookFigures } from './webhook-figures.ts';

const measured = (latenciesMs: number[], events = latenciesMs.length) =>
    webhookFigures({
        backend: 'pglite',
        events,
        latenciesMs,
        clockScale: 5,
        zohoCalls: 10 * events,
        zoho429s: 0
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

    it('misses the target when p95 is above two seconds', () => {
        const figures = measured([...Array(19).fill(300), 2_001, 2_001]);
        expect(figures.latency_p95_ms).toBe(2_001);
        expect(figures.meets_target).toBe(false);
    });

    it('misses the target when an event never reached Salesforce, however fast the rest', () => {
        const figures = measured([10, 20], 3);
        expect(figures).toMatchObject({ samples: 2, missed: 1, meets_target: false });
    });

    it('meets nothing with no samples', () => {
        expect(measured([], 0).meets_target).toBe(false);
    });
});
