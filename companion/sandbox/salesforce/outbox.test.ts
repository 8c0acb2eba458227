import { describe, expect, it } from 'vitest';

import type { SalesforceEventBatch } from '../../src/contracts/salesforce-events.ts';
import { createSandboxClock } from '../clock.ts';
import { createSalesforceSandbox } from './salesforce-sandbox.ts';

/**
 * The package's outbox: triggers publish `Closebooks_Outbox__e` after commit, and its subscriber
 * delivers as the integration user (CompanionEventService, CompanionOutboxSubscriber).
 */
function setup() {
    const batches: SalesforceEventBatch[] = [];
    const fetchFn: typeof fetch = async (_input, init) => {
        batches.push(JSON.parse(String(init?.body)) as SalesforceEventBatch);
        return new Response('{"accepted":1}', { status: 202 });
    };
    const clock = createSandboxClock({ scale: 0, startAt: Date.parse('2026-11-02T09:00:00Z') });
    const sandbox = createSalesforceSandbox({ clock, fetch: fetchFn });
    const orgId = sandbox.createOrg().org_id;
    sandbox.setCompanion(orgId, { url: 'http://companion.test', connectionId: 'c', secret: 's' });
    const org = sandbox.org(orgId);
    return { sandbox, orgId, org, batches };
}

const account = (i: number) => ({
    object: 'Account',
    ref: `a${i}`,
    fields: { Name: `Acme ${i}`, BillingCountry: 'Peru' }
});

describe('the package outbox', () => {
    it('announces every trigger run of a transaction, however many, in one call made as the integration user', async () => {
        const { sandbox, orgId, org, batches } = setup();
        // Account, Contact, Account, … : 52 trigger runs, more than a transaction's 50 Queueables.
        const records = Array.from({ length: 26 }, (_, i) => [
            account(i),
            { object: 'Contact', fields: { LastName: `Buyer ${i}`, AccountId: { ref: `a${i}` } } }
        ]).flat();
        const { ids } = sandbox.seed(orgId, { records });
        await sandbox.settle();

        expect(batches.map((b) => b.events.length)).toEqual([52]);
        expect(sandbox.deliveries(orgId).map((d) => d.runAs)).toEqual([org.integrationUserId]);
        expect(batches[0]!.events.every((e) => e.userId === org.adminUserId)).toBe(true);
        const last = sandbox.records(orgId, 'Account').find((a) => a.Id === ids.a25);
        expect(last?.Closebooks_Sync_Status__c).toBeUndefined();
    });

    it('sends 450 accounts saved at once in subscriber batches of 200, 200 and 50', async () => {
        const { sandbox, orgId, batches } = setup();
        sandbox.seed(orgId, { records: Array.from({ length: 450 }, (_, i) => account(i)) });
        await sandbox.settle();

        expect(batches.map((b) => b.events.length)).toEqual([200, 200, 50]);
        expect(new Set(batches.flatMap((b) => b.events.map((e) => e.recordId))).size).toBe(450);
    });

    it('publishes one outbox message per event after commit, carrying the event as sent', async () => {
        const { sandbox, orgId, batches } = setup();
        sandbox.seed(orgId, { records: [account(1), account(2)] });
        await sandbox.settle();

        const outbox = sandbox
            .publishedEvents(orgId)
            .filter((m) => m.channel === '/event/Closebooks_Outbox__e');
        expect(outbox.map((m) => JSON.parse(String(m.payload.Payload__c)) as unknown)).toEqual(
            batches[0]!.events
        );
    });

    it('announces the saved records of a partial-success save and not the refused one', async () => {
        const { sandbox, orgId, org, batches } = setup();
        const { ids } = sandbox.seed(orgId, {
            records: [account(1), account(2), account(3)],
            as: org.users.get(org.integrationUserId)!.username
        });
        await sandbox.settle();
        const admin = org.users.get(org.adminUserId)!.username;
        const { access_token } = sandbox.sessionFor(orgId, admin);
        const rename = (ref: string, Name: string | null) => ({
            attributes: { type: 'Account' },
            Id: ids[ref],
            Name
        });
        const res = await sandbox.app.request('/services/data/v65.0/composite/sobjects', {
            method: 'PATCH',
            headers: {
                authorization: `Bearer ${access_token}`,
                'content-type': 'application/json'
            },
            body: JSON.stringify({
                allOrNone: false,
                records: [rename('a1', 'Renamed 1'), rename('a2', null), rename('a3', 'Renamed 3')]
            })
        });
        const results = (await res.json()) as Array<{ success: boolean }>;
        await sandbox.settle();

        expect(results.map((r) => r.success)).toEqual([true, false, true]);
        expect(batches.flatMap((b) => b.events.map((e) => e.recordId))).toEqual([ids.a1, ids.a3]);
    });

    it('republishes a record saved twice in one transaction under its first event id and sends it once', async () => {
        const { sandbox, orgId, org, batches } = setup();
        const { ids } = sandbox.seed(orgId, {
            records: [account(1)],
            as: org.users.get(org.integrationUserId)!.username
        });
        await sandbox.settle();
        const { access_token } = sandbox.sessionFor(
            orgId,
            org.users.get(org.adminUserId)!.username
        );
        const patch = (referenceId: string, body: Record<string, unknown>) => ({
            method: 'PATCH',
            url: `/services/data/v65.0/sobjects/Account/${ids.a1}`,
            referenceId,
            body
        });
        const res = await sandbox.app.request('/services/data/v65.0/composite', {
            method: 'POST',
            headers: {
                authorization: `Bearer ${access_token}`,
                'content-type': 'application/json'
            },
            body: JSON.stringify({
                allOrNone: true,
                compositeRequest: [
                    patch('name', { Name: 'Renamed' }),
                    patch('phone', { Phone: '1' })
                ]
            })
        });
        expect(res.status).toBe(200);
        await sandbox.settle();

        const outbox = sandbox
            .publishedEvents(orgId)
            .filter((m) => m.channel === '/event/Closebooks_Outbox__e')
            .map((m) => JSON.parse(String(m.payload.Payload__c)) as { eventId: string });
        expect(outbox).toHaveLength(2);
        expect(outbox[1]).toEqual(outbox[0]);
        expect(batches.map((b) => b.events)).toEqual([[outbox[0]]]);
        expect(batches[0]!.events[0]).toMatchObject({ changedFields: ['Name'] });
    });
});
