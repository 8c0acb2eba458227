/**
 * The simulators' notion of time. Tests and the benchmark move it by hand or run it faster than
 * real time, so an hour-long token lifetime or a per-minute rate limit can be crossed in
 * milliseconds. Simulators read time only through a Clock, never through `Date.now()`.
 */
import { setTimeout as delay } from 'node:timers/promises';

import type { Clock } from '../src/clock.ts';

export type { Clock };

export interface SandboxClock extends Clock {
    /** Moves simulated time forward by `ms` (on top of any scaled flow). */
    advance(ms: number): void;
    /** Jumps to an absolute instant; it may not go backwards. */
    set(epochMs: number): void;
    /** Simulated milliseconds that pass per real millisecond (1 = real time). */
    readonly scale: number;
}

/**
 * A clock that starts at `startAt` and then flows `scale` times faster than real time; `scale: 0`
 * freezes it so only `advance`/`set` move it.
 */
export function createSandboxClock(
    options: { startAt?: number; scale?: number; realNow?: () => number } = {}
): SandboxClock {
    const realNow = options.realNow ?? (() => performance.now());
    const scale = options.scale ?? 1;
    if (!(scale >= 0) || !Number.isFinite(scale))
        throw new RangeError('clock scale must be a finite number ≥ 0');
    const realStart = realNow();
    const base = options.startAt ?? Date.now();
    let offset = 0;
    const now = () => base + offset + (realNow() - realStart) * scale;
    return {
        scale,
        now: () => Math.floor(now()),
        async sleep(ms, signal) {
            if (scale === 0)
                throw new RangeError('a frozen clock cannot sleep; advance it instead');
            await delay(Math.max(0, ms) / scale, undefined, { signal });
        },
        advance(ms) {
            if (!(ms >= 0)) throw new RangeError('the clock only moves forward');
            offset += ms;
        },
        set(epochMs) {
            const current = now();
            if (epochMs < current) throw new RangeError('the clock only moves forward');
            offset += epochMs - current;
        }
    };
}
