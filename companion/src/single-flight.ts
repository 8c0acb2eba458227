/**
 * Shares one call in flight among callers with the same key: a caller arriving while a read of
 * its key is under way gets that read's answer (or error) instead of starting another. Nothing
 * is kept once the read settles, so a later caller always starts a fresh one: this is not a
 * cache, and no answer is older than the read that was running when its caller arrived.
 */
export function singleFlight<K, V>(read: (key: K) => Promise<V>): (key: K) => Promise<V> {
    const running = new Map<K, Promise<V>>();
    return (key) => {
        const shared = running.get(key);
        if (shared) return shared;
        const started = read(key).finally(() => running.delete(key));
        running.set(key, started);
        return started;
    };
}
