import { z } from 'zod';

import type { SalesforceClient } from '../../../salesforce/connection.ts';
import { queryAll } from '../../../salesforce/query.ts';
import { soql, soqlFields } from '../../../salesforce/soql.ts';
import { SALESFORCE_ID_FIELD } from '../../../zoho/key-fields.ts';
import { recordIdOfKey, type KeyScope } from '../../../zoho/unique-key.ts';
import type { ZohoClient } from '../../../zoho/client.ts';
import type { Contact } from '../../../zoho/schemas/contacts.ts';
import type { AccountRecord, ContactRecord } from './facts.ts';

/** Both sides' customers as the matcher reads them: every Account, every Zoho customer. */

const ACCOUNT_FIELDS = ['Id', 'Name', 'Website', 'BillingCountry', 'Zoho_Contact_Id__c'];

const accountRowSchema = z.looseObject({
    Id: z.string(),
    Name: z.string(),
    Website: z.string().nullish(),
    BillingCountry: z.string().nullish(),
    Zoho_Contact_Id__c: z.string().nullish(),
    Contacts: z
        .object({ records: z.array(z.looseObject({ Email: z.string().nullish() })) })
        .nullish()
});

/**
 * Every Account with what the matcher compares: name, website, billing country, the stored Zoho
 * id and its Contacts' e-mail addresses; `taxField` names the Account field holding the tax
 * number, when the org keeps one (Salesforce has no standard field for it).
 */
export async function readAccounts(
    sf: SalesforceClient,
    options: { taxField?: string | undefined } = {}
): Promise<AccountRecord[]> {
    const fields = soqlFields([...ACCOUNT_FIELDS, ...(options.taxField ? [options.taxField] : [])]);
    const query = soql`SELECT ${fields}, (SELECT Email FROM Contacts) FROM Account ORDER BY Id`;
    const { records } = await queryAll(sf, query, accountRowSchema, { maxRecords: 200_000 });
    return records.map((row) => {
        const taxKey = options.taxField?.toLowerCase();
        const taxValue = Object.entries(row).find(([k]) => k.toLowerCase() === taxKey)?.[1];
        return {
            id: row.Id,
            name: row.Name,
            website: row.Website,
            country: row.BillingCountry,
            zohoContactId: row.Zoho_Contact_Id__c,
            taxNumber: typeof taxValue === 'string' ? taxValue : null,
            emails: (row.Contacts?.records ?? [])
                .map((c) => c.Email)
                .filter((e): e is string => typeof e === 'string' && e.length > 0)
        };
    });
}

const DETAIL_READS_AT_ONCE = 4;

const detailExtrasSchema = z.looseObject({ website: z.string().optional() });

/** A Zoho contact in full, reduced to what the matcher compares. */
export function contactRecord(contact: Contact, scope: KeyScope): ContactRecord {
    const key = contact.custom_fields?.find((f) => f.api_name === SALESFORCE_ID_FIELD)?.value;
    const emails = [contact.email, ...(contact.contact_persons ?? []).map((p) => p.email)];
    return {
        id: contact.contact_id,
        name: contact.contact_name,
        companyName: contact.company_name,
        website: detailExtrasSchema.parse(contact).website,
        emails: [...new Set(emails.filter((e): e is string => !!e))],
        country: contact.billing_address?.country,
        taxNumber: contact.vat_reg_no ?? contact.tax_reg_no ?? contact.gst_no,
        salesforceId: recordIdOfKey(scope, key) ?? null
    };
}

/**
 * Every Zoho customer, in full: the list is paged (200 a page) and each contact is then read
 * alone, because list rows leave out the custom fields, tax numbers, website, address and
 * contact persons. One call per customer, paced by the rate limiter like every Zoho call.
 */
export async function readContacts(zoho: ZohoClient, scope: KeyScope): Promise<ContactRecord[]> {
    const ids: string[] = [];
    for await (const row of zoho.contacts.listAll({ contact_type: 'customer' }))
        ids.push(row.contact_id);
    const records: ContactRecord[] = [];
    // A few at a time: the limiter paces them within Zoho's concurrency and per-minute limits.
    for (let i = 0; i < ids.length; i += DETAIL_READS_AT_ONCE) {
        const batch = ids.slice(i, i + DETAIL_READS_AT_ONCE);
        const contacts = await Promise.all(batch.map((id) => zoho.contacts.get(id)));
        records.push(...contacts.map((contact) => contactRecord(contact, scope)));
    }
    return records;
}
