import { describe, expect, it } from 'vitest';

import { chaosScale } from './schedule.ts';

describe('the chaos clock scale', () => {
    it('makes the burst last as long as the kills, so they fall all over it', () => {
        // 1,000 deals at 100 a minute: 600 s; 200 kills × 2 s on one process: 400 s.
        expect(chaosScale(1000, 200, 1)).toBe(1.5);
        // Three processes share the kills: 133 s of kills.
        expect(chaosScale(1000, 200, 3)).toBe(4.5);
    });

    it('runs at most ten times real time, when there are few kills to spread', () => {
        expect(chaosScale(1000, 10, 1)).toBe(10);
        expect(chaosScale(1000, 0, 1)).toBe(10);
        expect(chaosScale(20, 3, 3)).toBe(6);
    });
});
