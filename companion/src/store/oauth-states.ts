import { createHash, randomBytes } from 'node:crypto';

import type { Queryable } from './db.ts';

export const STATE_TTL_MS = 10 * 60_000;

const hash = (state: string) => createHash('sha256').update(state).digest('hex');

/** A fresh `state` for a connection's OAuth consent; only its hash is stored. */
export async function issueOAuthState(
    q: Queryable,
    connectionId: string,
    nowMs: number
): Promise<string> {
    const state = randomBytes(32).toString('base64url');
    await q.query(
        'INSERT INTO oauth_states (state_hash, connection_id, created_at_ms) VALUES ($1, $2, $3)',
        [hash(state), connectionId, nowMs]
    );
    await q.query('DELETE FROM oauth_states WHERE created_at_ms < $1', [nowMs - 24 * 60 * 60_000]);
    return state;
}

/** Uses a `state` up: the connection it was issued for, or undefined if unknown, used or expired. */
export async function consumeOAuthState(
    q: Queryable,
    state: string,
    nowMs: number
): Promise<string | undefined> {
    const [row] = await q.query<{ connection_id: string }>(
        `UPDATE oauth_states SET used_at_ms = $2
         WHERE state_hash = $1 AND used_at_ms IS NULL AND created_at_ms > $3
         RETURNING connection_id`,
        [hash(state), nowMs, nowMs - STATE_TTL_MS]
    );
    return row?.connection_id;
}
