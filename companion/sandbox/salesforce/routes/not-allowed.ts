import { Hono } from 'hono';

import { SalesforceError } from '../errors.ts';
import { type DataEnv, errorResponse } from '../http.ts';

/** Resources and the methods they take; any other method answers 405 (reference §A.2). */
const RESOURCES: Array<[string, string]> = [
    ['/sobjects/:type/describe', 'GET,HEAD'],
    ['/sobjects/:type/:id', 'GET,PATCH,DELETE,HEAD'],
    ['/sobjects/:type/:field/:value', 'GET,PATCH,DELETE,HEAD'],
    ['/sobjects/:type', 'GET,POST,HEAD'],
    ['/composite/sobjects/:type/:field', 'PATCH'],
    ['/composite/sobjects/:type', 'GET,POST'],
    ['/composite/sobjects', 'POST,PATCH,DELETE'],
    ['/composite/batch', 'POST'],
    ['/composite', 'POST'],
    ['/query', 'GET,HEAD'],
    ['/limits', 'GET,HEAD']
];

/** Mounted after every real route, so it only sees methods those routes did not take. */
export function methodNotAllowedRoutes() {
    const app = new Hono<DataEnv>();
    for (const [path, allowed] of RESOURCES)
        app.all(path, (c) =>
            errorResponse(
                new SalesforceError(
                    'METHOD_NOT_ALLOWED',
                    `HTTP Method '${c.req.method}' not allowed. Allowed are ${allowed}`,
                    { status: 405 }
                )
            )
        );
    return app;
}
