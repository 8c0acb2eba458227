import { describe, expect, it } from 'vitest';

import { backoffMs } from '../backoff.ts';
import { neverReachedZoho } from './http.ts';

const withCode = (code: string) =>
    new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });

describe('request core helpers', () => {
    it.each([
        { name: 'connection refused', error: withCode('ECONNREFUSED'), want: true },
        { name: 'unknown host', error: withCode('ENOTFOUND'), want: true },
        { name: 'connect timeout', error: withCode('UND_ERR_CONNECT_TIMEOUT'), want: true },
        { name: 'reset after sending', error: withCode('ECONNRESET'), want: false },
        { name: 'socket closed mid-response', error: withCode('UND_ERR_SOCKET'), want: false },
        {
            name: 'our own timeout',
            error: new DOMException('timeout', 'TimeoutError'),
            want: false
        },
        { name: 'not an error', error: 'boom', want: false }
    ])('$name → never reached Zoho: $want', ({ error, want }) => {
        expect(neverReachedZoho(error)).toBe(want);
    });

    const policy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 4_000 };
    it.each([
        { attempt: 1, random: 0, want: 250 },
        { attempt: 1, random: 1, want: 500 },
        { attempt: 2, random: 0.5, want: 750 },
        { attempt: 3, random: 1, want: 2_000 },
        { attempt: 6, random: 1, want: 4_000 },
        { attempt: 6, random: 0, want: 2_000 }
    ])('attempt $attempt with jitter $random waits $want ms', ({ attempt, random, want }) => {
        expect(
            backoffMs(attempt, {
                baseMs: policy.baseDelayMs,
                capMs: policy.maxDelayMs,
                random: () => random
            })
        ).toBe(want);
    });
});
