import { actionResponseSchema } from '../schemas/common.ts';
import {
    contactPersonResponseSchema,
    contactResponseSchema,
    contactsResponseSchema
} from '../schemas/responses.ts';
import type { Contact, ContactPerson, ContactRow } from '../schemas/contacts.ts';
import type { Address } from '../schemas/common.ts';
import {
    listPage,
    allPages,
    call,
    type CallOptions,
    type CustomFieldInput,
    type Filters,
    type ResourceContext
} from './common.ts';
import { recordCalls, type UniqueUpsert } from './record.ts';

/** Contacts and contact persons (reference §6.2, §6.3, §3.5). */

export type ContactPersonInput = {
    first_name: string;
    last_name?: string;
    email?: string;
    phone?: string;
    mobile?: string;
    salutation?: string;
    designation?: string;
    department?: string;
    is_primary_contact?: boolean;
};

export type ContactInput = {
    contact_name: string;
    contact_type: 'customer' | 'vendor';
    company_name?: string;
    customer_sub_type?: 'business' | 'individual';
    currency_id?: string;
    payment_terms?: number;
    payment_terms_label?: string;
    billing_address?: Omit<Address, 'address_id'>;
    shipping_address?: Omit<Address, 'address_id'>;
    contact_persons?: (ContactPersonInput & { contact_person_id?: string })[];
    custom_fields?: CustomFieldInput[];
    notes?: string;
    website?: string;
} & Record<string, unknown>;

/** `GET /contacts` filters: `contact_name`, `email`, `search_text`, `last_modified_time`, … */
export type ContactFilters = Filters & {
    contact_type?: 'customer' | 'vendor';
    filter_by?: string;
    search_text?: string;
    last_modified_time?: string;
    sort_column?: string;
};

export function contactsResource(ctx: ResourceContext) {
    const list = listPage<typeof contactsResponseSchema, ContactFilters, ContactRow>(
        ctx,
        '/contacts',
        contactsResponseSchema,
        (d) => d.contacts
    );
    const record = recordCalls<typeof contactResponseSchema, Contact, ContactInput>(
        ctx,
        '/contacts',
        contactResponseSchema,
        (d) => d.contact
    );
    return {
        async create(body: ContactInput, options?: CallOptions): Promise<Contact> {
            const { data } = await call(
                ctx,
                { method: 'POST', path: '/contacts', body, schema: contactResponseSchema },
                options
            );
            return data.contact;
        },
        update: record.update,
        get: record.get,
        list,
        /** Every matching contact, fetched a page at a time as the caller iterates. */
        listAll: (filters: ContactFilters = {}, options?: CallOptions) =>
            allPages((n) => list(filters, n, options)),
        /**
         * Updates the contact whose unique custom field `key` holds `value`, or creates it
         * (`create`, default true). Safe to repeat: the key makes it idempotent.
         */
        async upsertByUniqueField(
            input: UniqueUpsert<ContactInput>,
            options?: CallOptions
        ): Promise<{ contact: Contact; created: boolean }> {
            const { record: contact, created } = await record.upsert(input, options);
            return { contact, created };
        }
    };
}

export function contactPersonsResource(ctx: ResourceContext) {
    return {
        async create(
            contactId: string,
            body: ContactPersonInput,
            options?: CallOptions
        ): Promise<ContactPerson | undefined> {
            const { data } = await call(
                ctx,
                {
                    method: 'POST',
                    path: '/contacts/contactpersons',
                    body: { ...body, contact_id: contactId },
                    schema: contactPersonResponseSchema
                },
                options
            );
            return data.contact_person;
        },
        async update(
            contactId: string,
            contactPersonId: string,
            body: ContactPersonInput,
            options?: CallOptions
        ): Promise<ContactPerson | undefined> {
            const { data } = await call(
                ctx,
                {
                    method: 'PUT',
                    path: `/contacts/contactpersons/${contactPersonId}`,
                    body: { ...body, contact_id: contactId },
                    schema: contactPersonResponseSchema
                },
                options
            );
            return data.contact_person;
        },
        /** Deletes a contact person (`DELETE /contacts/contactpersons/{id}`, reference §6.3). */
        async delete(contactPersonId: string, options?: CallOptions): Promise<void> {
            await call(
                ctx,
                {
                    method: 'DELETE',
                    path: `/contacts/contactpersons/${contactPersonId}`,
                    schema: actionResponseSchema
                },
                options
            );
        },
        /** Makes the person its contact's primary contact person (the others stop being it). */
        async markPrimary(contactPersonId: string, options?: CallOptions): Promise<void> {
            await call(
                ctx,
                {
                    method: 'POST',
                    path: `/contacts/contactpersons/${contactPersonId}/primary`,
                    schema: actionResponseSchema
                },
                options
            );
        }
    };
}
