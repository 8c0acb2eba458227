import type { Queryable } from '../store/db.ts';

/**
 * Whether jobs of these kinds wait or run for the connection. Background work (sweeps, summaries)
 * waits while a burst of user-facing jobs shares the same Zoho rate limit.
 */
export async function connectionBusy(
    q: Queryable,
    connectionId: string,
    kinds: readonly string[]
): Promise<boolean> {
    if (kinds.length === 0) return false;
    const [row] = await q.query<{ busy: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM jobs WHERE connection_id = $1 AND kind = ANY($2)
             AND state IN ('queued', 'running', 'retrying')) AS busy`,
        [connectionId, [...kinds]]
    );
    return row?.busy ?? false;
}
