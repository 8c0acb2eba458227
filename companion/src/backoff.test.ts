import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { backoffMs } from './backoff.ts';

describe('backoffMs', () => {
    it.each([
        { attempt: 1, random: 0, want: 1_000 },
        { attempt: 1, random: 1, want: 2_000 },
        { attempt: 3, random: 0.5, want: 6_000 },
        { attempt: 30, random: 1, want: 3_600_000 }
    ])('attempt $attempt with random $random waits $want ms', ({ attempt, random, want }) => {
        expect(backoffMs(attempt, { random: () => random })).toBe(want);
    });

    it('stays between half the step and the cap, and never shrinks on average', () => {
        fc.assert(
            fc.property(
                fc.integer({ min: 1, max: 60 }),
                fc.double({ min: 0, max: 1, noNaN: true }),
                (attempt, r) => {
                    const delay = backoffMs(attempt, { random: () => r });
                    const step = Math.min(3_600_000, 2_000 * 2 ** (attempt - 1));
                    expect(delay).toBeGreaterThanOrEqual(Math.floor(step / 2));
                    expect(delay).toBeLessThanOrEqual(3_600_000);
                    expect(backoffMs(attempt + 1, { random: () => 0.5 })).toBeGreaterThanOrEqual(
                        backoffMs(attempt, { random: () => 0.5 })
                    );
                }
            )
        );
    });
});
