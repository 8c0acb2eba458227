import { backoffMs } from '../backoff.ts';
import type { Clock } from '../clock.ts';
import { isRetryableRecordCode } from './errors.ts';
import type { WriteResult } from './writes.ts';

export type LockRetryOptions = {
    clock: Clock;
    /** Passes in all, the first included (default 3). */
    maxAttempts?: number;
    /** Wait before the second pass; doubles each pass, with jitter (default 500 ms). */
    baseDelayMs?: number;
    /** The jitter's source (tests pin it). */
    random?: () => number;
    signal?: AbortSignal;
};

function isLockFailure(result: WriteResult): boolean {
    return !result.ok && result.errors.every((e) => isRetryableRecordCode(e.statusCode));
}

/**
 * Runs a batched write, then writes again only the records that failed with UNABLE_TO_LOCK_ROW
 * (another transaction held the row), waiting through the clock between passes. Other failures
 * are final and come back untouched. Safe for creates too: with `allOrNone: false` a record
 * that failed to lock was not saved.
 */
export async function withLockRetry<R>(
    records: readonly R[],
    write: (records: R[]) => Promise<WriteResult[]>,
    options: LockRetryOptions
): Promise<WriteResult[]> {
    const maxAttempts = Math.max(1, options.maxAttempts ?? 3);
    const baseDelayMs = options.baseDelayMs ?? 500;
    const results: WriteResult[] = await write([...records]);
    for (let attempt = 2; attempt <= maxAttempts; attempt++) {
        const pending = results.flatMap((r, i) => (isLockFailure(r) ? [i] : []));
        if (pending.length === 0) break;
        await options.clock.sleep(
            backoffMs(attempt - 1, { baseMs: baseDelayMs, random: options.random }),
            options.signal
        );
        const again = await write(pending.map((i) => records[i]!));
        pending.forEach((index, k) => {
            results[index] = again[k]!;
        });
    }
    return results;
}
