import { AppError } from '../../../errors.ts';
import type { SalesforceClient } from '../../../salesforce/connection.ts';
import type { CustomerConflict } from '../../../store/customer-sync.ts';
import type { Db } from '../../../store/db.ts';
import { findBySalesforceId } from '../../../store/links.ts';
import type { ZohoClient } from '../../../zoho/client.ts';
import { readBaselines, saveBaseline } from './ledger.ts';
import { personInput, updateContacts, updatePerson, type WriteContext } from './writes.ts';

/** A settled person conflict that cannot be written as chosen (retrying will not help). */
export class PersonConflictError extends AppError {
    constructor(code: 'person_missing' | 'person_write_refused', message: string) {
        super(code, message, { retryable: false });
    }
}

export type PersonConflict = CustomerConflict & {
    salesforceContactId: string;
    contactPersonId: string;
};

export const isPersonConflict = (c: CustomerConflict): c is PersonConflict =>
    c.salesforceContactId !== null && c.contactPersonId !== null;

/**
 * Applies a settled conflict of a contact person (F2): the chosen value is written to the Zoho
 * person and to its Contact, then becomes the pair's agreed value, so neither write comes back
 * as a change. Repeating it writes the same value again and changes nothing.
 */
export async function applyPersonConflict(
    deps: { db: Db },
    clients: { zoho: ZohoClient; salesforce: SalesforceClient },
    conflict: PersonConflict,
    value: unknown,
    meta: Omit<WriteContext, 'db'>
): Promise<void> {
    const ctx: WriteContext = { db: deps.db, ...meta };
    const customer = await clients.zoho.contacts.get(conflict.contactId);
    const person = customer.contact_persons?.find(
        (p) => p.contact_person_id === conflict.contactPersonId
    );
    if (!person)
        throw new PersonConflictError(
            'person_missing',
            `Zoho contact person ${conflict.contactPersonId} is no longer on customer ${conflict.contactId}`
        );
    const written = await updatePerson(
        ctx,
        clients.zoho,
        { zohoContactId: conflict.contactId, personId: conflict.contactPersonId },
        personInput(person, { [conflict.zohoField]: value })
    );
    if (!written.ok) throw new PersonConflictError('person_write_refused', written.failure.message);
    const results = await updateContacts(
        ctx,
        clients.salesforce,
        new Map([[conflict.salesforceContactId, { [conflict.salesforceField]: value }]])
    );
    const result = results.get(conflict.salesforceContactId);
    if (!result?.ok)
        throw new PersonConflictError(
            'person_write_refused',
            `Salesforce refused the update of ${conflict.salesforceContactId}: ${
                result?.errors.map((e) => e.message).join('; ') ?? 'no answer'
            }`
        );
    const key = { connectionId: meta.connectionId, kind: 'contact_person' as const };
    await deps.db.transaction(async (tx) => {
        const link = await findBySalesforceId(
            tx,
            meta.connectionId,
            'contact_person',
            conflict.salesforceContactId
        );
        if (!link) return;
        const stored = await readBaselines(tx, key, [conflict.salesforceContactId]);
        await saveBaseline(tx, key, conflict.salesforceContactId, {
            ...stored.get(conflict.salesforceContactId),
            [conflict.zohoField]: value
        });
    });
}
