import type { MiddlewareHandler } from 'hono';

import { EVENT_HEADERS } from '../contracts/salesforce-events.ts';
import type { Logger } from '../log.ts';
import { secretsEqual } from '../security/constant-time.ts';
import type { Keyring } from '../security/vault.ts';
import { getConnection, type Connection } from '../store/connections.ts';
import type { Db } from '../store/db.ts';
import { getSecret } from '../store/secrets.ts';
import { errorBody, type ErrorBody } from './errors.ts';

export type ConnectionEnv = {
    Variables: { correlationId: string; log: Logger; connection: Connection };
};

type Outcome =
    { ok: true; connection: Connection } | { ok: false; status: 401 | 403 | 404; body: ErrorBody };

/**
 * Who is calling, for the doors the package calls through its Named Credential: the connection
 * named by `x-closebooks-connection`, proven by `x-closebooks-secret` (compared in constant time
 * with the sealed event secret). A disabled connection is refused.
 */
export async function authenticateConnection(
    db: Db,
    keyring: Keyring,
    header: (name: string) => string | undefined
): Promise<Outcome> {
    const connectionId = header(EVENT_HEADERS.connection);
    const secret = header(EVENT_HEADERS.secret);
    if (!connectionId || !secret) {
        const message = `the ${EVENT_HEADERS.connection} and ${EVENT_HEADERS.secret} headers are required`;
        return { ok: false, status: 401, body: errorBody('unauthorized', message) };
    }
    const connection =
        connectionId.length <= 100 ? await getConnection(db, connectionId) : undefined;
    if (!connection)
        return { ok: false, status: 404, body: errorBody('not_found', 'no such connection') };
    const expected = await getSecret(db, keyring, { connectionId, kind: 'event_secret' });
    if (!expected || !secretsEqual(secret, expected)) {
        return {
            ok: false,
            status: 401,
            body: errorBody('unauthorized', 'the connection secret does not match')
        };
    }
    if (connection.status === 'disabled') {
        return {
            ok: false,
            status: 403,
            body: errorBody(
                'connection_disabled',
                'this connection is disabled: an administrator must enable it before events are accepted'
            )
        };
    }
    return { ok: true, connection };
}

/** The same check as middleware; the connection is then `c.get('connection')`. */
export function requireConnection(deps: {
    db: Db;
    keyring: Keyring;
}): MiddlewareHandler<ConnectionEnv> {
    return async (c, next) => {
        const outcome = await authenticateConnection(deps.db, deps.keyring, (name) =>
            c.req.header(name)
        );
        if (!outcome.ok) return c.json(outcome.body, outcome.status);
        c.set('connection', outcome.connection);
        await next();
    };
}
