import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z, ZodError } from 'zod';

import { AppError } from '../../src/errors.ts';
import { errorBody } from '../../src/http/errors.ts';

import { type ControlApi, controlApi } from './control-api.ts';
import { SalesforceError } from './errors.ts';
import { streamPlatformEvents } from './event-stream.ts';
import { faultsInputSchema } from './faults.ts';
import { localChannel, localRecord, orgFields, orgObjectName } from './control-names.ts';
import { deployMetadata, metadataFieldsSchema } from './metadata.ts';
import { companionTargetSchema, createOrgInputSchema } from './org-factory.ts';
import { seedInputSchema } from './seed.ts';
import { orgOrThrow, type SandboxState } from './state.ts';

const userInputSchema = z.strictObject({
    username: z.string().min(3),
    firstName: z.string().optional(),
    lastName: z.string().min(1),
    integration: z.boolean().optional(),
    permissionSets: z.array(z.string()).optional()
});
const updateInputSchema = z.strictObject({
    fields: z.record(z.string(), z.unknown()),
    as: z.string().optional()
});
const clockInputSchema = z.union([
    z.strictObject({ advanceMs: z.number().int().min(0) }),
    z.strictObject({ set: z.iso.datetime() })
]);

async function body(c: { req: { text(): Promise<string> } }): Promise<unknown> {
    const text = await c.req.text();
    try {
        return text === '' ? {} : JSON.parse(text);
    } catch {
        throw new ControlError(400, 'validation_failed', 'the body is not valid JSON');
    }
}

class ControlError extends AppError {
    constructor(
        readonly status: ContentfulStatusCode,
        code: string,
        message: string
    ) {
        super(code, message);
    }
}

/** The control surface is ours, not Salesforce's: it answers `{ error: { code, message } }`. */
function controlError(error: Error, c: Context) {
    if (error instanceof ControlError)
        return c.json(errorBody(error.code, error.message), error.status);
    if (error instanceof ZodError)
        return c.json(
            errorBody('validation_failed', 'the request does not match the schema', error.issues),
            400
        );
    if (error instanceof SalesforceError)
        return c.json(
            errorBody(error.errorCode.toLowerCase(), error.message),
            error.status as ContentfulStatusCode
        );
    return c.json(errorBody('internal_error', error.message), 500);
}

/**
 * Server-sent events of the org's platform events: `?channel=/event/X__e` filters,
 * `?replayId=-2` first replays every retained message (as empApi's replay option does).
 */
function eventStream(c: Context, api: ControlApi, orgId: string) {
    const asked = c.req.query('channel');
    // Messages come with local channel names (control-names.ts); so is the filter.
    const channel = asked && localChannel(api.org(orgId), asked);
    const replay =
        c.req.query('replayId') === '-2'
            ? api.publishedEvents(orgId).filter((m) => !channel || m.channel === channel)
            : [];
    return streamPlatformEvents(c, {
        replay,
        subscribe: (listener) => api.subscribe(orgId, listener, channel),
        namedEvents: true
    });
}

/**
 * `/_sandbox/`: the control surface (never part of the imitated API). Create orgs with ready
 * credentials, add users and act as them, seed and inspect records, read API usage, published
 * platform events (also as a server-sent-event stream) and outgoing event calls, configure the
 * companion target, inject faults and move the clock.
 *
 * - `POST /orgs` `{name?, multiCurrency?, corporateCurrency?, dailyApiLimit?, companion?}` →
 *   201 `{instance_url, login_url, client_id, client_secret, refresh_token, access_token,
 *   username, org_id, admin_username}` (username: the integration user); `GET /orgs`, `GET /orgs/:id`
 * - `PUT /orgs/:id/companion` `{url, connectionId, secret}`: where event calls go
 * - `POST /orgs/:id/users` `{username, lastName, firstName?, integration?, permissionSets?}`
 * - `POST /orgs/:id/sessions` `{username}` → an access token acting as that user
 * - `POST /orgs/:id/seed` `{records: [{object, ref?, fields}], as?}`; `{ref}` values point at
 *   earlier records or at `standardPricebook`, `adminUser`, `integrationUser`, `organization`
 * - `GET|PATCH|DELETE /orgs/:id/records/:object[/:recordId]` (`PATCH {fields, as?}`)
 * - `PUT /orgs/:id/metadata/:type/:developerName` `{Field__c: value, Label?}`: deploys a custom
 *   metadata record (201 created, 200 replaced), as the Metadata API would
 * - `GET /orgs/:id/usage`, `GET /orgs/:id/events`, `GET /orgs/:id/events/stream`,
 *   `GET /orgs/:id/deliveries`, `POST /orgs/:id/deliveries/:batchId/retry`
 * - `PUT /orgs/:id/faults`, `POST /orgs/:id/expire-sessions`, `GET|POST /clock`
 *
 * A convenience for tests, unlike the org's API: object, field and channel names are taken with
 * or without the package's namespace (`Zoho_Invoice__c` or `cbks__Zoho_Invoice__c`) and records
 * and event messages are answered with local names (control-names.ts).
 */
export function controlRoutes(state: SandboxState) {
    const api = controlApi(state);
    const origin = (url: string) => new URL(url).origin;
    const app = new Hono();
    app.onError(controlError);
    return app
        .get('/orgs', (c) =>
            c.json([...state.orgs.values()].map((o) => ({ id: o.id, name: o.name })))
        )
        .post('/orgs', async (c) => {
            const input = createOrgInputSchema.parse(await body(c));
            return c.json(api.createOrg({ ...input, instanceUrl: origin(c.req.url) }), 201);
        })
        .get('/orgs/:orgId', (c) => {
            const org = orgOrThrow(state, c.req.param('orgId'));
            const counts = Object.fromEntries(
                [...org.schema.objects.values()]
                    .map((o) => [o.name, org.store.count(o.name)])
                    .filter(([, n]) => Number(n) > 0)
            );
            return c.json({
                id: org.id,
                name: org.name,
                multiCurrency: org.multiCurrency,
                corporateCurrency: org.corporateCurrency,
                users: [...org.users.values()],
                companion: org.companion
                    ? { url: org.companion.url, connectionId: org.companion.connectionId }
                    : null,
                usage: api.usage(org.id),
                records: counts
            });
        })
        .put('/orgs/:orgId/companion', async (c) => {
            api.setCompanion(c.req.param('orgId'), companionTargetSchema.parse(await body(c)));
            return c.body(null, 204);
        })
        .post('/orgs/:orgId/users', async (c) =>
            c.json(api.addUser(c.req.param('orgId'), userInputSchema.parse(await body(c))), 201)
        )
        .post('/orgs/:orgId/sessions', async (c) => {
            const { username } = z.strictObject({ username: z.string() }).parse(await body(c));
            return c.json(api.sessionFor(c.req.param('orgId'), username, origin(c.req.url)), 201);
        })
        .post('/orgs/:orgId/seed', async (c) =>
            c.json(api.seed(c.req.param('orgId'), seedInputSchema.parse(await body(c))), 201)
        )
        .get('/orgs/:orgId/records/:object', (c) =>
            c.json(api.records(c.req.param('orgId'), c.req.param('object')))
        )
        .get('/orgs/:orgId/records/:object/:id', (c) => {
            const found = api
                .records(c.req.param('orgId'), c.req.param('object'))
                .find((r) => r.Id === c.req.param('id'));
            return found
                ? c.json(found)
                : c.json({ error: { code: 'not_found', message: 'no such record' } }, 404);
        })
        .patch('/orgs/:orgId/records/:object/:id', async (c) => {
            const input = updateInputSchema.parse(await body(c));
            return c.json(
                api.update(
                    c.req.param('orgId'),
                    c.req.param('object'),
                    c.req.param('id'),
                    input.fields,
                    input.as
                )
            );
        })
        .delete('/orgs/:orgId/records/:object/:id', (c) => {
            api.remove(
                c.req.param('orgId'),
                c.req.param('object'),
                c.req.param('id'),
                c.req.query('as')
            );
            return c.body(null, 204);
        })
        .put('/orgs/:orgId/metadata/:type/:developerName', async (c) => {
            const org = orgOrThrow(state, c.req.param('orgId'));
            const type = orgObjectName(org, c.req.param('type'));
            const fields = orgFields(org, type, metadataFieldsSchema.parse(await body(c)));
            const deployed = deployMetadata(state, org, type, c.req.param('developerName'), fields);
            return c.json(localRecord(org, deployed.record), deployed.created ? 201 : 200);
        })
        .get('/orgs/:orgId/usage', (c) => c.json(api.usage(c.req.param('orgId'))))
        .get('/orgs/:orgId/deliveries', (c) => c.json(api.deliveries(c.req.param('orgId'))))
        .post('/orgs/:orgId/deliveries/:batchId/retry', (c) => {
            api.redeliver(c.req.param('orgId'), c.req.param('batchId'));
            return c.body(null, 202);
        })
        .get('/orgs/:orgId/events', (c) => c.json(api.publishedEvents(c.req.param('orgId'))))
        .get('/orgs/:orgId/events/stream', (c) =>
            eventStream(c, api, orgOrThrow(state, c.req.param('orgId')).id)
        )
        .put('/orgs/:orgId/faults', async (c) => {
            api.setFaults(c.req.param('orgId'), faultsInputSchema.parse(await body(c)));
            return c.body(null, 204);
        })
        .post('/orgs/:orgId/expire-sessions', (c) =>
            c.json({ expired: api.expireSessions(c.req.param('orgId')) })
        )
        .get('/clock', (c) => c.json({ now: new Date(state.clock.now()).toISOString() }))
        .post('/clock', async (c) => {
            const input = clockInputSchema.parse(await body(c));
            if ('advanceMs' in input) state.clock.advance(input.advanceMs);
            else state.clock.set(Date.parse(input.set));
            return c.json({ now: new Date(state.clock.now()).toISOString() });
        });
}
