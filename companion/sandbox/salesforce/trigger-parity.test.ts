import { describe, expect, it } from 'vitest';

import type { SalesforceEventBatch } from '../../src/contracts/salesforce-events.ts';
import { createSandboxClock } from '../clock.ts';
import { createSalesforceSandbox } from './salesforce-sandbox.ts';
import { Transaction } from './records.ts';
import { packageName } from './schema/types.ts';
import { recordSyncStatus } from './sync-status.ts';
import { scenarioOrg } from './test-support/scenario-org.ts';
import { loadScenarioTable, type TriggerScenario } from './test-support/trigger-scenarios.ts';

/**
 * The simulator's stand-in for the package's triggers, outbox, Queueable and finalizer, held to the
 * package's own scenario table, every row, as an org with both packages (in Apex the main
 * package's TriggerScenarioParityTest runs the rows that need no Quote, the Closebooks Quotes
 * extension's QuoteTriggerScenarioParityTest the others).
 */
const table = loadScenarioTable();
const START = Date.parse('2026-11-02T09:00:00.000Z');
const MINUTE = 60_000;

type Answer = { status: number; body: string } | { status: null; error: string };

/** A companion per connection id: answers from a script (then 202), keeping what it was sent. */
function companions() {
    const scripts = new Map<string, { answers: Answer[]; batches: SalesforceEventBatch[] }>();
    const fetchFn: typeof fetch = async (_input, init) => {
        const connection = new Headers(init?.headers).get('x-closebooks-connection') ?? '';
        const script = scripts.get(connection);
        if (!script) throw new Error(`no companion for connection ${connection}`);
        script.batches.push(JSON.parse(String(init?.body)) as SalesforceEventBatch);
        const answer = script.answers.shift() ?? { status: 202, body: '{"accepted":1}' };
        if (answer.status === null) throw new Error(answer.error);
        return new Response(answer.body, {
            status: answer.status,
            headers: { 'content-type': 'application/json' }
        });
    };
    const add = (connectionId: string, answers: Answer[] = []) => {
        const script = { answers: [...answers], batches: [] as SalesforceEventBatch[] };
        scripts.set(connectionId, script);
        return { target: { url: 'http://companion.test', connectionId, secret: 's' }, ...script };
    };
    return { fetch: fetchFn, add };
}

function setup() {
    const clock = createSandboxClock({ scale: 0, startAt: START });
    const fake = companions();
    return { sandbox: createSalesforceSandbox({ clock, fetch: fake.fetch }), fake, clock };
}

function statusOf(env: ReturnType<typeof setup>, orgId: string, id: string) {
    const record = ['Opportunity', 'Account', 'Contact', 'Quote']
        .flatMap((object) => env.sandbox.records(orgId, object))
        .find((r) => r.Id === id);
    return {
        Closebooks_Sync_Status__c: record?.Closebooks_Sync_Status__c ?? null,
        Closebooks_Sync_Message__c: record?.Closebooks_Sync_Message__c ?? null
    };
}

type ScenarioOrg = ReturnType<typeof scenarioOrg>;

/**
 * A change saved with partial success, as `Database.update(records, false)`: one sObject
 * Collections call with allOrNone false, made by the actor over REST (package fields prefixed,
 * as a subscriber org names them).
 */
async function saveWithPartialSuccess(
    env: ReturnType<typeof setup>,
    org: ScenarioOrg,
    scenario: TriggerScenario,
    actor: string
) {
    const { change } = scenario;
    if (change.op !== 'update') throw new Error('partial-success inserts are not run here');
    const prefixed = (fields: Record<string, unknown>) =>
        Object.fromEntries(
            Object.entries(fields).map(([name, value]) => [
                packageName(org.org.schema, name),
                value
            ])
        );
    const records = Array.from({ length: scenario.units ?? 1 }).flatMap((_, unit) =>
        change.records.map((r) => ({
            attributes: { type: packageName(org.org.schema, change.object) },
            Id: org.idOf(r.ref, unit),
            ...prefixed(org.fieldsOf(r.fields, unit))
        }))
    );
    const { access_token } = env.sandbox.sessionFor(org.orgId, actor);
    const res = await env.sandbox.app.request('/services/data/v65.0/composite/sobjects', {
        method: 'PATCH',
        headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ allOrNone: false, records })
    });
    expect(res.status).toBe(200);
}

describe('the package trigger scenario table, run against the simulator', () => {
    it('covers at least 12 trigger scenarios, quote and won under each Invoice_Trigger__c', () => {
        expect(table.triggerScenarios.length).toBeGreaterThanOrEqual(12);
        for (const setting of ['Closed_Won', 'Quote_Accepted'])
            for (const object of ['Quote', 'Opportunity'])
                expect(
                    table.triggerScenarios.some(
                        (s) =>
                            (s.settings?.Invoice_Trigger__c ?? 'Closed_Won') === setting &&
                            s.change.object === object
                    )
                ).toBe(true);
    });

    it.each(table.triggerScenarios)('$name', async (scenario) => {
        const env = setup();
        const units = scenario.units ?? 1;
        const org = scenarioOrg(env.sandbox, table, scenario, units);
        const companion = env.fake.add(org.orgId);
        env.sandbox.setCompanion(org.orgId, companion.target);
        const actorId = scenario.change.as ? org.org.integrationUserId : org.org.adminUserId;
        const actor = org.org.users.get(actorId)!.username;
        await env.sandbox.settle();
        const { change } = scenario;
        if (change.allOrNone === false) await saveWithPartialSuccess(env, org, scenario, actor);
        else if (change.op === 'insert')
            org.insert([...change.records.map((r) => ({ ...r, object: change.object }))], actor);
        else
            env.sandbox.updateMany(
                org.orgId,
                change.object,
                Array.from({ length: units }).flatMap((_, unit) =>
                    change.records.map((r) => ({
                        Id: org.idOf(r.ref, unit),
                        ...org.fieldsOf(r.fields, unit)
                    }))
                ),
                actor
            );
        await env.sandbox.settle();

        const expected = scenario.expect;
        const sizes =
            expected.batchSizes ??
            (expected.events.length > 0 ? [expected.events.length * units] : []);
        expect(companion.batches.map((b) => b.events.length)).toEqual(sizes);
        expect(sizes.every((size) => size <= table.maxEventsPerCall)).toBe(true);
        const sent = companion.batches.flatMap((b) => b.events);
        const want = Array.from({ length: units }).flatMap((_, unit) =>
            expected.events.map((e) => {
                const recordId = org.idOf(e.record, unit);
                return {
                    eventId: table.eventId
                        .replace('{recordId}', recordId)
                        .replace('{type}', e.type)
                        .replace('{occurredAtMillis}', String(env.clock.now())),
                    type: e.type,
                    objectType: org.org.store.objectOf(recordId),
                    recordId,
                    occurredAt: new Date(env.clock.now()).toISOString(),
                    userId: actorId,
                    ...(e.changedFields ? { changedFields: e.changedFields } : {})
                };
            })
        );
        expect(sent).toEqual(want);
        for (const [ref, fields] of Object.entries(expected.records ?? {}))
            for (let unit = 0; unit < units; unit++)
                expect(statusOf(env, org.orgId, org.idOf(ref, unit))).toEqual({
                    Closebooks_Sync_Status__c: fields.Closebooks_Sync_Status__c,
                    Closebooks_Sync_Message__c: org.expectedMessage(
                        fields.Closebooks_Sync_Message__c
                    )
                });
    });

    it.each(table.deliveryScenarios)('$name', async (scenario) => {
        const env = setup();
        const org = scenarioOrg(env.sandbox, table, scenario);
        const companion = env.fake.add(org.orgId, scenario.answers);
        env.sandbox.setCompanion(org.orgId, companion.target);
        await env.sandbox.settle();
        const start = env.clock.now();
        const recordId = org.idOf(scenario.event.record, 0);
        const { batchId } = env.sandbox.sendEvents(org.orgId, [
            {
                eventId: `${recordId}:${scenario.event.type}:${start}`,
                type: scenario.event.type,
                objectType: org.org.store.objectOf(recordId) as 'Opportunity',
                recordId,
                occurredAt: new Date(start).toISOString(),
                userId: org.org.adminUserId,
                ...(scenario.event.changedFields
                    ? { changedFields: scenario.event.changedFields }
                    : {})
            }
        ]);
        const attempts = () => env.sandbox.deliveries(org.orgId);

        for (const [i, step] of scenario.expect.attempts.entries()) {
            const due = start + step.atMinute * MINUTE;
            if (due > env.clock.now()) {
                env.clock.set(due - 1);
                await env.sandbox.settle();
                expect(
                    attempts(),
                    `attempt ${i + 1} waits for minute ${step.atMinute}`
                ).toHaveLength(i);
                env.clock.set(due);
            }
            await env.sandbox.settle();
            expect(attempts()).toHaveLength(i + 1);
            expect(attempts()[i]).toMatchObject({
                attempt: i + 1,
                batchId,
                delivered: step.delivered,
                startedAt: new Date(due).toISOString()
            });
            for (const [ref, fields] of Object.entries(step.records))
                expect(statusOf(env, org.orgId, org.idOf(ref, 0))).toEqual({
                    Closebooks_Sync_Status__c: fields.Closebooks_Sync_Status__c,
                    Closebooks_Sync_Message__c: org.expectedMessage(
                        fields.Closebooks_Sync_Message__c
                    )
                });
            // The companion's write-back between attempts, as the package's own status writes.
            for (const [ref, fields] of Object.entries(step.companionWrites ?? {}))
                recordSyncStatus(
                    org.org,
                    { tx: new Transaction(), userId: org.org.integrationUserId, now: due },
                    new Map([
                        [org.idOf(ref, 0), org.expectedMessage(fields.Closebooks_Sync_Message__c)]
                    ]),
                    String(fields.Closebooks_Sync_Status__c)
                );
        }
        env.clock.advance(60 * MINUTE);
        await env.sandbox.settle();
        expect(attempts(), 'no attempt after the last one').toHaveLength(
            scenario.expect.attempts.length
        );
        expect(new Set(companion.batches.map((b) => b.batchId))).toEqual(new Set([batchId]));
    });
});
