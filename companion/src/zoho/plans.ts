import type { Clock } from '../clock.ts';
import { zohoPlanName } from '../store/connections.ts';
import type { Queryable } from '../store/db.ts';
import { limitsForPlan, planFromName, type ZohoLimits } from './rate-policy.ts';

/**
 * Each organization's limits by the plan its connection read from `GET /organizations`
 * (stored at connect), for the rate limiter's `limitsFor`. An organization whose plan was never
 * read gets the free plan's limits, the safe floor. What the store says is kept for `ttlMs` per
 * process, so a reconnect that finds a new plan reaches every process within that time.
 */
export function createPlanLimits(deps: {
    db: Queryable;
    clock: Clock;
    ttlMs?: number;
}): (organizationId: string) => Promise<ZohoLimits> {
    const ttlMs = deps.ttlMs ?? 5 * 60_000;
    const known = new Map<string, { limits: ZohoLimits; atMs: number }>();
    return async (organizationId) => {
        const now = deps.clock.now();
        const hit = known.get(organizationId);
        if (hit && now - hit.atMs < ttlMs) return hit.limits;
        const limits = limitsForPlan(planFromName(await zohoPlanName(deps.db, organizationId)));
        known.set(organizationId, { limits, atMs: now });
        return limits;
    };
}
