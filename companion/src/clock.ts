import { setTimeout as delay } from 'node:timers/promises';

/**
 * Time as the companion sees it. Production uses the system clock; the benchmark and tests run
 * the companion on the simulators' clock, which may flow faster than real time, so anything that
 * waits (rate limiting, backoff) waits through the clock, never through `setTimeout` directly.
 */
export interface Clock {
    now(): number;
    /** Waits `ms` of this clock's time; rejects with the signal's reason when aborted. */
    sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
    now: () => Date.now(),
    sleep: (ms, signal) => delay(Math.max(0, ms), undefined, { signal })
};
