import type { Plan } from './state.ts';
import { zohoErrors, type ZohoError } from './errors.ts';

/**
 * The simulator's limits (reference §2.5 and §5). Every one is configurable so tests can make
 * them small; the defaults are Zoho's documented figures.
 */
export type SandboxLimits = {
    requestsPerMinute: number;
    dailyByPlan: Record<Plan, number>;
    concurrentFree: number;
    concurrentPaid: number;
    accessTokenTtlMs: number;
    grantCodeTtlMs: number;
    refreshTokensPerUserClient: number;
    refreshesPerWindow: number;
    refreshWindowMs: number;
    accessTokensPerRefreshToken: number;
    /** Code for a request without an Authorization header: 57, or 14 as seen on Zoho Invoice (reference §4.3). */
    missingAuthCode: 57 | 14;
    /** Send `X-Rate-Limit-*` headers tracking the daily quota (seen on some live responses). */
    rateLimitHeaders: boolean;
};

export const DEFAULT_LIMITS: SandboxLimits = {
    requestsPerMinute: 100,
    dailyByPlan: {
        free: 1000,
        standard: 2000,
        professional: 5000,
        premium: 10000,
        elite: 10000,
        ultimate: 10000
    },
    concurrentFree: 5,
    concurrentPaid: 10,
    accessTokenTtlMs: 3_600_000,
    grantCodeTtlMs: 120_000,
    refreshTokensPerUserClient: 20,
    refreshesPerWindow: 10,
    refreshWindowMs: 600_000,
    accessTokensPerRefreshToken: 10,
    missingAuthCode: 57,
    rateLimitHeaders: true
};

type OrgCounters = { minute: number[]; day: string; dayCount: number; inFlight: number };

type Admission =
    | { ok: true; release: () => void; headers: Record<string, string> }
    | { ok: false; error: ZohoError };

/**
 * Counts requests per organization: a sliding 60-second window, a daily quota that resets at
 * UTC midnight (the real boundary is unconfirmed, reference §5), and in-flight requests.
 * Refused requests do not count.
 */
export function createRateLimiter(limits: () => SandboxLimits, now: () => number) {
    const counters = new Map<string, OrgCounters>();

    function countersFor(orgId: string): OrgCounters {
        let entry = counters.get(orgId);
        if (!entry) {
            entry = { minute: [], day: '', dayCount: 0, inFlight: 0 };
            counters.set(orgId, entry);
        }
        return entry;
    }

    function admit(orgId: string, plan: Plan): Admission {
        const l = limits();
        const t = now();
        const c = countersFor(orgId);
        const day = new Date(t).toISOString().slice(0, 10);
        if (c.day !== day) {
            c.day = day;
            c.dayCount = 0;
        }
        c.minute = c.minute.filter((at) => at > t - 60_000);
        const daily = l.dailyByPlan[plan];
        if (c.dayCount >= daily) return { ok: false, error: zohoErrors.daily() };
        if (c.minute.length >= l.requestsPerMinute)
            return { ok: false, error: zohoErrors.perMinute() };
        const cap = plan === 'free' ? l.concurrentFree : l.concurrentPaid;
        if (c.inFlight >= cap) return { ok: false, error: zohoErrors.concurrency() };
        c.minute.push(t);
        c.dayCount += 1;
        c.inFlight += 1;
        let released = false;
        const nextMidnight = Date.parse(`${day}T00:00:00Z`) + 86_400_000;
        const headers: Record<string, string> = l.rateLimitHeaders
            ? {
                  'X-Rate-Limit-Limit': String(daily),
                  'X-Rate-Limit-Remaining': String(daily - c.dayCount),
                  'X-Rate-Limit-Reset': String(Math.ceil((nextMidnight - t) / 1000))
              }
            : {};
        return {
            ok: true,
            headers,
            release: () => {
                if (released) return;
                released = true;
                c.inFlight -= 1;
            }
        };
    }

    return {
        admit,
        usage(orgId: string) {
            const c = countersFor(orgId);
            return { lastMinute: c.minute.length, today: c.dayCount, inFlight: c.inFlight };
        },
        reset(orgId?: string) {
            if (orgId) counters.delete(orgId);
            else counters.clear();
        }
    };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
