import { z } from 'zod';

import type { Logger } from '../../../log.ts';
import type { SalesforceClient } from '../../../salesforce/connection.ts';
import { queryAll } from '../../../salesforce/query.ts';
import { soql, soqlId } from '../../../salesforce/soql.ts';
import type { Db } from '../../../store/db.ts';
import { digestRequest, recordWrite } from '../../../store/journal.ts';
import type { ZohoClient } from '../../../zoho/client.ts';
import { buryPerson, dropPersonLink, type PersonLinks, type PersonTombstone } from './ledger.ts';
import { deletePerson, type WriteContext } from './writes.ts';

/**
 * What happens to a linked pair when one side's record leaves (F2). A Contact deleted in
 * Salesforce takes its Zoho person with it; a person deleted in Zoho leaves its Contact, which
 * loses the person id and is not given a new person; either way a tombstone stays, so no later
 * event or sweep brings the pair back. A Contact moved to another Account is re-homed: Zoho has
 * no move, so its person is deleted from the old customer and the Contact is created anew under
 * the new one (by the reconciliation that follows).
 */

export type LifecycleContext = WriteContext & {
    db: Db;
    log: Logger;
    nowMs: number;
};

/** Drops the link and leaves the tombstone, journaled, in one transaction. */
export async function buryPair(ctx: LifecycleContext, stone: PersonTombstone): Promise<void> {
    await ctx.db.transaction(async (tx) => {
        await buryPerson(tx, ctx.connectionId, stone, ctx.nowMs);
        await dropPersonLink(tx, ctx.connectionId, stone.salesforceContactId);
        await recordWrite(tx, {
            connectionId: ctx.connectionId,
            correlationId: ctx.correlationId,
            actor: ctx.actor,
            target: stone.side === 'zoho' ? 'salesforce' : 'zoho',
            operation: 'contact_person.tombstone',
            subject: stone.salesforceContactId,
            requestDigest: digestRequest(stone),
            outcome: 'ok',
            detail: { ...stone }
        });
    });
    ctx.log.info({ ...stone }, 'contact person tombstone');
}

export type MissingOutcome = {
    /** Contacts whose person went with a move to this Account: to be created here. */
    rehomed: string[];
    /** Contacts whose person Zoho deleted: their person id is cleared, nothing is created. */
    buried: string[];
    problems: { salesforceId: string; code: string; message: string }[];
};

/**
 * The linked Contacts of this Account whose person is not on this customer. One whose person
 * belongs to another customer moved here: that person is deleted and the link dropped, so the
 * Contact is created here. One whose person belonged here was deleted in Zoho: buried. A link
 * from before persons knew their customer counts as belonging here. `links` loses the entries
 * settled.
 */
export async function settleMissingPersons(
    ctx: LifecycleContext,
    zoho: ZohoClient,
    customer: { zohoContactId: string; present: ReadonlySet<string> },
    links: PersonLinks
): Promise<MissingOutcome> {
    const outcome: MissingOutcome = { rehomed: [], buried: [], problems: [] };
    for (const [salesforceId, personId] of [...links.bySalesforceId]) {
        if (customer.present.has(personId)) continue;
        const home = links.homes.get(salesforceId) ?? null;
        if (home !== null && home !== customer.zohoContactId) {
            const deleted = await deletePerson(ctx, zoho, personId);
            if (!deleted.ok) {
                outcome.problems.push({ salesforceId, ...deleted.failure });
                continue;
            }
            await dropPersonLink(ctx.db, ctx.connectionId, salesforceId);
            ctx.log.info(
                { contactId: salesforceId, personId, from: home, to: customer.zohoContactId },
                'contact moved to another account: person re-homed'
            );
            outcome.rehomed.push(salesforceId);
        } else {
            await buryPair(ctx, {
                side: 'zoho',
                salesforceContactId: salesforceId,
                zohoPersonId: personId,
                zohoContactId: customer.zohoContactId,
                reason: 'the Zoho contact person was deleted'
            });
            outcome.buried.push(salesforceId);
        }
        links.bySalesforceId.delete(salesforceId);
    }
    return outcome;
}

const contactStateSchema = z.looseObject({
    Id: z.string(),
    IsDeleted: z.boolean().optional()
});

/** Of these Contact ids, those deleted (in the recycle bin, merged away, or purged). */
export async function deletedContacts(
    sf: SalesforceClient,
    salesforceIds: readonly string[]
): Promise<string[]> {
    if (salesforceIds.length === 0) return [];
    const ids = salesforceIds.map((id) => soqlId(id));
    const { records } = await queryAll(
        sf,
        soql`SELECT Id, IsDeleted FROM Contact WHERE Id IN ${ids}`,
        contactStateSchema,
        { includeDeleted: true }
    );
    const alive = new Set(records.filter((r) => r.IsDeleted !== true).map((r) => r.Id));
    return salesforceIds.filter((id) => !alive.has(id));
}

/**
 * A deleted Contact's person: deleted in Zoho, the link dropped, a tombstone left. False when
 * Zoho refused the delete (reported; the pair stays linked and is tried again).
 */
export async function removeDeletedContactPerson(
    ctx: LifecycleContext,
    zoho: ZohoClient,
    pair: { salesforceId: string; personId: string; zohoContactId: string | null }
): Promise<{ ok: true } | { ok: false; code: string; message: string }> {
    const deleted = await deletePerson(ctx, zoho, pair.personId);
    if (!deleted.ok) return { ok: false, ...deleted.failure };
    await buryPair(ctx, {
        side: 'salesforce',
        salesforceContactId: pair.salesforceId,
        zohoPersonId: pair.personId,
        zohoContactId: pair.zohoContactId,
        reason: 'the Contact was deleted'
    });
    return { ok: true };
}

/**
 * Persons of this customer linked to Contacts not on this Account: those whose Contact was
 * deleted are deleted in Zoho and tombstoned (a Contact moved away is its new Account's to settle).
 */
export async function removePersonsOfDeletedContacts(
    ctx: LifecycleContext,
    clients: { sf: SalesforceClient; zoho: ZohoClient },
    zohoContactId: string,
    links: PersonLinks
): Promise<{ personIds: string[]; problems: MissingOutcome['problems'] }> {
    const result: { personIds: string[]; problems: MissingOutcome['problems'] } = {
        personIds: [],
        problems: []
    };
    const personOf = new Map([...links.contactsElsewhere].map(([person, sf]) => [sf, person]));
    for (const salesforceId of await deletedContacts(clients.sf, [...personOf.keys()])) {
        const personId = personOf.get(salesforceId) as string;
        const removed = await removeDeletedContactPerson(ctx, clients.zoho, {
            salesforceId,
            personId,
            zohoContactId
        });
        if (removed.ok) result.personIds.push(personId);
        else result.problems.push({ salesforceId, code: removed.code, message: removed.message });
    }
    return result;
}
