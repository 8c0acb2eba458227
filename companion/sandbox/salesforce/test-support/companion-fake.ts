import { Hono } from 'hono';

import {
    EVENT_HEADERS,
    EVENTS_PATH,
    type SalesforceEventBatch,
    salesforceEventBatchSchema
} from '../../../src/contracts/salesforce-events.ts';

/**
 * A stand-in for the companion's event endpoint: checks the connection headers and validates
 * every body against the contract, as the real inbox does, and keeps what it accepted.
 */
export function companionFake(connectionId: string, secret: string) {
    const accepted: Array<{ batch: SalesforceEventBatch; connection: string | undefined }> = [];
    const app = new Hono().post(EVENTS_PATH, async (c) => {
        if (
            c.req.header(EVENT_HEADERS.connection) !== connectionId ||
            c.req.header(EVENT_HEADERS.secret) !== secret
        )
            return c.json(
                { error: { code: 'unauthorized', message: 'bad connection secret' } },
                401
            );
        const parsed = salesforceEventBatchSchema.safeParse(await c.req.json());
        if (!parsed.success)
            return c.json(
                { error: { code: 'validation_failed', message: parsed.error.message } },
                400
            );
        accepted.push({ batch: parsed.data, connection: c.req.header(EVENT_HEADERS.connection) });
        return c.json({ accepted: parsed.data.events.length }, 202);
    });
    const fetchFn: typeof fetch = async (input, init) =>
        app.request(input instanceof Request ? input : String(input), init);
    return {
        accepted,
        fetch: fetchFn,
        target: { url: 'http://companion.test', connectionId, secret }
    };
}
