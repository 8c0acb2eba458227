import type { Clock } from '../clock.ts';
import { zohoPlanName } from '../store/connections.ts';
import type { Queryable } from '../store/db.ts';
import { limitsForPlan, planFromName, type ZohoLimits } from './rate-policy.ts';
import { createTtlCache } from '../ttl-cache.ts';

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
    const plans = createTtlCache({
        clock: deps.clock,
        ttlMs: deps.ttlMs ?? 5 * 60_000,
        load: async (organizationId) =>
            limitsForPlan(planFromName(await zohoPlanName(deps.db, organizationId)))
    });
    return (organizationId) => plans.get(organizationId);
}
