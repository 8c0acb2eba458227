import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';

import { EVENTS_PATH } from '../../src/contracts/salesforce-events.ts';
import { createSalesforceSandbox } from './salesforce-sandbox.ts';

/** A companion that answers with the given statuses in turn (then 202), counting calls. */
function flakyCompanion(statuses: number[]) {
    const seen: string[] = [];
    const app = new Hono().post(EVENTS_PATH, async (c) => {
        const body = (await c.req.json()) as { batchId: string };
        seen.push(body.batchId);
        return c.json({}, (statuses.shift() ?? 202) as 202);
    });
    const fetchFn: typeof fetch = async (input, init) => app.request(String(input), init);
    return { seen, fetch: fetchFn };
}

function orgWith(companion: ReturnType<typeof flakyCompanion>) {
    const sandbox = createSalesforceSandbox({
        fetch: companion.fetch,
        deliveryRetry: { maxRetries: 5, delayMs: 1 }
    });
    const orgId = sandbox.createOrg().org_id;
    sandbox.setCompanion(orgId, { url: 'http://companion.test', connectionId: 'c', secret: 's' });
    return { sandbox, orgId };
}

describe('event calls to the companion', () => {
    it.each([
        {
            name: 'retries 503 and 429 with the same batch id until accepted',
            statuses: [503, 429],
            want: [503, 429, 202]
        },
        { name: 'does not retry a refusal', statuses: [401], want: [401] },
        {
            name: 'gives up after five retries',
            statuses: [500, 500, 500, 500, 500, 500, 500],
            want: [500, 500, 500, 500, 500, 500]
        }
    ])('$name', async ({ statuses, want }) => {
        const companion = flakyCompanion(statuses);
        const { sandbox, orgId } = orgWith(companion);
        sandbox.seed(orgId, { records: [{ object: 'Account', fields: { Name: 'Acme' } }] });
        await sandbox.settle();
        const attempts = sandbox.deliveries(orgId);
        expect(attempts.map((a) => a.status)).toEqual(want);
        expect(attempts.map((a) => a.attempt)).toEqual(want.map((_, i) => i + 1));
        expect(new Set(companion.seen).size).toBe(1);
    });

    it('records a call it could not make when no companion is configured, and redelivers on request', async () => {
        const companion = flakyCompanion([]);
        const { sandbox, orgId } = orgWith(companion);
        sandbox.setCompanion(orgId, undefined);
        sandbox.seed(orgId, { records: [{ object: 'Contact', fields: { LastName: 'Lovelace' } }] });
        await sandbox.settle();
        const [first] = sandbox.deliveries(orgId);
        expect(first).toMatchObject({
            url: undefined,
            error: expect.stringContaining('no companion configured')
        });
        sandbox.setCompanion(orgId, {
            url: 'http://companion.test',
            connectionId: 'c',
            secret: 's'
        });
        sandbox.redeliver(orgId, first!.batchId);
        await sandbox.settle();
        expect(sandbox.deliveries(orgId).at(-1)).toMatchObject({
            batchId: first!.batchId,
            status: 202
        });
        expect(companion.seen).toEqual([first!.batchId]);
    });
});
