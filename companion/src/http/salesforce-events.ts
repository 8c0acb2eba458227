import { Hono } from 'hono';

import { salesforceEventBatchSchema } from '../contracts/salesforce-events.ts';
import type { Logger } from '../log.ts';
import type { Keyring } from '../security/vault.ts';
import type { Db } from '../store/db.ts';
import { JOB_KIND_BY_EVENT, storeSalesforceBatch } from '../sync/event-jobs.ts';
import { authenticateConnection } from './connection-auth.ts';
import { declaredBodyLimit } from './body-limit.ts';
import { errorBody } from './errors.ts';
import { localEventNames } from '../contracts/event-names.ts';

export const MAX_EVENT_BODY_BYTES = 1024 * 1024;

type Env = { Variables: { correlationId: string; log: Logger } };

/**
 * `POST /v1/salesforce/events`: the package's Queueable (or the Salesforce simulator) delivers a
 * batch of events. Order of checks: size and media type, then the connection and its secret
 * (constant time), then the body against the contract. The batch is stored in the inbox, with
 * one job per event, in one transaction before the 202, so an acknowledged event is never lost
 * and a redelivered one is not processed twice.
 */
export function salesforceEventsRoutes(deps: {
    db: Db;
    keyring: Keyring;
    onJobsQueued?: (() => void) | undefined;
    /** The package's namespace in the orgs, taken off inbound field names. */
    salesforceNamespace?: string | undefined;
    /**
     * The job kinds some handler runs. An event whose job nothing would run is refused before
     * anything is stored (the package keeps it and delivers it again), never left queued.
     */
    handledJobKinds?: ReadonlySet<string> | undefined;
}) {
    return new Hono<Env>().post(
        '/',
        declaredBodyLimit({
            maxSize: MAX_EVENT_BODY_BYTES,
            onError: (c) =>
                c.json(
                    errorBody(
                        'payload_too_large',
                        `the body exceeds ${MAX_EVENT_BODY_BYTES} bytes`
                    ),
                    413
                )
        }),
        async (c) => {
            const contentType = c.req.header('content-type') ?? '';
            if (!/^application\/json\s*(;|$)/i.test(contentType)) {
                return c.json(
                    errorBody('unsupported_media_type', 'send the batch as application/json'),
                    415
                );
            }
            const auth = await authenticateConnection(deps.db, deps.keyring, (name) =>
                c.req.header(name)
            );
            if (!auth.ok) return c.json(auth.body, auth.status);
            const connection = auth.connection;
            const connectionId = connection.id;

            let body: unknown;
            try {
                body = await c.req.json();
            } catch {
                return c.json(errorBody('validation_failed', 'the body is not valid JSON'), 400);
            }
            const parsed = salesforceEventBatchSchema.safeParse(body);
            if (!parsed.success) {
                const details = parsed.error.issues
                    .slice(0, 20)
                    .map((i) => ({ path: i.path.join('.'), message: i.message }));
                return c.json(
                    errorBody(
                        'validation_failed',
                        'the batch does not match the event contract',
                        details
                    ),
                    400
                );
            }
            if (parsed.data.orgId !== connection.salesforceOrgId) {
                return c.json(
                    errorBody(
                        'forbidden',
                        'the batch comes from another Salesforce org than this connection'
                    ),
                    403
                );
            }

            const batch = localEventNames(parsed.data, deps.salesforceNamespace);
            const unhandled = batch.events.find(
                (e) => deps.handledJobKinds && !deps.handledJobKinds.has(JOB_KIND_BY_EVENT[e.type])
            );
            if (unhandled)
                return c.json(
                    errorBody(
                        'event_unhandled',
                        `this companion runs no ${JOB_KIND_BY_EVENT[unhandled.type]} jobs for ${unhandled.type} events; the batch was not stored`
                    ),
                    422
                );
            const result = await storeSalesforceBatch(
                deps.db,
                connectionId,
                batch,
                c.get('correlationId')
            );
            c.get('log').info(
                { connectionId, batchId: parsed.data.batchId, ...result },
                'salesforce events accepted'
            );
            if (result.accepted > 0) deps.onJobsQueued?.();
            return c.json(result, 202);
        }
    );
}
