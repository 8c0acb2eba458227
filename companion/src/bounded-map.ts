/**
 * A map that keeps at most `max` entries: setting one more forgets the entry set (or refreshed)
 * longest ago. For caches whose keys come from outside (a URL path), so their size stays bounded
 * whatever is asked.
 */
export function boundedMap<K, V>(max: number) {
    const entries = new Map<K, V>();
    return {
        get: (key: K): V | undefined => entries.get(key),
        set(key: K, value: V): void {
            entries.delete(key);
            entries.set(key, value);
            if (entries.size > max) entries.delete(entries.keys().next().value as K);
        },
        delete: (key: K): void => void entries.delete(key),
        get size(): number {
            return entries.size;
        }
    };
}
