import { Hono, type Context } from 'hono';

import { scope } from '../api.ts';
import { readBody } from '../body.ts';
import { assertUnique } from '../custom-fields.ts';
import {
    buildContact,
    contactSchema,
    outstanding,
    renderContact,
    type ContactInput
} from '../contacts-model.ts';
import type { ApiEnv, SandboxDeps } from '../deps.ts';
import { zohoErrors } from '../errors.ts';
import { modifiedAfter, paginate, textFilters } from '../list.ts';
import type { Contact } from '../state.ts';
import { resolveUpsert } from '../upsert.ts';
import { ok, omit } from './common.ts';

const FILTERS: Record<string, (c: Contact, balance: number) => boolean> = {
    'Status.All': () => true,
    'Status.Active': (c) => c.status === 'active',
    'Status.Inactive': (c) => c.status === 'inactive',
    'Status.Duplicate': () => false,
    'Status.PortalEnabled': () => false,
    'Status.PortalDisabled': () => true,
    'Status.Crm': () => false,
    'Status.CreditLimitExceed': () => false,
    'Invoice.Unpaid': (_c, balance) => balance > 0,
    'Invoice.OverDue': (_c, balance) => balance > 0
};

function contactFor(c: Context<ApiEnv>): Contact {
    const contact = c.get('data').contacts.get(c.req.param('id') ?? '');
    if (!contact) throw zohoErrors.notFound('Contact');
    return contact;
}

/** Contacts (reference §6.2, §3.5), including the unique-key upsert `PUT /contacts`. */
export function contactRoutes(deps: SandboxDeps) {
    const save = (c: Context<ApiEnv>, input: ContactInput, previous?: Contact) => {
        const data = c.get('data');
        const contact = buildContact(
            data,
            input,
            { now: deps.clock.now(), nextId: deps.state.nextId },
            previous
        );
        const others = [...data.contacts.values()].map((x) => ({
            id: x.contact_id,
            custom_fields: x.custom_fields
        }));
        assertUnique(data, 'contact', contact.custom_fields, others, contact.contact_id);
        data.contacts.set(contact.contact_id, contact);
        const rendered = renderContact(data, contact);
        deps.webhooks.emit(
            data.org.organization_id,
            'contact',
            previous ? 'edited' : 'created',
            rendered
        );
        return rendered;
    };
    return new Hono<ApiEnv>()
        .post('/contacts', scope('contacts', 'CREATE'), async (c) =>
            ok(
                c,
                'The contact has been created',
                { contact: save(c, await readBody(c, contactSchema)) },
                201
            )
        )
        .put('/contacts', scope('contacts', 'UPDATE'), async (c) => {
            const data = c.get('data');
            const target = resolveUpsert(
                c,
                'contact',
                [...data.contacts.values()].map((x) => ({
                    id: x.contact_id,
                    custom_fields: x.custom_fields
                }))
            );
            if (target.kind === 'missing') throw zohoErrors.notFound('Contact');
            const body = await readBody(c, contactSchema.required({ contact_type: true }));
            if (target.kind === 'update')
                return ok(c, 'Contact has been updated successfully', {
                    contact: save(c, body, data.contacts.get(target.id))
                });
            return ok(
                c,
                'The contact has been created',
                {
                    contact: save(c, body)
                },
                201
            );
        })
        .get('/contacts', scope('contacts', 'READ'), (c) => {
            const data = c.get('data');
            const filterBy = c.req.query('filter_by') ?? 'Status.All';
            const filter = FILTERS[filterBy];
            if (!filter) throw zohoErrors.invalidValue('filter_by');
            const type = c.req.query('contact_type');
            if (type !== undefined && type !== 'customer' && type !== 'vendor')
                throw zohoErrors.invalidValue('contact_type');
            let rows = [...data.contacts.values()].filter(
                (x) =>
                    filter(x, outstanding(data, x.contact_id)) && (!type || x.contact_type === type)
            );
            const primary = (x: Contact) => x.contact_persons.find((p) => p.is_primary_contact);
            rows = textFilters(c, rows, {
                contact_name: (x) => [x.contact_name],
                company_name: (x) => [String(x.extra.company_name ?? '')],
                first_name: (x) => [primary(x)?.first_name ?? ''],
                last_name: (x) => [String(primary(x)?.last_name ?? '')],
                email: (x) => [primary(x)?.email ?? ''],
                phone: (x) => [String(primary(x)?.phone ?? '')],
                address: (x) => [x.billing_address?.address ?? ''],
                search_text: (x) => [
                    x.contact_name,
                    String(x.extra.notes ?? ''),
                    String(x.extra.company_name ?? '')
                ]
            });
            rows = modifiedAfter(c, rows);
            const rendered = rows.map((x) =>
                omit(renderContact(data, x), [
                    'contact_persons',
                    'addresses',
                    'billing_address',
                    'shipping_address'
                ])
            );
            const page = paginate(c, rendered, {
                reportName: 'Contacts',
                sortColumns: [
                    'contact_name',
                    'first_name',
                    'last_name',
                    'email',
                    'outstanding_receivable_amount',
                    'created_time',
                    'last_modified_time'
                ],
                defaultSort: 'contact_name',
                defaultOrder: 'A',
                appliedFilter: filterBy
            });
            return ok(c, 'success', { contacts: page.rows, page_context: page.page_context });
        })
        .get('/contacts/:id{\\d+}', scope('contacts', 'READ'), (c) =>
            ok(c, 'success', { contact: renderContact(c.get('data'), contactFor(c)) })
        )
        .put('/contacts/:id{\\d+}', scope('contacts', 'UPDATE'), async (c) => {
            const previous = contactFor(c);
            const body = await readBody(c, contactSchema);
            return ok(c, 'Contact has been updated successfully', {
                contact: save(c, body, previous)
            });
        })
        .delete('/contacts/:id{\\d+}', scope('contacts', 'DELETE'), (c) => {
            const data = c.get('data');
            const contact = contactFor(c);
            const owns = (r: { customer_id: string }) => r.customer_id === contact.contact_id;
            if (
                [
                    ...data.invoices.values(),
                    ...data.creditNotes.values(),
                    ...data.payments.values()
                ].some(owns)
            )
                throw zohoErrors.invalidValue('contact_id');
            const rendered = renderContact(data, contact);
            data.contacts.delete(contact.contact_id);
            deps.webhooks.emit(data.org.organization_id, 'contact', 'deleted', rendered);
            return ok(c, 'The contact has been deleted.');
        })
        .post('/contacts/:id{\\d+}/:state{active|inactive}', scope('contacts', 'CREATE'), (c) => {
            const contact = contactFor(c);
            contact.status = c.req.param('state') as Contact['status'];
            contact.modified = deps.clock.now();
            return ok(c, `The contact has been marked as ${contact.status}.`);
        });
}
