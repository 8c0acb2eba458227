import { describe, expect, it } from 'vitest';

import { floorMs, percentile } from './figures.ts';

describe('bench figures', () => {
    it.each([
        { name: 'no samples', samples: [], p: 50, want: Number.NaN },
        { name: 'one sample', samples: [7], p: 95, want: 7 },
        { name: 'median of an odd count', samples: [3, 1, 2], p: 50, want: 2 },
        {
            name: 'p95 of twenty is the nineteenth',
            samples: [...Array(20).keys()],
            p: 95,
            want: 18
        },
        { name: 'p100 is the maximum', samples: [5, 9, 1], p: 100, want: 9 }
    ])('percentile: $name', ({ samples, p, want }) => {
        expect(percentile(samples, p)).toBe(want);
    });

    it('puts the floor of 1000 deals at 100 a minute at ten simulated minutes', () => {
        expect(floorMs(1000, 100)).toBe(600_000);
    });
});
