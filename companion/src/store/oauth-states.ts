import { createHash, randomBytes } from 'node:crypto';

import { open, seal, type Keyring } from '../security/vault.ts';
import type { Queryable } from './db.ts';

export const STATE_TTL_MS = 10 * 60_000;

/** Which consent a state was issued for; a callback accepts only its own flow's states. */
export type OAuthFlow = 'zoho' | 'salesforce';

const hash = (state: string) => createHash('sha256').update(state).digest('hex');
const contextAad = (stateHash: string) => `oauth_state/${stateHash}`;

/**
 * A fresh `state` for a connection's OAuth consent; only its hash is stored. `context` (for
 * instance a PKCE verifier) is sealed with the keyring and given back once, by the callback.
 */
export async function issueOAuthState(
    q: Queryable,
    connectionId: string,
    nowMs: number,
    options: { flow?: OAuthFlow; context?: { ring: Keyring; value: string } } = {}
): Promise<string> {
    const state = randomBytes(32).toString('base64url');
    const stateHash = hash(state);
    const context = options.context;
    const sealed = context ? seal(context.ring, context.value, contextAad(stateHash)).sealed : null;
    await q.query(
        `INSERT INTO oauth_states (state_hash, connection_id, created_at_ms, flow, sealed_context)
         VALUES ($1, $2, $3, $4, $5)`,
        [stateHash, connectionId, nowMs, options.flow ?? 'zoho', sealed]
    );
    await q.query('DELETE FROM oauth_states WHERE created_at_ms < $1', [nowMs - 24 * 60 * 60_000]);
    return state;
}

async function takeState(q: Queryable, state: string, nowMs: number, flow: OAuthFlow) {
    const [row] = await q.query<{ connection_id: string; sealed_context: string | null }>(
        `UPDATE oauth_states s SET used_at_ms = $2, sealed_context = NULL
         FROM (SELECT state_hash, sealed_context FROM oauth_states WHERE state_hash = $1) old
         WHERE s.state_hash = old.state_hash AND s.flow = $4 AND s.used_at_ms IS NULL
             AND s.created_at_ms > $3
         RETURNING s.connection_id, old.sealed_context`,
        [hash(state), nowMs, nowMs - STATE_TTL_MS, flow]
    );
    return row;
}

/** Uses a `state` up: the connection it was issued for, or undefined if unknown, used or expired. */
export async function consumeOAuthState(
    q: Queryable,
    state: string,
    nowMs: number
): Promise<string | undefined> {
    return (await takeState(q, state, nowMs, 'zoho'))?.connection_id;
}

/**
 * Uses a Salesforce `state` up: its connection and the context sealed with it, or undefined if
 * unknown, used, expired or issued for another flow. The context is wiped from the row.
 */
export async function consumeSealedOAuthState(
    q: Queryable,
    ring: Keyring,
    state: string,
    nowMs: number
): Promise<{ connectionId: string; context: string | undefined } | undefined> {
    const row = await takeState(q, state, nowMs, 'salesforce');
    if (!row) return undefined;
    const context =
        row.sealed_context === null
            ? undefined
            : open(ring, row.sealed_context, contextAad(hash(state)));
    return { connectionId: row.connection_id, context };
}

/**
 * Key rotation: re-seals the contexts of states still pending under an older key (a consent in
 * flight survives the rotation). @returns how many were re-sealed.
 */
export async function resealOAuthStates(q: Queryable, ring: Keyring): Promise<number> {
    const rows = await q.query<{ state_hash: string; sealed_context: string }>(
        `SELECT state_hash, sealed_context FROM oauth_states
         WHERE sealed_context IS NOT NULL AND split_part(sealed_context, ':', 2) <> $1`,
        [ring.current.id]
    );
    for (const row of rows) {
        const aad = contextAad(row.state_hash);
        const { sealed } = seal(ring, open(ring, row.sealed_context, aad), aad);
        await q.query('UPDATE oauth_states SET sealed_context = $2 WHERE state_hash = $1', [
            row.state_hash,
            sealed
        ]);
    }
    return rows.length;
}
