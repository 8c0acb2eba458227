import type { SalesforceClient } from '../../../salesforce/connection.ts';
import { updateMany, type WriteResult } from '../../../salesforce/writes.ts';
import type { Queryable } from '../../../store/db.ts';
import { digestRequest, recordWrite } from '../../../store/journal.ts';
import type { ZohoClient } from '../../../zoho/client.ts';
import { ZohoNotFoundError, ZohoValidationError } from '../../../zoho/errors.ts';
import type { ContactPersonInput } from '../../../zoho/resources/contacts.ts';
import type { ContactPerson } from '../../../zoho/schemas/contacts.ts';

/**
 * The writes of a reconciliation, each journaled. A Zoho answer about one person (it is
 * invalid, or gone) is that person's problem and the others go on; anything else (rate limits,
 * outages, auth) stops the run so the job is tried again, and what was written stays written.
 */

export type WriteContext = {
    db: Queryable;
    connectionId: string;
    actor: string;
    correlationId: string | null;
};

export type PersonFailure = { code: string; message: string };

/** A failure that concerns this one person only, or undefined to let the error go on. */
export function personFailure(error: unknown): PersonFailure | undefined {
    if (error instanceof ZohoValidationError || error instanceof ZohoNotFoundError)
        return { code: error.code, message: error.message };
    return undefined;
}

async function journal(
    ctx: WriteContext,
    entry: { target: 'zoho' | 'salesforce'; operation: string; subject: string; body: unknown },
    outcome: 'ok' | 'error',
    detail?: Record<string, unknown>
) {
    await recordWrite(ctx.db, {
        connectionId: ctx.connectionId,
        correlationId: ctx.correlationId,
        actor: ctx.actor,
        target: entry.target,
        operation: entry.operation,
        subject: entry.subject,
        requestDigest: digestRequest(entry.body),
        outcome,
        detail: detail ?? null
    });
}

/** Runs one Zoho write; a person-level failure is journaled and answered, not thrown. */
async function zohoWrite<T>(
    ctx: WriteContext,
    entry: { operation: string; subject: string; body: unknown },
    send: () => Promise<T>
): Promise<{ ok: true; value: T } | { ok: false; failure: PersonFailure }> {
    try {
        const value = await send();
        await journal(ctx, { ...entry, target: 'zoho' }, 'ok');
        return { ok: true, value };
    } catch (error) {
        const failure = personFailure(error);
        if (!failure) throw error;
        await journal(ctx, { ...entry, target: 'zoho' }, 'error', { ...failure });
        return { ok: false, failure };
    }
}

/** Zoho's PUT needs first_name; the other fields go only as they change, a cleared one as ''. */
export function personInput(
    person: ContactPerson,
    changes: Record<string, unknown>
): ContactPersonInput {
    const fields = Object.entries(changes).map(([field, value]) => [field, value ?? '']);
    return { first_name: person.first_name, ...Object.fromEntries(fields) } as ContactPersonInput;
}

export function createPerson(
    ctx: WriteContext,
    zoho: ZohoClient,
    contact: { salesforceId: string; zohoContactId: string },
    body: ContactPersonInput
) {
    return zohoWrite(
        ctx,
        { operation: 'zoho.contact_person.create', subject: contact.salesforceId, body },
        async () => {
            const person = await zoho.contactPersons.create(contact.zohoContactId, body);
            if (!person) throw new ZohoValidationError('Zoho created no contact person');
            return person;
        }
    );
}

export function updatePerson(
    ctx: WriteContext,
    zoho: ZohoClient,
    ids: { zohoContactId: string; personId: string },
    body: ContactPersonInput
) {
    return zohoWrite(
        ctx,
        { operation: 'zoho.contact_person.update', subject: ids.personId, body },
        () => zoho.contactPersons.update(ids.zohoContactId, ids.personId, body)
    );
}

/** Deletes a person; one Zoho no longer has counts as deleted (`gone`). */
export function deletePerson(ctx: WriteContext, zoho: ZohoClient, personId: string) {
    return zohoWrite(
        ctx,
        { operation: 'zoho.contact_person.delete', subject: personId, body: { personId } },
        async () => {
            try {
                await zoho.contactPersons.delete(personId);
                return 'deleted' as const;
            } catch (error) {
                if (error instanceof ZohoNotFoundError) return 'gone' as const;
                throw error;
            }
        }
    );
}

export function markPrimary(ctx: WriteContext, zoho: ZohoClient, personId: string) {
    return zohoWrite(
        ctx,
        { operation: 'zoho.contact_person.primary', subject: personId, body: { personId } },
        () => zoho.contactPersons.markPrimary(personId)
    );
}

/** Every Contact change of the run in one sObject Collections call (200 a call). */
export async function updateContacts(
    ctx: WriteContext,
    sf: SalesforceClient,
    updates: ReadonlyMap<string, Record<string, unknown>>
): Promise<Map<string, WriteResult>> {
    const records = [...updates].map(([Id, fields]) => ({ Id, ...fields }));
    if (records.length === 0) return new Map();
    const results = await updateMany(sf, 'Contact', records);
    const byId = new Map<string, WriteResult>();
    for (const [i, record] of records.entries()) {
        const result = results[i] ?? { ok: false, errors: [] };
        byId.set(record.Id, result);
        await journal(
            ctx,
            {
                target: 'salesforce',
                operation: 'salesforce.contact.update',
                subject: record.Id,
                body: record
            },
            result.ok ? 'ok' : 'error',
            result.ok
                ? { fields: Object.keys(record).filter((f) => f !== 'Id') }
                : { errors: result.errors }
        );
    }
    return byId;
}
