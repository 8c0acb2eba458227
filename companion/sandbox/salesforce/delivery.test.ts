import { setTimeout as sleep } from 'node:timers/promises';

import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';

import { EVENTS_PATH } from '../../src/contracts/salesforce-events.ts';
import { createSandboxClock, type SandboxClock } from '../clock.ts';
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

function orgWith(companion: ReturnType<typeof flakyCompanion>, clock: SandboxClock) {
    const sandbox = createSalesforceSandbox({ fetch: companion.fetch, clock });
    const orgId = sandbox.createOrg().org_id;
    sandbox.setCompanion(orgId, { url: 'http://companion.test', connectionId: 'c', secret: 's' });
    return { sandbox, orgId };
}

const newAccount = { object: 'Account', fields: { Name: 'Acme', BillingCountry: 'Peru' } };

describe('event calls to the companion', () => {
    it('waits for the sandbox clock, not real time, before retrying', async () => {
        const companion = flakyCompanion([503]);
        const clock = createSandboxClock({ scale: 0, startAt: Date.parse('2026-11-02T09:00:00Z') });
        const { sandbox, orgId } = orgWith(companion, clock);
        sandbox.seed(orgId, { records: [newAccount] });
        await sandbox.settle();
        await sleep(100);
        await sandbox.settle();
        expect(sandbox.deliveries(orgId).map((a) => a.status)).toEqual([503]);

        clock.advance(60_000);
        await sandbox.settle();
        expect(sandbox.deliveries(orgId).map((a) => [a.attempt, a.status])).toEqual([
            [1, 503],
            [2, 202]
        ]);
    });

    it('clears the Failed status of the records once a retry delivers their batch', async () => {
        const companion = flakyCompanion([503]);
        const clock = createSandboxClock({ scale: 0, startAt: Date.parse('2026-11-02T09:00:00Z') });
        const { sandbox, orgId } = orgWith(companion, clock);
        const { ids } = sandbox.seed(orgId, { records: [{ ...newAccount, ref: 'a' }] });
        await sandbox.settle();
        const status = () => {
            const account = sandbox.records(orgId, 'Account').find((a) => a.Id === ids.a);
            return [account?.Closebooks_Sync_Status__c, account?.Closebooks_Sync_Message__c];
        };
        expect(status()).toEqual(['Failed', expect.stringContaining('503')]);

        clock.advance(60_000);
        await sandbox.settle();
        expect(sandbox.deliveries(orgId).map((a) => a.delivered)).toEqual([false, true]);
        expect(status()).toEqual([null, null]);
    });

    it('keeps a Held status set after the failure when the retry delivers', async () => {
        const companion = flakyCompanion([503]);
        const clock = createSandboxClock({ scale: 0, startAt: Date.parse('2026-11-02T09:00:00Z') });
        const { sandbox, orgId } = orgWith(companion, clock);
        const { ids } = sandbox.seed(orgId, { records: [{ ...newAccount, ref: 'a' }] });
        await sandbox.settle();
        sandbox.updateMany(orgId, 'Account', [{ Id: ids.a!, BillingCountry: null }]);
        await sandbox.settle();

        clock.advance(60_000);
        await sandbox.settle();
        const account = sandbox.records(orgId, 'Account').find((a) => a.Id === ids.a);
        expect(sandbox.deliveries(orgId).map((a) => a.delivered)).toEqual([false, true]);
        expect(account?.Closebooks_Sync_Status__c).toBe('Held');
    });

    it('runs a retry by itself once a fast clock reaches it', async () => {
        const companion = flakyCompanion([500]);
        // One real millisecond is a simulated second: the 1-minute backoff takes about 60 ms.
        const { sandbox, orgId } = orgWith(companion, createSandboxClock({ scale: 1000 }));
        sandbox.seed(orgId, { records: [newAccount] });
        for (let waited = 0; waited < 5000 && sandbox.deliveries(orgId).length < 2; waited += 20)
            await sleep(20);
        await sandbox.settle();
        expect(sandbox.deliveries(orgId).map((a) => a.delivered)).toEqual([false, true]);
        expect(new Set(companion.seen).size).toBe(1);
    });

    it('records a call it could not make when no companion is configured, and redelivers on request', async () => {
        const companion = flakyCompanion([]);
        const clock = createSandboxClock({ scale: 0 });
        const { sandbox, orgId } = orgWith(companion, clock);
        sandbox.setCompanion(orgId, undefined);
        const { ids } = sandbox.seed(orgId, { records: [{ ...newAccount, ref: 'a' }] });
        await sandbox.settle();
        const [first] = sandbox.deliveries(orgId);
        expect(first).toMatchObject({
            url: undefined,
            delivered: false,
            error: expect.stringContaining('could not be reached')
        });
        const account = sandbox.records(orgId, 'Account').find((a) => a.Id === ids.a);
        expect(account?.Closebooks_Sync_Status__c).toBe('Failed');
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
