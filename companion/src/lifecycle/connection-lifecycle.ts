import { AppError } from '../errors.ts';
import { heldRefreshTokens } from '../http/zoho-superseded.ts';
import type { Logger } from '../log.ts';
import { revokeSalesforceToken } from '../salesforce/revoke.ts';
import type { Keyring } from '../security/vault.ts';
import {
    getConnection,
    listZohoOrganizations,
    setConnectionStatus,
    type Connection
} from '../store/connections.ts';
import type { Db } from '../store/db.ts';
import { getSecret } from '../store/secrets.ts';
import type { ZohoOAuth } from '../zoho/oauth.ts';

/**
 * A connection's life after it is made: disabled (its jobs stay queued but are not claimed, its
 * doors answer 403 `connection_disabled`), enabled again, or deleted — its Zoho and Salesforce
 * refresh tokens revoked at their documented endpoints first, then its secrets and data removed.
 */

export type LifecycleDeps = {
    db: Db;
    keyring: Keyring;
    /** Undefined when ZOHO_CLIENT_ID / ZOHO_CLIENT_SECRET are not set (Zoho tokens cannot be revoked). */
    zohoOAuth: ZohoOAuth | undefined;
    fetch: typeof fetch;
    log: Logger;
};

/** Some refresh token could not be revoked; nothing was deleted (retry, or delete with force). */
export class RevokeFailedError extends AppError {
    readonly failures: readonly string[];
    constructor(failures: readonly string[]) {
        super(
            'revoke_failed',
            `the connection was not deleted: ${failures.join('; ')} (delete with force to remove it anyway)`
        );
        this.failures = failures;
    }
}

export type DeleteOutcome = {
    /** Tokens revoked now, and tokens that were already dead (the provider no longer knew them). */
    zoho: { revoked: number; alreadyInvalid: number };
    salesforce: { revoked: number; alreadyInvalid: number };
    /** What could not be revoked (only with force; otherwise the delete is refused). */
    failures: string[];
};

/** Stops the connection: jobs are not claimed, events and package calls are refused with 403. */
export async function disableConnection(db: Db, id: string): Promise<Connection | undefined> {
    if (!(await setConnectionStatus(db, id, 'disabled'))) return undefined;
    return getConnection(db, id);
}

/** Resumes a disabled connection: active when a Zoho organization is joined, else pending. */
export async function enableConnection(db: Db, id: string): Promise<Connection | undefined> {
    const connection = await getConnection(db, id);
    if (!connection) return undefined;
    const joined = (await listZohoOrganizations(db, id)).length > 0;
    await setConnectionStatus(db, id, joined ? 'active' : 'pending');
    return getConnection(db, id);
}

type Tally = { revoked: number; alreadyInvalid: number };
const tally = (t: Tally, revoked: boolean) =>
    revoked ? (t.revoked += 1) : (t.alreadyInvalid += 1);

/**
 * Revokes the connection's refresh tokens, then removes the connection with everything it owns
 * (secrets, organizations, inbox, jobs, links, write-backs, journal). A token that cannot be
 * revoked (the provider unreachable, Zoho not configured) stops the delete unless `force`.
 *
 * @returns undefined when there is no such connection.
 */
export async function deleteConnection(
    deps: LifecycleDeps,
    id: string,
    options: { force?: boolean } = {}
): Promise<DeleteOutcome | undefined> {
    const connection = await getConnection(deps.db, id);
    if (!connection) return undefined;
    const outcome: DeleteOutcome = {
        zoho: { revoked: 0, alreadyInvalid: 0 },
        salesforce: { revoked: 0, alreadyInvalid: 0 },
        failures: []
    };
    // Stop work first, so no job refreshes a token while it is being revoked.
    await setConnectionStatus(deps.db, id, 'disabled');
    for (const held of await heldRefreshTokens(deps.db, deps.keyring, id)) {
        try {
            if (!deps.zohoOAuth)
                throw new Error('ZOHO_CLIENT_ID and ZOHO_CLIENT_SECRET are not set');
            tally(outcome.zoho, await deps.zohoOAuth.revoke(held));
        } catch (error) {
            outcome.failures.push(
                `a Zoho refresh token (${held.region}): ${(error as Error).message}`
            );
        }
    }
    const salesforceToken = await getSecret(deps.db, deps.keyring, {
        connectionId: id,
        kind: 'salesforce_refresh_token'
    });
    if (salesforceToken) {
        try {
            if (!connection.salesforceLoginUrl)
                throw new Error('no Salesforce login host recorded');
            tally(
                outcome.salesforce,
                await revokeSalesforceToken(
                    deps.fetch,
                    connection.salesforceLoginUrl,
                    salesforceToken
                )
            );
        } catch (error) {
            outcome.failures.push(`the Salesforce refresh token: ${(error as Error).message}`);
        }
    }
    if (outcome.failures.length > 0 && !options.force)
        throw new RevokeFailedError(outcome.failures);
    await deps.db.transaction(async (tx) => {
        // The journal keeps other rows when a connection goes (ON DELETE SET NULL): delete its own.
        await tx.query('DELETE FROM journal WHERE connection_id = $1', [id]);
        await tx.query('DELETE FROM job_partitions WHERE partition_key = ANY($1)', [
            [`salesforce:${id}`, `connection:${id}`]
        ]);
        // Secrets, organizations, inbox, jobs, links, write-backs, states: ON DELETE CASCADE.
        await tx.query('DELETE FROM connections WHERE id = $1', [id]);
    });
    deps.log.info(
        {
            connectionId: id,
            zoho: outcome.zoho,
            salesforce: outcome.salesforce,
            failures: outcome.failures.length
        },
        'connection deleted'
    );
    return outcome;
}
