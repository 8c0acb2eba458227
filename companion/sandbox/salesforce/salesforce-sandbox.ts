import { resolve } from 'node:path';

import { Hono } from 'hono';
import { getPath } from 'hono/utils/url';
import { ZodError } from 'zod';

import { createSandboxClock, type SandboxClock } from '../clock.ts';
import { type ControlApi, controlApi } from './control-api.ts';
import { controlRoutes } from './control.ts';
import { SalesforceError } from './errors.ts';
import { errorResponse, sfJson } from './http.ts';
import { createIdFactory } from './ids.ts';
import { oauthRoutes } from './oauth.ts';
import { batchRoutes } from './routes/batch.ts';
import { collectionRoutes } from './routes/collections.ts';
import { compositeRoutes } from './routes/composite.ts';
import { methodNotAllowedRoutes } from './routes/not-allowed.ts';
import { dataApiMiddleware, type InternalCall } from './routes/data-api.ts';
import { queryRoutes } from './routes/query.ts';
import { sobjectRoutes } from './routes/sobjects.ts';
import { treeRoutes } from './routes/tree.ts';
import { resourceRoutes, versionList } from './routes/versions.ts';
import { loadSchema } from './schema/load-metadata.ts';
import { Sessions } from './sessions.ts';
import type { SandboxState } from './state.ts';

export type SalesforceSandboxOptions = {
    clock?: SandboxClock;
    /** Where `force-app/` lives; default: the repository root. */
    projectDir?: string;
    /**
     * The package's namespace in the simulated orgs (default: the one in the project's
     * `sfdx-project.json`, `cbks`; `''` installs the package unprefixed, as in a dev org).
     */
    namespace?: string;
    /** Used for the package's outgoing event calls to the companion. */
    fetch?: typeof fetch;
    /** Daily API request allocation of each new org (default 100,000). */
    dailyApiLimit?: number;
    /** Access-token lifetime (default 2 hours, the default session timeout). */
    sessionLifetimeMs?: number;
    /** Query page size (default 2,000). */
    queryBatchSize?: number;
};

export type SalesforceSandbox = ControlApi & {
    app: Hono;
    clock: SandboxClock;
    /** The package's namespace in its orgs (empty when installed without one). */
    namespace: string;
};

const REPO_ROOT = resolve(import.meta.dirname, '../../..');

function unexpected(error: Error): Response {
    if (error instanceof SalesforceError) return errorResponse(error);
    if (error instanceof ZodError)
        return sfJson(
            [
                {
                    message: error.issues
                        .map((i) => `${i.path.join('.')}: ${i.message}`)
                        .join('; '),
                    errorCode: 'INVALID_INPUT'
                }
            ],
            400
        );
    return errorResponse(
        new SalesforceError('UNKNOWN_EXCEPTION', `An unexpected error occurred: ${error.message}`, {
            status: 500
        })
    );
}

/**
 * A simulated Salesforce org (or several) on one origin: OAuth under `/services/oauth2`, the REST
 * API under `/services/data/vXX.X`, and the control surface under `/_sandbox/`. Usable in-process
 * (`app.request`, the typed helpers) or served on a port (jsforce needs a real socket).
 */
export function createSalesforceSandbox(options: SalesforceSandboxOptions = {}): SalesforceSandbox {
    const state: SandboxState = {
        clock: options.clock ?? createSandboxClock(),
        baseSchema: loadSchema(options.projectDir ?? REPO_ROOT, options.namespace),
        orgs: new Map(),
        orgByClientId: new Map(),
        sessions: new Sessions(options.sessionLifetimeMs ?? 2 * 60 * 60_000),
        fetch: options.fetch ?? fetch,
        newId: createIdFactory(),
        options: {
            dailyApiLimit: options.dailyApiLimit ?? 100_000,
            queryBatchSize: options.queryBatchSize ?? 2000
        },
        pending: new Set(),
        queued: []
    };
    const internalCalls = new Map<string, InternalCall>();
    // An instance serves `//services/data/…` like `/services/data/…` (clients that join an
    // instance URL ending in `/` with an absolute path send it; the sf CLI does).
    const app = new Hono({ getPath: (request) => getPath(request).replace(/\/{2,}/g, '/') });
    app.onError((error) => unexpected(error));
    app.notFound(() =>
        errorResponse(
            new SalesforceError('NOT_FOUND', 'The requested resource does not exist', {
                status: 404
            })
        )
    );
    app.route('/', oauthRoutes(state));
    app.get('/services/data', () => sfJson(versionList()));
    app.get('/services/data/', () => sfJson(versionList()));
    const data = new Hono();
    data.use('*', dataApiMiddleware(state, internalCalls));
    data.route('/', resourceRoutes(state));
    data.route('/', sobjectRoutes(state));
    data.route('/', queryRoutes(state));
    data.route('/', collectionRoutes(state));
    data.route('/', treeRoutes(state));
    data.route(
        '/',
        compositeRoutes(internalCalls, (request) => app.fetch(request))
    );
    data.route(
        '/',
        batchRoutes(state, (request) => app.fetch(request))
    );
    data.route('/', methodNotAllowedRoutes());
    app.route('/services/data/:version', data);
    app.route('/_sandbox', controlRoutes(state));
    return { app, clock: state.clock, namespace: state.baseSchema.namespace, ...controlApi(state) };
}
