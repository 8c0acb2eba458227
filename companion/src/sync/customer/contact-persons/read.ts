import { z } from 'zod';

import type { SalesforceClient } from '../../../salesforce/connection.ts';
import { queryAll } from '../../../salesforce/query.ts';
import { soql, soqlFields, soqlId } from '../../../salesforce/soql.ts';
import type { ZohoClient } from '../../../zoho/client.ts';
import { ZohoNotFoundError } from '../../../zoho/errors.ts';
import type { Contact, ContactPerson } from '../../../zoho/schemas/contacts.ts';

/** Both sides of one customer's people, read afresh: the Account's Contacts and the persons. */

export const BILLING_CONTACT_FIELD = 'Closebooks_Billing_Contact__c';
export const PERSON_ID_FIELD = 'Zoho_Contact_Person_Id__c';

const contactSchema = z.looseObject({
    Id: z.string(),
    LastModifiedDate: z.string(),
    [PERSON_ID_FIELD]: z.string().nullish()
});
export type SalesforceContact = z.infer<typeof contactSchema> & Record<string, unknown>;

const accountSchema = z.looseObject({
    Id: z.string(),
    [BILLING_CONTACT_FIELD]: z.string().nullish(),
    Contacts: z
        .looseObject({ records: z.array(contactSchema) })
        .nullish()
        .transform((c) => c?.records ?? [])
});

export type AccountPeople = {
    billingContactId: string | null;
    contacts: SalesforceContact[];
};

/** The Account's billing contact and every Contact of it (undefined: no such Account). */
export async function readAccountPeople(
    sf: SalesforceClient,
    accountId: string,
    mappedFields: readonly string[]
): Promise<AccountPeople | undefined> {
    const fields = soqlFields(['Id', 'LastModifiedDate', PERSON_ID_FIELD, ...mappedFields]);
    const { records } = await queryAll(
        sf,
        soql`SELECT Id, Closebooks_Billing_Contact__c, (SELECT ${fields} FROM Contacts ORDER BY Id) FROM Account WHERE Id = ${soqlId(accountId)}`,
        accountSchema
    );
    const [account] = records;
    if (!account) return undefined;
    return {
        billingContactId: account[BILLING_CONTACT_FIELD] ?? null,
        contacts: account.Contacts as SalesforceContact[]
    };
}

const contactAccountSchema = z.looseObject({ Id: z.string(), AccountId: z.string().nullish() });

/** The Account of a Contact: null when it has none, undefined when the Contact is gone. */
export async function readContactAccount(
    sf: SalesforceClient,
    contactId: string
): Promise<string | null | undefined> {
    const { records } = await queryAll(
        sf,
        soql`SELECT Id, AccountId FROM Contact WHERE Id = ${soqlId(contactId)}`,
        contactAccountSchema
    );
    const [contact] = records;
    return contact ? (contact.AccountId ?? null) : undefined;
}

const idSchema = z.looseObject({ Id: z.string() });

/** Contacts in the recycle bin (deleted, or merged into another Contact). */
export async function recycledContacts(sf: SalesforceClient): Promise<string[]> {
    const { records } = await queryAll(
        sf,
        soql`SELECT Id FROM Contact WHERE IsDeleted = true`,
        idSchema,
        { includeDeleted: true }
    );
    return records.map((r) => r.Id);
}

export type ZohoPeople = { persons: ContactPerson[]; modifiedMs: number };

/**
 * A timestamp of either side → epoch ms; 0 when missing or unreadable. Zoho writes
 * `yyyy-MM-ddTHH:mm:ss±hhmm` and Salesforce `…ss.SSS±hhmm`: the offset gets the colon ISO wants.
 */
export function timestampMs(value: string | undefined): number {
    if (!value) return 0;
    const iso = value.replace(/([+-]\d{2}):?(\d{2})$/, '$1:$2');
    const ms = Date.parse(iso);
    return Number.isNaN(ms) ? 0 : ms;
}

/**
 * The customer's contact persons and when the customer was last modified (undefined: the
 * customer is gone). Zoho keeps no modification time per person, so a person's edit dates from
 * its customer's.
 */
export async function readZohoPeople(
    zoho: ZohoClient,
    contactId: string
): Promise<ZohoPeople | undefined> {
    let contact;
    try {
        contact = await zoho.contacts.get(contactId);
    } catch (error) {
        if (error instanceof ZohoNotFoundError) return undefined;
        throw error;
    }
    return zohoPeopleOf(contact);
}

/** The persons of a Zoho customer already read, and when it was last modified. */
export function zohoPeopleOf(contact: Contact): ZohoPeople {
    return {
        persons: contact.contact_persons ?? [],
        modifiedMs: timestampMs(contact.last_modified_time)
    };
}
