import { describe, expect, it } from 'vitest';

import { chaosScale, KILL_SPAN, meanLifeMs } from './schedule.ts';

describe('the chaos clock scale', () => {
    it('makes three quarters of the burst last as long as the kills, so they fall all over it', () => {
        // 1,000 deals at 100 a minute: 600 s, three quarters 450 s; 200 kills × 2 s on one
        // process: 400 s.
        expect(chaosScale(1000, 200, 1)).toBe(1.13);
        // Three processes share the kills: 133 s of kills.
        expect(chaosScale(1000, 200, 3)).toBe(3.37);
    });

    it('fits every kill into three quarters of the burst at its floor, at the chosen scale', () => {
        for (const [deals, kills, processes] of [
            [1000, 200, 1],
            [1000, 200, 3],
            [20, 3, 3],
            [5000, 50, 2]
        ] as const) {
            const scale = chaosScale(deals, kills, processes);
            const floorRealMs = ((deals / 100) * 60_000) / scale;
            const killsRealMs = (kills * meanLifeMs(deals, kills, processes, scale)) / processes;
            expect(killsRealMs).toBeLessThanOrEqual(KILL_SPAN * floorRealMs * 1.01);
        }
    });

    it('never lets a process live under two seconds on average', () => {
        expect(meanLifeMs(1000, 200, 3, 10)).toBe(2_000);
        expect(meanLifeMs(1000, 200, 1, 1)).toBe(2_250);
    });

    it('runs at most ten times real time, when there are few kills to spread', () => {
        expect(chaosScale(1000, 10, 1)).toBe(10);
        expect(chaosScale(1000, 0, 1)).toBe(10);
        expect(chaosScale(20, 3, 3)).toBe(4.5);
    });
});
