import { Hono, type Context } from 'hono';
import { z } from 'zod';

import { scope } from '../api.ts';
import { readBody } from '../body.ts';
import { addressSchema, buildPersons, personSchema, renderPerson } from '../contacts-model.ts';
import type { ApiEnv, SandboxDeps } from '../deps.ts';
import { zohoErrors } from '../errors.ts';
import { paginate } from '../list.ts';
import type { Contact } from '../state.ts';
import { idString, ok } from './common.ts';

const createSchema = personSchema.extend({
    contact_id: idString,
    first_name: z.string().min(1).max(100)
});

function contactById(c: Context<ApiEnv>, id: string | undefined): Contact {
    const contact = c.get('data').contacts.get(id ?? '');
    if (!contact) throw zohoErrors.notFound('Contact');
    return contact;
}

function personOwner(c: Context<ApiEnv>, personId: string): Contact {
    const contact = [...c.get('data').contacts.values()].find((x) =>
        x.contact_persons.some((p) => p.contact_person_id === personId)
    );
    if (!contact) throw zohoErrors.notFound('Contact person');
    return contact;
}

function setPrimary(contact: Contact, personId: string) {
    for (const p of contact.contact_persons)
        p.is_primary_contact = p.contact_person_id === personId;
}

/** Contact persons and addresses (reference §6.2, §6.3); responses carry objects, not arrays. */
export function contactPersonRoutes(deps: SandboxDeps) {
    const touch = (contact: Contact) => {
        contact.modified = deps.clock.now();
    };
    return new Hono<ApiEnv>()
        .post('/contacts/contactpersons', scope('contacts', 'CREATE'), async (c) => {
            const body = await readBody(c, createSchema);
            const contact = contactById(c, body.contact_id);
            const [person] = buildPersons(
                [{ ...body, contact_person_id: undefined }],
                [],
                deps.state.nextId
            );
            if (!person) throw zohoErrors.invalidValue('first_name');
            person.is_primary_contact =
                contact.contact_persons.length === 0 || body.is_primary_contact === true;
            contact.contact_persons.push(person);
            if (person.is_primary_contact) setPrimary(contact, person.contact_person_id);
            touch(contact);
            return ok(
                c,
                'The contactperson has been Created',
                { contact_person: renderPerson(person) },
                201
            );
        })
        .put('/contacts/contactpersons/:pid', scope('contacts', 'UPDATE'), async (c) => {
            const body = await readBody(c, createSchema);
            const contact = personOwner(c, c.req.param('pid'));
            if (contact.contact_id !== body.contact_id) throw zohoErrors.invalidValue('contact_id');
            const [person] = buildPersons(
                [{ ...body, contact_person_id: c.req.param('pid') }],
                contact.contact_persons,
                deps.state.nextId
            );
            if (!person) throw zohoErrors.invalidValue('first_name');
            contact.contact_persons = contact.contact_persons.map((p) =>
                p.contact_person_id === person.contact_person_id
                    ? { ...person, is_primary_contact: p.is_primary_contact }
                    : p
            );
            if (body.is_primary_contact) setPrimary(contact, person.contact_person_id);
            touch(contact);
            return ok(c, 'The contactperson details has been updated.', {
                contact_person: renderPerson(person)
            });
        })
        .delete('/contacts/contactpersons/:pid', scope('contacts', 'DELETE'), (c) => {
            const contact = personOwner(c, c.req.param('pid'));
            contact.contact_persons = contact.contact_persons.filter(
                (p) => p.contact_person_id !== c.req.param('pid')
            );
            touch(contact);
            return ok(c, 'The contact person has been deleted.');
        })
        .post('/contacts/contactpersons/:pid/primary', scope('contacts', 'CREATE'), (c) => {
            const contact = personOwner(c, c.req.param('pid'));
            setPrimary(contact, c.req.param('pid'));
            touch(contact);
            return ok(c, 'This contact person has been marked as your primary contact person.');
        })
        .get('/contacts/:id/contactpersons', scope('contacts', 'READ'), (c) => {
            const contact = contactById(c, c.req.param('id'));
            const page = paginate(c, contact.contact_persons.map(renderPerson), {
                reportName: 'Contact Persons',
                sortColumns: ['first_name', 'last_name', 'email'],
                defaultSort: 'first_name',
                defaultOrder: 'A'
            });
            return ok(c, 'success', {
                contact_persons: page.rows,
                page_context: page.page_context
            });
        })
        .get('/contacts/:id/contactpersons/:pid', scope('contacts', 'READ'), (c) => {
            const person = contactById(c, c.req.param('id')).contact_persons.find(
                (p) => p.contact_person_id === c.req.param('pid')
            );
            if (!person) throw zohoErrors.notFound('Contact person');
            return ok(c, 'success', { contact_person: renderPerson(person) });
        })
        .get('/contacts/:id/address', scope('contacts', 'READ'), (c) =>
            ok(c, 'success', { addresses: contactById(c, c.req.param('id')).addresses })
        )
        .post('/contacts/:id/address', scope('contacts', 'CREATE'), async (c) => {
            const contact = contactById(c, c.req.param('id'));
            const address = {
                ...(await readBody(c, addressSchema)),
                address_id: deps.state.nextId()
            };
            contact.addresses.push(address);
            touch(contact);
            return ok(c, 'The address has been created.', { address_info: address }, 201);
        })
        .put('/contacts/:id/address/:aid', scope('contacts', 'UPDATE'), async (c) => {
            const contact = contactById(c, c.req.param('id'));
            const i = contact.addresses.findIndex((a) => a.address_id === c.req.param('aid'));
            if (i < 0) throw zohoErrors.notFound('Address');
            const address = {
                ...(await readBody(c, addressSchema)),
                address_id: c.req.param('aid')
            };
            contact.addresses[i] = address;
            touch(contact);
            return ok(c, 'The address has been updated.', { address_info: address });
        })
        .delete('/contacts/:id/address/:aid', scope('contacts', 'DELETE'), (c) => {
            const contact = contactById(c, c.req.param('id'));
            const before = contact.addresses.length;
            contact.addresses = contact.addresses.filter(
                (a) => a.address_id !== c.req.param('aid')
            );
            if (contact.addresses.length === before) throw zohoErrors.notFound('Address');
            touch(contact);
            return ok(c, 'The address has been deleted.');
        });
}
