import type { Clock } from '../clock.ts';
import { DeferredError } from '../errors.ts';
import type { Db } from '../store/db.ts';
import {
    blockAfter429,
    DAY_MS,
    decide,
    MINUTE_MS,
    type Priority,
    type RatePolicy,
    type Usage,
    type ZohoLimits
} from './rate-policy.ts';

export type RateAlert = {
    organizationId: string;
    kind: 'daily_quota_80' | 'rate_limited';
    detail: string;
};

export type CallOutcome = { status?: number; zohoCode?: number; headers?: Headers };

/** A job's call would wait too long for the organization's budget: run the job again at `retryAtMs`. */
export class RateDeferredError extends DeferredError {
    constructor(
        organizationId: string,
        timing: { retryAtMs: number; waitMs: number },
        reason: string
    ) {
        super(
            'zoho_rate_deferred',
            `Zoho organization ${organizationId} takes no job call before ${new Date(timing.retryAtMs).toISOString()} (${reason} limit)`,
            timing
        );
    }
}

export type Permit = { done(outcome?: CallOutcome): Promise<void> };

export type ZohoRateLimiter = {
    /**
     * Waits until one more call to the organization keeps it under every limit, and counts it.
     * A job's call that would wait longer than `deferJobsBeyondMs` throws RateDeferredError.
     */
    acquire(organizationId: string, priority: Priority, signal?: AbortSignal): Promise<Permit>;
    usage(
        organizationId: string
    ): Promise<{ lastMinute: number; lastDay: number; limits: ZohoLimits }>;
};

export type RateLimiterDeps = {
    db: Db;
    clock: Clock;
    /** The organization's limits (by its plan, see plans.ts); asked before each call. */
    limitsFor: (organizationId: string) => ZohoLimits | Promise<ZohoLimits>;
    policy?: RatePolicy;
    /**
     * A job's call that would wait longer than this is refused with RateDeferredError, so the
     * worker reschedules the job instead of holding its slot and lease; unset, jobs wait.
     * Interactive calls always wait. The job queue schedules on the database's time, so set this
     * only with a wall clock (the simulators' faster clocks keep jobs waiting in place).
     */
    deferJobsBeyondMs?: number;
    onAlert?: (alert: RateAlert) => void;
    /** Each finished call's outcome (its status; none when it never got an answer), for metrics. */
    onCall?: (organizationId: string, outcome: CallOutcome) => void;
};

type UsageRow = {
    minute_calls: (string | number)[] | null;
    day_count: number;
    day_oldest: string | number | null;
    blocked_until: string | number | null;
};

const USAGE_SQL = `SELECT
    (SELECT array_agg(at_ms ORDER BY at_ms) FROM zoho_api_calls WHERE organization_id = $1 AND at_ms > $2::bigint - ${MINUTE_MS}) AS minute_calls,
    (SELECT count(*)::int FROM zoho_api_calls WHERE organization_id = $1 AND at_ms > $2::bigint - ${DAY_MS}) AS day_count,
    (SELECT min(at_ms) FROM zoho_api_calls WHERE organization_id = $1 AND at_ms > $2::bigint - ${DAY_MS}) AS day_oldest,
    (SELECT until_ms FROM zoho_rate_blocks WHERE organization_id = $1) AS blocked_until`;

/**
 * Paces calls to each Zoho organization below its per-minute limit and daily quota, keeping a
 * reserve for interactive calls. The count lives in the database, under an advisory lock per
 * organization, so every companion process sharing a PostgreSQL server shares the budget; the
 * cap on calls in flight is kept per process (one job per organization runs at a time across
 * processes, so only interactive calls add to it).
 */
export function createZohoRateLimiter(deps: RateLimiterDeps): ZohoRateLimiter {
    const policy = deps.policy ?? { reservePerMinute: 4, reservePerDay: 50 };
    const inFlight = new Map<string, number>();
    const waiters = new Map<string, (() => void)[]>();
    const observed = new Map<string, { remaining: number; callsSince: number; atMs: number }>();
    const alerted = new Map<string, number>();
    let inserts = 0;

    async function slot(
        organizationId: string,
        limits: ZohoLimits,
        signal?: AbortSignal
    ): Promise<void> {
        while ((inFlight.get(organizationId) ?? 0) >= limits.concurrency) {
            signal?.throwIfAborted();
            await new Promise<void>((resolve) =>
                waiters.set(organizationId, [...(waiters.get(organizationId) ?? []), resolve])
            );
        }
        inFlight.set(organizationId, (inFlight.get(organizationId) ?? 0) + 1);
    }

    function freeSlot(organizationId: string): void {
        inFlight.set(organizationId, Math.max(0, (inFlight.get(organizationId) ?? 1) - 1));
        waiters.get(organizationId)?.shift()?.();
    }

    async function readUsage(
        q: Pick<Db, 'query'>,
        organizationId: string,
        now: number
    ): Promise<Usage> {
        const [row] = await q.query<UsageRow>(USAGE_SQL, [organizationId, now]);
        return {
            minuteCalls: (row?.minute_calls ?? []).map(Number),
            dayCount: row?.day_count ?? 0,
            dayOldestMs: row?.day_oldest == null ? undefined : Number(row.day_oldest),
            blockedUntilMs: row?.blocked_until == null ? undefined : Number(row.blocked_until),
            observed: observed.get(organizationId)
        };
    }

    async function tryTake(organizationId: string, limits: ZohoLimits, priority: Priority) {
        return deps.db.transaction(async (tx) => {
            await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
                `zoho-rate:${organizationId}`
            ]);
            // Read the time only once the lock is held: a call that queued for the lock must not
            // be recorded (and aged out of the window) as of when it started waiting.
            const now = deps.clock.now();
            const usage = await readUsage(tx, organizationId, now);
            const decision = decide(usage, limits, policy, priority, now);
            if (decision.ok) {
                await tx.query(
                    'INSERT INTO zoho_api_calls (organization_id, at_ms, priority) VALUES ($1, $2, $3)',
                    [organizationId, now, priority]
                );
                if (++inserts % 1_000 === 0) {
                    await tx.query('DELETE FROM zoho_api_calls WHERE at_ms < $1', [
                        now - DAY_MS - MINUTE_MS
                    ]);
                }
            }
            return { decision, dayCount: usage.dayCount + (decision.ok ? 1 : 0), now };
        });
    }

    function alertOnce(
        organizationId: string,
        kind: RateAlert['kind'],
        detail: string,
        now: number
    ): void {
        const key = `${organizationId}:${kind}`;
        if (kind === 'daily_quota_80' && now - (alerted.get(key) ?? -Infinity) < DAY_MS) return;
        alerted.set(key, now);
        deps.onAlert?.({ organizationId, kind, detail });
    }

    async function learn(organizationId: string, outcome: CallOutcome): Promise<void> {
        const obs = observed.get(organizationId);
        if (obs) obs.callsSince++;
        const remaining = Number(outcome.headers?.get('x-rate-limit-remaining') ?? Number.NaN);
        if (Number.isFinite(remaining)) {
            observed.set(organizationId, { remaining, callsSince: 0, atMs: deps.clock.now() });
        }
        if (outcome.status !== 429) return;
        const now = deps.clock.now();
        const block = blockAfter429(outcome.zohoCode ?? 44, now);
        await deps.db.query(
            `INSERT INTO zoho_rate_blocks (organization_id, until_ms, reason) VALUES ($1, $2, $3)
             ON CONFLICT (organization_id) DO UPDATE SET until_ms = GREATEST(zoho_rate_blocks.until_ms, EXCLUDED.until_ms), reason = EXCLUDED.reason`,
            [organizationId, block.untilMs, block.reason]
        );
        alertOnce(organizationId, 'rate_limited', block.reason, now);
    }

    return {
        async acquire(organizationId, priority, signal) {
            const limits = await deps.limitsFor(organizationId);
            await slot(organizationId, limits, signal);
            try {
                for (;;) {
                    signal?.throwIfAborted();
                    const { decision, dayCount, now } = await tryTake(
                        organizationId,
                        limits,
                        priority
                    );
                    if (decision.ok) {
                        if (dayCount >= limits.perDay * 0.8) {
                            alertOnce(
                                organizationId,
                                'daily_quota_80',
                                `${dayCount} of ${limits.perDay} daily calls used`,
                                now
                            );
                        }
                        break;
                    }
                    const waitMs = decision.retryAtMs - now;
                    if (priority === 'job' && waitMs > (deps.deferJobsBeyondMs ?? Infinity)) {
                        throw new RateDeferredError(
                            organizationId,
                            { retryAtMs: decision.retryAtMs, waitMs },
                            decision.reason
                        );
                    }
                    await deps.clock.sleep(waitMs, signal);
                }
            } catch (error) {
                freeSlot(organizationId);
                throw error;
            }
            let finished = false;
            return {
                async done(outcome = {}) {
                    if (finished) return;
                    finished = true;
                    freeSlot(organizationId);
                    deps.onCall?.(organizationId, outcome);
                    await learn(organizationId, outcome);
                }
            };
        },
        async usage(organizationId) {
            const now = deps.clock.now();
            const usage = await readUsage(deps.db, organizationId, now);
            return {
                lastMinute: usage.minuteCalls.length,
                lastDay: usage.dayCount,
                limits: await deps.limitsFor(organizationId)
            };
        }
    };
}
