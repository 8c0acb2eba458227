import type { Clock } from './clock.ts';

/**
 * A per-key cache with single-flight loads: a value is kept `ttlMs` of the clock's time, callers
 * asking while it loads share the one load, and a failed load is not kept.
 */
export function createTtlCache<T>(deps: {
    clock: Clock;
    load: (key: string) => Promise<T>;
    ttlMs: number;
}) {
    const entries = new Map<string, { at: number; value: Promise<T> }>();
    return {
        get(key: string, options: { fresh?: boolean } = {}): Promise<T> {
            const hit = entries.get(key);
            if (hit && !options.fresh && deps.clock.now() - hit.at < deps.ttlMs) return hit.value;
            const value = deps.load(key);
            entries.set(key, { at: deps.clock.now(), value });
            value.catch(() => {
                if (entries.get(key)?.value === value) entries.delete(key);
            });
            return value;
        },
        invalidate(key: string): void {
            entries.delete(key);
        }
    };
}
