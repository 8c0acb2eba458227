import { describe, expect, it } from 'vitest';

import { DEMO_SALES_REP } from '../sandbox/demo/sandbox-mode.ts';
import { CONTACT_PERSON_JOB } from '../src/sync/customer/contact-persons/index.ts';
import { personsEnv, type PersonsEnv } from './support/persons-env.ts';
import { testBackend, useTestDb } from './support/test-db.ts';

/**
 * Contacts ↔ Zoho contact persons (F2) end to end against both simulators: Contacts of a linked
 * Account become persons of its customer, a change on either side reaches the other exactly
 * once, and nothing comes back.
 */

type Env = PersonsEnv;
let env: Env | undefined;
const testDb = useTestDb(async () => {
    await env?.close();
    env = undefined;
});

describe(`contact persons both ways (${testBackend})`, () => {
    it('turns new Contacts into contact persons, writes their ids back and makes the billing contact primary', async () => {
        env = await personsEnv(testDb.db);
        const { ann, bob } = await env.addPeople();

        const persons = await env.persons();
        expect(
            persons.map((p) => [p.first_name, p.last_name, p.email, p.phone, p.is_primary_contact])
        ).toEqual([
            ['Ann', 'Lee', 'ann.lee@acme.test', '+1 555 0100', false],
            ['Bob', 'Stone', 'bob@acme.test', '', true]
        ]);
        const annPerson = persons.find((p) => p.first_name === 'Ann')?.contact_person_id;
        const bobPerson = persons.find((p) => p.first_name === 'Bob')?.contact_person_id;
        expect(env.contact(ann).Zoho_Contact_Person_Id__c).toBe(annPerson);
        expect(env.contact(bob).Zoho_Contact_Person_Id__c).toBe(bobPerson);
        const links = await env.db.query<{ salesforce_id: string; zoho_id: string }>(
            "SELECT salesforce_id, zoho_id FROM links WHERE kind = 'contact_person' ORDER BY zoho_id"
        );
        expect(links.map((l) => [l.salesforce_id, l.zoho_id]).sort()).toEqual(
            [
                [ann, annPerson],
                [bob, bobPerson]
            ].sort()
        );
    });

    it('sends a Salesforce phone change to Zoho once, writes nothing for a repeated event, and clears a cleared phone', async () => {
        env = await personsEnv(testDb.db);
        const { ann } = await env.addPeople();
        const zohoBefore = env.personWrites().length;
        const salesforceBefore = await env.salesforceContactWrites();

        env.sf.update(env.sfOrg, 'Contact', ann, { Phone: '+1 555 0199' }, DEMO_SALES_REP);
        const person = await env.waitFor(
            async () => (await env!.persons()).find((p) => p.phone === '+1 555 0199'),
            15_000,
            'the new phone in Zoho'
        );
        await env.drained();
        expect(person.first_name).toBe('Ann');
        expect(env.personWrites().slice(zohoBefore)).toEqual([
            { method: 'PUT', path: expect.stringMatching(/\/contacts\/contactpersons\/\d+$/) }
        ]);
        expect(await env.salesforceContactWrites()).toBe(salesforceBefore);

        // The same change announced again (a retried Queueable): the job runs and writes nothing.
        const done = await env.doneJobs();
        env.sf.sendEvents(env.sfOrg, [
            {
                eventId: `${ann}:contact.changed:again`,
                type: 'contact.changed',
                objectType: 'Contact',
                recordId: ann,
                occurredAt: new Date(env.clock.now()).toISOString(),
                userId: env.sf.org(env.sfOrg).adminUserId,
                changedFields: ['Phone']
            }
        ]);
        await env.waitFor(async () => (await env!.doneJobs()) > done, 15_000, 'the repeated event');
        expect(env.personWrites().length).toBe(zohoBefore + 1);
        expect(await env.salesforceContactWrites()).toBe(salesforceBefore);

        // A phone cleared in Salesforce is cleared in Zoho too.
        env.sf.update(env.sfOrg, 'Contact', ann, { Phone: null }, DEMO_SALES_REP);
        await env.waitFor(
            async () =>
                (await env!.persons()).find((p) => p.first_name === 'Ann' && p.phone === ''),
            15_000,
            'the cleared phone in Zoho'
        );
    });

    it('brings a Zoho e-mail change to the Contact with one Salesforce write and nothing back to Zoho', async () => {
        env = await personsEnv(testDb.db);
        const { ann } = await env.addPeople();
        const annPerson = String(env.contact(ann).Zoho_Contact_Person_Id__c);
        await env.editPerson(annPerson, { email: 'ann@lee-family.test' });
        const zohoBefore = env.personWrites().length;
        const salesforceBefore = await env.salesforceContactWrites();

        const outcome = await env.flow.reconcileZohoContact({
            ...env.who,
            zohoOrganizationId: env.zohoOrg,
            zohoContactId: env.customerId
        });
        expect(outcome).toMatchObject({
            status: 'reconciled',
            salesforceUpdates: 1,
            zohoUpdates: 0
        });
        expect(env.contact(ann).Email).toBe('ann@lee-family.test');
        expect(await env.salesforceContactWrites()).toBe(salesforceBefore + 1);
        expect(env.personWrites().length).toBe(zohoBefore);

        // The write was the integration user's: no Contact event, and a second pass is quiet.
        await env.drained();
        const [jobs] = await env.db.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM jobs WHERE kind = $1',
            [CONTACT_PERSON_JOB]
        );
        const again = await env.flow.reconcileZohoContact({
            ...env.who,
            zohoOrganizationId: env.zohoOrg,
            zohoContactId: env.customerId
        });
        expect(again).toMatchObject({ salesforceUpdates: 0, zohoUpdates: 0 });
        expect(env.personWrites().length).toBe(zohoBefore);
        const [jobsAfter] = await env.db.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM jobs WHERE kind = $1',
            [CONTACT_PERSON_JOB]
        );
        expect(jobsAfter?.n).toBe(jobs?.n);
    });

    it('reports a Contact Zoho cannot take and still brings in the others', async () => {
        env = await personsEnv(testDb.db);
        const { ann } = await env.addPeople();
        const { ids } = env.sf.seed(env.sfOrg, {
            as: DEMO_SALES_REP,
            records: [
                {
                    object: 'Contact',
                    ref: 'nameless',
                    fields: { LastName: 'Okafor', AccountId: env.accountId }
                },
                {
                    object: 'Contact',
                    ref: 'eve',
                    // Salesforce takes it; Zoho refuses the double dot.
                    fields: {
                        FirstName: 'Eve',
                        LastName: 'Ng',
                        Email: 'eve..ops@acme.test',
                        AccountId: env.accountId
                    }
                },
                {
                    object: 'Contact',
                    ref: 'dee',
                    fields: { FirstName: 'Dee', LastName: 'Park', AccountId: env.accountId }
                }
            ]
        });
        await env.drained();

        const outcome = await env.flow.syncContact(env.who, ann);
        expect(outcome).toMatchObject({
            status: 'reconciled',
            problems: [
                { salesforceId: ids.nameless, code: 'first_name_required' },
                { salesforceId: ids.eve, code: 'zoho_validation_failed' }
            ]
        });
        expect((await env.persons()).map((p) => p.first_name)).toEqual(['Ann', 'Bob', 'Dee']);
        expect(env.contact(ids.dee as string).Zoho_Contact_Person_Id__c).toMatch(/^\d+$/);
        for (const id of [ids.nameless, ids.eve])
            expect(env.contact(id as string).Zoho_Contact_Person_Id__c ?? null).toBeNull();
    });

    it('answers that the customer is gone when Zoho no longer has it, creating nothing', async () => {
        env = await personsEnv(testDb.db);
        const { ann } = await env.addPeople();
        const deleted = await env.books.call('DELETE', `/contacts/${env.customerId}`);
        expect(deleted.status).toBe(200);
        const writes = env.personWrites().length;

        const outcome = await env.flow.syncContact(env.who, ann);
        expect(outcome).toEqual({ status: 'customer_missing' });
        expect(env.personWrites().length).toBe(writes);
    });

    it('leaves the persons of an Account not linked yet to that account’s own sync', async () => {
        env = await personsEnv(testDb.db);
        const { ids } = env.sf.seed(env.sfOrg, {
            as: DEMO_SALES_REP,
            records: [
                {
                    object: 'Contact',
                    ref: 'cy',
                    fields: {
                        FirstName: 'Cy',
                        LastName: 'Young',
                        Email: 'cy@other.test',
                        AccountId: env.unlinkedAccountId
                    }
                }
            ]
        });
        await env.drained();
        const outcome = await env.flow.syncContact(env.who, ids.cy as string);
        expect(outcome).toEqual({ status: 'skipped', reason: 'account_not_linked' });
        expect(env.personWrites()).toEqual([]);
        expect(env.contact(ids.cy as string).Zoho_Contact_Person_Id__c ?? null).toBeNull();
    });
});
