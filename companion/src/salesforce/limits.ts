/** The org's daily API allocation as the last response reported it. */
export type ApiUsage = { used: number; max: number };

/**
 * Reads `Sforce-Limit-Info: api-usage=N/M` (possibly followed by `; api-bursts=…`).
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_api_usage.htm
 */
export function parseLimitInfo(header: string | undefined): ApiUsage | undefined {
    const match = /(?:^|[;,\s])api-usage=(\d+)\/(\d+)/.exec(header ?? '');
    if (!match) return undefined;
    return { used: Number(match[1]), max: Number(match[2]) };
}

export type UsageTracker = {
    /** Feeds one response's `Sforce-Limit-Info` header (absent headers are ignored). */
    observe(header: string | undefined): void;
    /** The latest reading, for metrics; undefined before the first data-API response. */
    usage(): ApiUsage | undefined;
};

export function createUsageTracker(): UsageTracker {
    let latest: ApiUsage | undefined;
    return {
        observe(header) {
            latest = parseLimitInfo(header) ?? latest;
        },
        usage: () => (latest ? { ...latest } : undefined)
    };
}
