import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
    blockAfter429,
    decide,
    limitsForPlan,
    MINUTE_MS,
    planFromName,
    type Usage
} from './rate-policy.ts';

const limits = limitsForPlan('standard');
const policy = { reservePerMinute: 4, reservePerDay: 20 };
const NOW = 1_800_000_000_000;
const calls = (n: number, everyMs: number, endingAt = NOW) =>
    Array.from({ length: n }, (_, i) => endingAt - (n - 1 - i) * everyMs);
const usage = (over: Partial<Usage> = {}): Usage => ({ minuteCalls: [], dayCount: 0, ...over });

describe('decide', () => {
    it.each([
        { name: 'an idle organization', usage: usage(), priority: 'job' as const, ok: true },
        {
            name: 'a job at 95 calls this minute',
            usage: usage({ minuteCalls: calls(95, 500), dayCount: 95 }),
            priority: 'job' as const,
            ok: true
        },
        {
            name: 'a job at 96 calls this minute (reserve reached)',
            usage: usage({ minuteCalls: calls(96, 500), dayCount: 96 }),
            priority: 'job' as const,
            ok: false
        },
        {
            name: 'an interactive call at 96 calls this minute',
            usage: usage({ minuteCalls: calls(96, 500), dayCount: 96 }),
            priority: 'interactive' as const,
            ok: true
        },
        {
            name: 'an interactive call at 100 calls this minute',
            usage: usage({ minuteCalls: calls(100, 500), dayCount: 100 }),
            priority: 'interactive' as const,
            ok: false
        },
        {
            name: 'calls older than a minute',
            usage: usage({ minuteCalls: calls(100, 500, NOW - MINUTE_MS), dayCount: 100 }),
            priority: 'job' as const,
            ok: true
        },
        {
            name: 'a job at the daily reserve',
            usage: usage({ dayCount: 1_980 }),
            priority: 'job' as const,
            ok: false
        },
        {
            name: 'an interactive call in the daily reserve',
            usage: usage({ dayCount: 1_980 }),
            priority: 'interactive' as const,
            ok: true
        },
        {
            name: 'Zoho saying the quota is spent by others',
            usage: usage({
                dayCount: 10,
                observed: { remaining: 15, callsSince: 0, atMs: NOW - 1000 }
            }),
            priority: 'job' as const,
            ok: false
        },
        {
            name: 'a blocked organization',
            usage: usage({ blockedUntilMs: NOW + 1 }),
            priority: 'interactive' as const,
            ok: false
        }
    ])('$name → ok: $ok', ({ usage: u, priority, ok }) => {
        expect(decide(u, limits, policy, priority, NOW).ok).toBe(ok);
    });

    it('says to come back when the window has room again', () => {
        const minuteCalls = calls(96, 100);
        const decision = decide(usage({ minuteCalls, dayCount: 96 }), limits, policy, 'job', NOW);
        expect(decision).toEqual({
            ok: false,
            retryAtMs: minuteCalls[0]! + MINUTE_MS + 1,
            reason: 'minute'
        });
    });

    it('never lets a job make more calls in any minute than the limit less the reserve', () => {
        fc.assert(
            fc.property(
                fc.array(fc.integer({ min: 1, max: 3_000 }), { minLength: 1, maxLength: 400 }),
                (gaps) => {
                    // Simulate a caller that tries again at each gap and obeys retryAtMs.
                    let now = NOW;
                    const made: number[] = [];
                    for (const gap of gaps) {
                        now += gap;
                        const d = decide(
                            usage({
                                minuteCalls: made.filter((t) => t > now - MINUTE_MS),
                                dayCount: made.length
                            }),
                            limits,
                            policy,
                            'job',
                            now
                        );
                        if (d.ok) made.push(now);
                        else expect(d.retryAtMs).toBeGreaterThan(now);
                    }
                    for (const t of made) {
                        expect(
                            made.filter((u) => u > t - MINUTE_MS && u <= t).length
                        ).toBeLessThanOrEqual(96);
                    }
                }
            )
        );
    });
});

describe('blockAfter429', () => {
    it.each([
        { code: 44, forMs: MINUTE_MS },
        { code: 45, forMs: 24 * 60 * MINUTE_MS },
        { code: 1070, forMs: 2_000 }
    ])('code $code blocks for $forMs ms', ({ code, forMs }) => {
        expect(blockAfter429(code, NOW).untilMs).toBe(NOW + forMs);
    });
});

describe('limits by plan name', () => {
    it.each([
        { planName: 'Free', perDay: 1_000, concurrency: 5 },
        { planName: 'Standard', perDay: 2_000, concurrency: 10 },
        { planName: 'STANDARD', perDay: 2_000, concurrency: 10 },
        { planName: 'Professional', perDay: 5_000, concurrency: 10 },
        { planName: 'Premium', perDay: 10_000, concurrency: 10 },
        { planName: 'Premium - Yearly', perDay: 10_000, concurrency: 10 },
        { planName: 'Elite', perDay: 10_000, concurrency: 10 },
        { planName: 'Ultimate', perDay: 10_000, concurrency: 10 },
        // What we cannot name gets the free plan's limits, the safe floor.
        { planName: 'Basic', perDay: 1_000, concurrency: 5 },
        { planName: 'Standardized Trial', perDay: 1_000, concurrency: 5 },
        { planName: '', perDay: 1_000, concurrency: 5 },
        { planName: undefined, perDay: 1_000, concurrency: 5 },
        { planName: null, perDay: 1_000, concurrency: 5 }
    ])(
        '$planName → $perDay calls a day, $concurrency at once',
        ({ planName, perDay, concurrency }) => {
            expect(limitsForPlan(planFromName(planName))).toEqual({
                perMinute: 100,
                perDay,
                concurrency
            });
        }
    );
});
