import type { Clock } from '../clock.ts';

export type RateLimit = { calls: number; perMs: number };

/** 60 calls a minute per API key. */
export const DEFAULT_MCP_LIMIT: RateLimit = { calls: 60, perMs: 60_000 };

export type CallLimiter = {
    /** Counts one call for `keyId`; false when the key has used up its window. */
    take(keyId: string): { allowed: true } | { allowed: false; retryAfterMs: number };
};

/**
 * A fixed window per key, in this process's memory, on the injected clock. Windows are
 * dropped once they end, so the map holds only keys that called within the last window.
 */
export function createCallLimiter(clock: Clock, limit: RateLimit = DEFAULT_MCP_LIMIT): CallLimiter {
    const windows = new Map<string, { start: number; count: number }>();
    return {
        take(keyId) {
            const now = clock.now();
            for (const [id, w] of windows) if (now - w.start >= limit.perMs) windows.delete(id);
            const window = windows.get(keyId) ?? { start: now, count: 0 };
            if (window.count >= limit.calls)
                return { allowed: false, retryAfterMs: window.start + limit.perMs - now };
            window.count++;
            windows.set(keyId, window);
            return { allowed: true };
        }
    };
}
