/**
 * The pure half of the Zoho rate limiter: given what an organization has used, may one more call
 * go now, and if not, when? Zoho's limits are per organization and shared with every other app
 * on it: 100 requests per minute, a daily quota by plan, and a cap on calls in flight
 * (reference §5). A 429 blocks the whole organization, so we stop *before* the limit.
 */
export type ZohoLimits = {
    perMinute: number;
    perDay: number;
    concurrency: number;
};

export type RatePolicy = {
    /** Calls per minute kept free for interactive calls (previews, admin pages). */
    reservePerMinute: number;
    /** Calls per day kept free for interactive calls. */
    reservePerDay: number;
};

export type Usage = {
    /** Times (ms) of this organization's calls in the last minute, oldest first. */
    minuteCalls: readonly number[];
    /** Calls in the last 24 hours, and the time of the oldest of them. */
    dayCount: number;
    dayOldestMs?: number | undefined;
    /** What Zoho last said remains of the daily quota, and how many calls we made since. */
    observed?: { remaining: number; callsSince: number; atMs: number } | undefined;
    /** Until when Zoho has blocked the organization (a 429), if it has. */
    blockedUntilMs?: number | undefined;
};

export type Priority = 'job' | 'interactive';

export type Decision =
    { ok: true } | { ok: false; retryAtMs: number; reason: 'minute' | 'day' | 'blocked' };

export const MINUTE_MS = 60_000;
export const DAY_MS = 24 * 60 * 60_000;

/** Zoho Books plans by daily quota: Premium, Elite and Ultimate share the largest (reference §5). */
export type ZohoPlan = 'free' | 'standard' | 'professional' | 'premium';

/**
 * The plan an organization's `plan_name` (from `GET /organizations`) names. Zoho's spelling and
 * suffixes vary ("Standard", "PROFESSIONAL", "Premium - Yearly"), so the name is matched by word;
 * a name we do not know, or none, gets the free plan's limits, the safe floor.
 */
export function planFromName(planName: string | null | undefined): ZohoPlan {
    const words = new Set((planName ?? '').toLowerCase().split(/[^a-z]+/));
    if (['premium', 'elite', 'ultimate'].some((w) => words.has(w))) return 'premium';
    if (words.has('professional')) return 'professional';
    if (words.has('standard')) return 'standard';
    return 'free';
}

/** Plan → limits, from the reference's table (§5). */
export function limitsForPlan(plan: ZohoPlan): ZohoLimits {
    const perDay = { free: 1_000, standard: 2_000, professional: 5_000, premium: 10_000 }[plan];
    return { perMinute: 100, perDay, concurrency: plan === 'free' ? 5 : 10 };
}

export function decide(
    usage: Usage,
    limits: ZohoLimits,
    policy: RatePolicy,
    priority: Priority,
    nowMs: number
): Decision {
    if (usage.blockedUntilMs !== undefined && usage.blockedUntilMs > nowMs) {
        return { ok: false, retryAtMs: usage.blockedUntilMs, reason: 'blocked' };
    }
    const dayBudget = limits.perDay - (priority === 'job' ? policy.reservePerDay : 0);
    // What Zoho reported counts for a day at most: its reset time is not documented.
    const observed =
        usage.observed && nowMs - usage.observed.atMs < DAY_MS ? usage.observed : undefined;
    const observedUsed = observed ? limits.perDay - observed.remaining + observed.callsSince : 0;
    if (Math.max(usage.dayCount, observedUsed) >= dayBudget) {
        const freeing = (usage.dayOldestMs ?? nowMs) + DAY_MS;
        return { ok: false, retryAtMs: Math.max(freeing, nowMs + MINUTE_MS), reason: 'day' };
    }
    const minuteBudget = limits.perMinute - (priority === 'job' ? policy.reservePerMinute : 0);
    const lastMinute = usage.minuteCalls.filter((t) => t > nowMs - MINUTE_MS);
    if (lastMinute.length >= minuteBudget) {
        // A slot frees when the call that put the window over budget becomes a minute old.
        const freeing = lastMinute[lastMinute.length - minuteBudget] ?? nowMs;
        return { ok: false, retryAtMs: freeing + MINUTE_MS + 1, reason: 'minute' };
    }
    return { ok: true };
}

/** How long Zoho blocks an organization after a 429 of the given code (reference §4.3, §5). */
export function blockAfter429(code: number, nowMs: number): { untilMs: number; reason: string } {
    if (code === 45) return { untilMs: nowMs + DAY_MS, reason: 'daily quota exhausted (code 45)' };
    if (code === 1070)
        return { untilMs: nowMs + 2_000, reason: 'too many concurrent calls (code 1070)' };
    return { untilMs: nowMs + MINUTE_MS, reason: 'per-minute limit exceeded (code 44)' };
}
