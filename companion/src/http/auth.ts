import type { MiddlewareHandler } from 'hono';

import type { Logger } from '../log.ts';
import { verifyApiKey, type ApiKey, type ApiScope } from '../store/api-keys.ts';
import type { Db } from '../store/db.ts';
import { errorBody } from './errors.ts';

export type AuthEnv = { Variables: { correlationId: string; log: Logger; apiKey: ApiKey } };

/**
 * Requires `Authorization: Bearer cbk_…` with a key that holds `scope`. 401 when there is no
 * valid key, 403 when the key lacks the scope; the key is then available as `c.get('apiKey')`.
 */
export function requireScope(db: Db, scope: ApiScope): MiddlewareHandler<AuthEnv> {
    return requireAnyScope(db, [scope]);
}

/** As `requireScope`, for a door that any one of `scopes` opens. */
export function requireAnyScope(db: Db, scopes: readonly ApiScope[]): MiddlewareHandler<AuthEnv> {
    return async (c, next) => {
        const header = c.req.header('authorization') ?? '';
        const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
        const key = token ? await verifyApiKey(db, token) : undefined;
        if (!key) {
            c.header('www-authenticate', 'Bearer');
            return c.json(
                errorBody(
                    'unauthorized',
                    'a valid API key is required (Authorization: Bearer cbk_…)'
                ),
                401
            );
        }
        if (!scopes.some((scope) => key.scopes.includes(scope))) {
            return c.json(
                errorBody('forbidden', `this API key lacks the ${scopes.join(' or ')} scope`),
                403
            );
        }
        c.set('apiKey', key);
        await next();
    };
}
