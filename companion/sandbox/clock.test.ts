import { describe, expect, it } from 'vitest';

import { createSandboxClock } from './clock.ts';

function fakeReal(start = 1_000) {
    let t = start;
    return { now: () => t, tick: (ms: number) => (t += ms) };
}

describe('createSandboxClock', () => {
    it('flows at the given scale from its start', () => {
        const real = fakeReal();
        const clock = createSandboxClock({
            startAt: 1_700_000_000_000,
            scale: 60,
            realNow: real.now
        });
        expect(clock.now()).toBe(1_700_000_000_000);
        real.tick(1_000);
        expect(clock.now()).toBe(1_700_000_060_000);
    });

    it('stands still at scale 0 until advanced or set', () => {
        const real = fakeReal();
        const clock = createSandboxClock({ startAt: 0, scale: 0, realNow: real.now });
        real.tick(5_000);
        expect(clock.now()).toBe(0);
        clock.advance(3_600_000);
        expect(clock.now()).toBe(3_600_000);
        clock.set(7_200_000);
        expect(clock.now()).toBe(7_200_000);
    });

    it('refuses to go backwards', () => {
        const clock = createSandboxClock({ startAt: 10_000, scale: 0 });
        expect(() => clock.advance(-1)).toThrow(RangeError);
        expect(() => clock.set(9_999)).toThrow(RangeError);
        expect(() => createSandboxClock({ scale: -2 })).toThrow(RangeError);
    });
});
