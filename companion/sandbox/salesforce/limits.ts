const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * The org's daily API request allocation, counted over a rolling 24 hours in one-minute buckets
 * (reference §A.9): `Sforce-Limit-Info: api-usage=used/limit`, 403 REQUEST_LIMIT_EXCEEDED past it.
 */
export type ApiUsage = { limit: number; buckets: Map<number, number> };

export function createApiUsage(limit: number): ApiUsage {
    return { limit, buckets: new Map() };
}

export function usedRequests(usage: ApiUsage, now: number): number {
    const oldest = Math.floor((now - DAY) / MINUTE);
    let used = 0;
    for (const [minute, count] of usage.buckets) {
        if (minute <= oldest) usage.buckets.delete(minute);
        else used += count;
    }
    return used;
}

/** Counts one request; false when the allocation is already spent (the request is refused). */
export function countRequest(usage: ApiUsage, now: number): boolean {
    if (usedRequests(usage, now) >= usage.limit) return false;
    const minute = Math.floor(now / MINUTE);
    usage.buckets.set(minute, (usage.buckets.get(minute) ?? 0) + 1);
    return true;
}

export function limitInfoHeader(usage: ApiUsage, now: number): string {
    return `api-usage=${usedRequests(usage, now)}/${usage.limit}`;
}

/** Gives back the current call's count: `/composite/batch` counts its subrequests instead. */
export function refundRequest(usage: ApiUsage, now: number): void {
    const minute = Math.floor(now / MINUTE);
    const count = usage.buckets.get(minute) ?? 0;
    if (count > 0) usage.buckets.set(minute, count - 1);
}
