import { describe, expect, it } from 'vitest';

import { DEMO_SALES_REP } from '../sandbox/demo/sandbox-mode.ts';
import { createApiKey } from '../src/store/api-keys.ts';
import { saveLink } from '../src/store/links.ts';
import { CUSTOMER_OUT_JOB } from '../src/sync/customer/outbound.ts';
import { CONFLICT_RESOLVE_JOB } from '../src/sync/customer/resolve.ts';
import { personsEnv, type PersonsEnv } from './support/persons-env.ts';
import { testBackend, useTestDb } from './support/test-db.ts';

/**
 * Contact persons (F2) past their first sync, against both simulators: a two-way person field
 * edited on both sides waits in the conflict inbox; a pair one side deleted is tombstoned and
 * never brought back; a Contact moved to another Account takes its person along; a new billing
 * contact on the Account becomes the customer's primary person.
 */

let env: PersonsEnv | undefined;
const testDb = useTestDb(async () => {
    await env?.close();
    env = undefined;
});

const meta = { actor: 'test', correlationId: null };

async function admin(e: PersonsEnv, method: 'GET' | 'POST', path: string, body?: unknown) {
    const { token } = await createApiKey(e.db, {
        name: `admin-${Math.random()}`,
        scopes: ['admin:read', 'admin:write']
    });
    const res = await fetch(`${e.server.url}/v1/admin/connections/${e.connectionId}${path}`, {
        method,
        headers: {
            authorization: `Bearer ${token}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' })
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) })
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function tombstones(e: PersonsEnv) {
    return e.db.query<{ side: string; salesforce_contact_id: string; zoho_person_id: string }>(
        'SELECT side, salesforce_contact_id, zoho_person_id FROM contact_person_tombstones'
    );
}

describe(`contact persons: conflicts, tombstones, moves (${testBackend})`, () => {
    it('keeps both values of a phone edited on both sides in the inbox, and writes the chosen one to the person and the Contact', async () => {
        env = await personsEnv(testDb.db);
        const { ann } = await env.addPeople();
        const annPerson = String(env.contact(ann).Zoho_Contact_Person_Id__c);

        await env.editPerson(annPerson, { phone: '+1 555 0300' });
        env.sf.update(env.sfOrg, 'Contact', ann, { Phone: '+1 555 0400' }, DEMO_SALES_REP);
        await env.drained();

        const inbox = await admin(env, 'GET', '/customer-conflicts');
        expect(inbox.status).toBe(200);
        const conflicts = inbox.body.conflicts as Record<string, unknown>[];
        expect(conflicts).toMatchObject([
            {
                accountId: env.accountId,
                contactId: env.customerId,
                salesforceContactId: ann,
                contactPersonId: annPerson,
                zohoField: 'phone',
                salesforceField: 'Phone',
                salesforceValue: '+1 555 0400',
                zohoValue: '+1 555 0300',
                baselineValue: '+1 555 0100',
                resolvedAt: null
            }
        ]);
        // Nothing was overwritten, and a second look adds no second conflict.
        await env.flow.syncContact(env.who, ann);
        expect(env.contact(ann).Phone).toBe('+1 555 0400');
        const person = (await env.persons()).find((p) => p.contact_person_id === annPerson);
        expect(person?.phone).toBe('+1 555 0300');
        expect((await admin(env, 'GET', '/customer-conflicts')).body.conflicts).toHaveLength(1);

        const settled = await admin(
            env,
            'POST',
            `/customer-conflicts/${String(conflicts[0]!.id)}/resolve`,
            { choose: 'zoho' }
        );
        expect(settled.status).toBe(202);
        await env.waitFor(
            async () => {
                const [row] = await env!.db.query<{ n: number }>(
                    "SELECT count(*)::int AS n FROM jobs WHERE kind = $1 AND state = 'done'",
                    [CONFLICT_RESOLVE_JOB]
                );
                return row?.n === 1;
            },
            15_000,
            'the settled conflict to be written'
        );
        await env.drained();
        expect(env.contact(ann).Phone).toBe('+1 555 0300');
        const after = (await env.persons()).find((p) => p.contact_person_id === annPerson);
        expect(after?.phone).toBe('+1 555 0300');
        expect((await admin(env, 'GET', '/customer-conflicts')).body.conflicts).toEqual([]);

        // The settled value is agreed: another pass writes nothing either way.
        const zohoWrites = env.personWrites().length;
        const salesforceWrites = await env.salesforceContactWrites();
        const again = await env.flow.syncContact(env.who, ann);
        expect(again).toMatchObject({ zohoUpdates: 0, salesforceUpdates: 0, conflicts: [] });
        expect(env.personWrites().length).toBe(zohoWrites);
        expect(await env.salesforceContactWrites()).toBe(salesforceWrites);
    });

    it('leaves a Contact whose person was deleted in Zoho without a person id and creates none again', async () => {
        env = await personsEnv(testDb.db);
        const { ann, bob } = await env.addPeople();
        const annPerson = String(env.contact(ann).Zoho_Contact_Person_Id__c);
        const deleted = await env.books.call('DELETE', `/contacts/contactpersons/${annPerson}`);
        expect(deleted.status).toBe(200);

        const outcome = await env.flow.reconcileZohoContact({
            ...env.who,
            zohoOrganizationId: env.zohoOrg,
            zohoContactId: env.customerId
        });
        expect(outcome).toMatchObject({ status: 'reconciled', personsGone: [ann], created: 0 });
        expect(env.contact(ann).Zoho_Contact_Person_Id__c ?? null).toBeNull();
        expect(await tombstones(env)).toEqual([
            { side: 'zoho', salesforce_contact_id: ann, zoho_person_id: annPerson }
        ]);

        // Neither a change of the Contact nor the next pass brings the person back.
        const writes = env.personWrites().length;
        env.sf.update(env.sfOrg, 'Contact', ann, { Phone: '+1 555 0111' }, DEMO_SALES_REP);
        await env.drained();
        await env.flow.syncContact(env.who, bob);
        expect(env.personWrites().length).toBe(writes);
        expect((await env.persons()).map((p) => p.first_name)).toEqual(['Bob']);
        expect(env.contact(ann).Zoho_Contact_Person_Id__c ?? null).toBeNull();
    });

    it('deletes the Zoho person of a Contact deleted in Salesforce at the next sweep, and never brings it back', async () => {
        env = await personsEnv(testDb.db);
        const { ann, bob } = await env.addPeople();
        const annPerson = String(env.contact(ann).Zoho_Contact_Person_Id__c);
        env.sf.remove(env.sfOrg, 'Contact', ann, DEMO_SALES_REP);
        await env.drained();

        await env.runtime.customers.sweep.run(env.connectionId, meta);
        expect((await env.persons()).map((p) => p.first_name)).toEqual(['Bob']);
        expect(await tombstones(env)).toEqual([
            { side: 'salesforce', salesforce_contact_id: ann, zoho_person_id: annPerson }
        ]);
        const [links] = await env.db.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM links WHERE kind = 'contact_person' AND salesforce_id = $1",
            [ann]
        );
        expect(links?.n).toBe(0);

        // The next sweep, an event for the gone Contact and a pass over the customer change nothing.
        const writes = env.personWrites().length;
        await env.runtime.customers.sweep.run(env.connectionId, meta);
        expect(await env.flow.syncContact(env.who, ann)).toEqual({
            status: 'skipped',
            reason: 'contact_missing'
        });
        await env.flow.syncContact(env.who, bob);
        expect(env.personWrites().length).toBe(writes);
        expect((await env.persons()).map((p) => p.first_name)).toEqual(['Bob']);
    });

    it('moves the person of a Contact moved to another Account to that account’s customer', async () => {
        env = await personsEnv(testDb.db);
        const { ann } = await env.addPeople();
        const oldPerson = String(env.contact(ann).Zoho_Contact_Person_Id__c);
        const other = await env.books.post('/contacts', {
            contact_name: 'Other Customer Ltd',
            contact_type: 'customer'
        });
        const otherCustomer = (other.body.contact as { contact_id: string }).contact_id;
        await saveLink(env.db, {
            connectionId: env.connectionId,
            kind: 'customer',
            salesforceId: env.unlinkedAccountId,
            zohoOrganizationId: env.zohoOrg,
            zohoId: otherCustomer,
            dataHash: null
        });

        env.sf.update(
            env.sfOrg,
            'Contact',
            ann,
            { AccountId: env.unlinkedAccountId },
            DEMO_SALES_REP
        );
        const newPerson = await env.waitFor(
            () => {
                const id = env!.contact(ann).Zoho_Contact_Person_Id__c;
                return id && id !== oldPerson ? String(id) : undefined;
            },
            15_000,
            'the new person id on the moved Contact'
        );
        await env.drained();

        expect((await env.persons()).map((p) => p.first_name)).toEqual(['Bob']);
        const moved = await env.books.get(`/contacts/${otherCustomer}/contactpersons`);
        expect(
            (moved.body.contact_persons as Record<string, unknown>[]).map((p) => [
                p.contact_person_id,
                p.first_name,
                p.email
            ])
        ).toEqual([[newPerson, 'Ann', 'ann.lee@acme.test']]);
        const links = await env.db.query<{ zoho_id: string; zoho_parent_id: string }>(
            "SELECT zoho_id, zoho_parent_id FROM links WHERE kind = 'contact_person' AND salesforce_id = $1",
            [ann]
        );
        expect(links).toEqual([{ zoho_id: newPerson, zoho_parent_id: otherCustomer }]);
        expect(await tombstones(env)).toEqual([]);

        // Settled: a second pass on either customer writes nothing.
        const writes = env.personWrites().length;
        await env.flow.syncContact(env.who, ann);
        await env.flow.reconcileZohoContact({
            ...env.who,
            zohoOrganizationId: env.zohoOrg,
            zohoContactId: env.customerId
        });
        expect(env.personWrites().length).toBe(writes);
    });
    it('makes a new billing contact’s person primary in Zoho from the Account change alone', async () => {
        env = await personsEnv(testDb.db);
        const { ann, bob } = await env.addPeople();
        const annPerson = String(env.contact(ann).Zoho_Contact_Person_Id__c);
        const bobPerson = String(env.contact(bob).Zoho_Contact_Person_Id__c);
        const primary = async () =>
            (await env!.persons())
                .filter((p) => p.is_primary_contact)
                .map((p) => p.contact_person_id);
        expect(await primary()).toEqual([bobPerson]);

        env.sf.update(
            env.sfOrg,
            'Account',
            env.accountId,
            { Closebooks_Billing_Contact__c: ann },
            DEMO_SALES_REP
        );
        await env.sf.settle();
        await env.waitFor(
            async () => {
                const [row] = await env!.db.query<{ done: number; waiting: number }>(
                    `SELECT count(*) FILTER (WHERE state = 'done')::int AS done,
                            count(*) FILTER (WHERE state IN ('queued', 'running', 'retrying'))::int AS waiting
                     FROM jobs WHERE kind = $1 AND payload->'event'->>'recordId' = $2`,
                    [CUSTOMER_OUT_JOB, env!.accountId]
                );
                return (row && row.done > 0 && row.waiting === 0) || undefined;
            },
            15_000,
            'the account change to be handled'
        );
        expect(await primary()).toEqual([annPerson]);
    });
});
