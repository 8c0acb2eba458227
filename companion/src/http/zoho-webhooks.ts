import { createHash } from 'node:crypto';

import { Hono, type Context } from 'hono';
import { z } from 'zod';

import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import { secretsEqual } from '../security/constant-time.ts';
import { singleFlight } from '../single-flight.ts';
import type { Keyring } from '../security/vault.ts';
import type { Db } from '../store/db.ts';
import { createIntake } from '../store/intake.ts';
import { readWebhookDoorFacts, type WebhookDoorFacts } from '../store/webhook-door.ts';
import { boundedMap } from '../bounded-map.ts';
import { parseZohoJson } from '../zoho/json.ts';
import { verifyZohoSignature } from '../zoho/webhook-signature.ts';
import { declaredBodyLimit } from './body-limit.ts';
import { errorBody } from './errors.ts';

export const WEBHOOK_TOKEN_HEADER = 'x-closebooks-webhook-token';
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

/** Zoho's default payload wraps the record under its module key; the job that follows it up. */
export const WEBHOOK_MODULES = {
    invoice: { idField: 'invoice_id', job: 'salesforce.invoice.sync' },
    payment: { idField: 'payment_id', job: 'salesforce.payment.sync' },
    contact: { idField: 'contact_id', job: 'salesforce.customer.sync' },
    creditnote: { idField: 'creditnote_id', job: 'salesforce.credit_note.sync' }
} as const;
type Module = keyof typeof WEBHOOK_MODULES;

const idSchema = z
    .union([z.string().regex(/^\d{1,20}$/), z.number().int().nonnegative()])
    .transform(String);
const recordSchema = z.looseObject({ last_modified_time: z.string().max(40).optional() });
/**
 * Zoho sends no event type (reference §7.3): the admin names it in the webhook's own `event`
 * query parameter (`created`, `edited`, `deleted` …); a webhook without one is a change.
 */
const eventSchema = z
    .string()
    .regex(/^[a-z][a-z_]{0,29}$/)
    .default('changed');

type Env = { Variables: { correlationId: string; log: Logger } };

/**
 * `POST /v1/zoho/webhooks/:connection`: a Zoho workflow webhook. Authenticity is checked before
 * the body is parsed: a valid `X-Zoho-Webhook-Signature`, or our own token header (admins add it
 * to the webhook definition; it works whatever Zoho's signing does). The webhook is a hint: it is
 * stored once per record version and event (replays and duplicates are acknowledged, not
 * processed twice; a deletion, whose body repeats the last edit's, is not a duplicate of it)
 * and a job re-reads the record from Zoho before acting (reference §7.4). Webhooks that arrive
 * while others are being written are committed together, each answered once its own is stored.
 */
export function zohoWebhookRoutes(deps: {
    db: Db;
    keyring: Keyring;
    clock: Clock;
    metrics: Metrics;
    /** The job kinds some handler runs; a webhook whose job nothing would run is refused. */
    handledJobKinds?: ReadonlySet<string> | undefined;
    /** How many connections' facts the door keeps between webhooks (default 1000). */
    keptConnections?: number;
}) {
    // Webhooks arriving together are stored together (store/intake.ts).
    const intake = createIntake({ db: deps.db });
    // Webhooks for one connection arriving during a read of its facts share that read.
    const readDoor = singleFlight((connectionId: string) =>
        readWebhookDoorFacts(deps.db, deps.keyring, connectionId)
    );
    // The facts last read of the connections webhooks came for, kept: a webhook is stored on them
    // only if, when it is written, they still hold (so a secret rotated, a connection disabled or
    // removed by another process is never missed); any other answer is decided on a fresh read.
    const doors = boundedMap<string, WebhookDoorFacts>(deps.keptConnections ?? 1000);
    const routes = new Hono<Env>().post(
        '/:connection',
        declaredBodyLimit({
            maxSize: MAX_WEBHOOK_BODY_BYTES,
            onError: (c) =>
                c.json(
                    errorBody(
                        'payload_too_large',
                        `the body exceeds ${MAX_WEBHOOK_BODY_BYTES} bytes`
                    ),
                    413
                )
        }),
        async (c) => {
            const connectionId = c.req.param('connection');
            if (connectionId.length > 100)
                return c.json(errorBody('not_found', 'no such connection'), 404);
            const kept = doors.get(connectionId);
            const answer = kept && (await decide(c, connectionId, kept, true));
            if (answer) return answer;
            const door = await readDoor(connectionId);
            if (!door) {
                doors.delete(connectionId);
                return c.json(errorBody('not_found', 'no such connection'), 404);
            }
            doors.set(connectionId, door);
            return (
                (await decide(c, connectionId, door, false)) ??
                c.json(
                    errorBody(
                        'conflict',
                        'the connection changed while the webhook was stored; send it again'
                    ),
                    409
                )
            );
        }
    );

    /**
     * The answer to a webhook given facts of its connection. With kept facts (`kept`), which
     * may be stale, only a webhook stored under a precondition that they still hold is answered;
     * anything else (a refusal, an ignored test delivery, a failed precondition) is undefined,
     * to be decided again on facts read now. Undefined with facts read now: the connection
     * changed between that read and the write.
     */
    async function decide(
        c: Context<Env>,
        connectionId: string,
        door: WebhookDoorFacts,
        kept: boolean
    ): Promise<Response | undefined> {
        const refuse = (response: Response) => (kept ? undefined : response);
        const { webhookSecret: secret, webhookSecretSealed: sealed } = door;
        const raw = await c.req.text();
        const params = c.req.query();
        const signature = c.req.header('x-zoho-webhook-signature');
        const token = c.req.header(WEBHOOK_TOKEN_HEADER);
        const authentic =
            secret !== undefined &&
            ((signature !== undefined && verifyZohoSignature(secret, params, raw, signature)) ||
                (token !== undefined && secretsEqual(token, secret)));
        if (!authentic || sealed === undefined)
            return refuse(
                c.json(
                    errorBody('unauthorized', 'the webhook signature or token is not valid'),
                    401
                )
            );
        if (door.status === 'disabled')
            return refuse(
                c.json(errorBody('connection_disabled', 'this connection is disabled'), 403)
            );
        if (raw.trim() === '')
            return refuse(c.json({ accepted: 0, ignored: 'empty test delivery' }, 200));
        if (!/^application\/json\s*(;|$)/i.test(c.req.header('content-type') ?? '')) {
            return refuse(
                c.json(
                    errorBody(
                        'unsupported_media_type',
                        'configure the webhook with the default JSON payload'
                    ),
                    415
                )
            );
        }

        let body: unknown;
        try {
            body = parseZohoJson(raw);
        } catch {
            return refuse(
                c.json(errorBody('validation_failed', 'the body is not valid JSON'), 400)
            );
        }
        const module = (Object.keys(WEBHOOK_MODULES) as Module[]).find(
            (m) => typeof body === 'object' && body !== null && m in body
        );
        const record = module
            ? recordSchema.safeParse((body as Record<string, unknown>)[module])
            : undefined;
        const recordId =
            module && record?.success
                ? idSchema.safeParse(record.data[WEBHOOK_MODULES[module].idField])
                : undefined;
        const event = eventSchema.safeParse(params.event);
        if (!event.success)
            return refuse(
                c.json(
                    errorBody(
                        'validation_failed',
                        'the event parameter must be a lower-case word such as deleted'
                    ),
                    400
                )
            );
        if (!module || !record?.success || !recordId?.success) {
            return refuse(
                c.json(
                    errorBody(
                        'validation_failed',
                        `expected one of ${Object.keys(WEBHOOK_MODULES).join(', ')} with its id`
                    ),
                    400
                )
            );
        }

        if (deps.handledJobKinds && !deps.handledJobKinds.has(WEBHOOK_MODULES[module].job))
            return refuse(
                c.json(
                    errorBody(
                        'event_unhandled',
                        `this companion runs no ${WEBHOOK_MODULES[module].job} jobs for ${module} webhooks`
                    ),
                    422
                )
            );
        const organizationId =
            door.organizations.find((o) => o.organizationId === params.organization_id)
                ?.organizationId ?? door.organizations.find((o) => o.isDefault)?.organizationId;
        if (!organizationId)
            return refuse(
                c.json(errorBody('conflict', 'this connection has no Zoho organization yet'), 409)
            );

        const modified = record.data.last_modified_time;
        // Zoho's times have whole seconds: two edits in one second differ only by content.
        const digest = createHash('sha256').update(raw).digest('hex').slice(0, 16);
        const version = modified ? `${modified}:${digest}` : digest;
        // A deletion carries the record as it last was: only its event tells it from the edit.
        const sourceEventId = `${organizationId}:${module}:${recordId.data}:${event.data}:${version}`;
        const correlationId = c.get('correlationId');
        const { accepted, refused } = await intake.accept({
            precondition: {
                webhookSecretSealed: sealed,
                organizationId,
                requestedOrganizationId: params.organization_id ?? null
            },
            event: {
                connectionId,
                source: 'zoho',
                sourceEventId,
                type: `${module}.changed`,
                payload: {
                    module,
                    organizationId,
                    recordId: recordId.data,
                    event: event.data,
                    lastModifiedTime: modified ?? null
                },
                correlationId
            },
            job: {
                kind: WEBHOOK_MODULES[module].job,
                partitionKey: `salesforce:${connectionId}`,
                connectionId,
                payload: {
                    module,
                    organizationId,
                    recordId: recordId.data,
                    event: event.data
                },
                dedupeKey: `zoho:${connectionId}:${sourceEventId}`,
                correlationId
            }
        });
        if (refused) return undefined;
        const modifiedAt = modified ? Date.parse(modified) : Number.NaN;
        if (Number.isFinite(modifiedAt)) {
            deps.metrics.webhookLagSeconds.set(
                { organization: organizationId },
                (deps.clock.now() - modifiedAt) / 1000
            );
        }
        // Carried by the request's own log line (app.ts): one line per webhook, not two.
        c.get('log').setBindings({
            connectionId,
            module,
            recordId: recordId.data,
            duplicate: !accepted
        });
        return c.json({ accepted: accepted ? 1 : 0, duplicates: accepted ? 0 : 1 }, 200);
    }

    return routes;
}
