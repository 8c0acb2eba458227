import { z } from 'zod';

import { salesforceEventSchema } from '../../../contracts/salesforce-events.ts';
import { AppError } from '../../../errors.ts';
import type { JobContext } from '../../../jobs/worker.ts';
import type { Job } from '../../../store/jobs.ts';
import { findBySalesforceId, findByZohoId } from '../../../store/links.ts';
import type { Contact } from '../../../zoho/schemas/contacts.ts';
import { JOB_KIND_BY_EVENT } from '../../event-jobs.ts';
import { readPersonLink } from './ledger.ts';
import { deletedContacts, removeDeletedContactPerson, type LifecycleContext } from './lifecycle.ts';
import { readContactAccount, recycledContacts } from './read.ts';
import {
    reconcileContactPersons,
    type ContactPersonDeps,
    type ReconcileOutcome
} from './reconcile.ts';

/** The job a Salesforce `contact.changed` event starts (event-jobs.ts). */
export const CONTACT_PERSON_JOB = JOB_KIND_BY_EVENT['contact.changed'];

const payloadSchema = z.looseObject({
    inboxId: z.string().optional(),
    event: salesforceEventSchema
});

export class ContactPersonJobError extends AppError {
    constructor(code: string, message: string) {
        super(code, message, { retryable: false });
    }
}

/** Why nothing was reconciled: the other side's own sync will bring the persons. */
export type Skipped = {
    status: 'skipped';
    reason:
        | 'contact_missing'
        | 'contact_without_account'
        | 'account_not_linked'
        | 'customer_not_linked';
};
/** A deleted Contact's Zoho person, deleted in turn (or refused by Zoho, with its reason). */
export type Removed =
    | { status: 'person_removed'; zohoPersonId: string }
    | { status: 'person_removal_refused'; zohoPersonId: string; code: string; message: string };
export type SyncOutcome = Skipped | Removed | ReconcileOutcome;

type Who = { connectionId: string; actor: string; correlationId: string | null };

/**
 * Contact persons, from either side (F2): a changed Contact reconciles the persons of its
 * Account's customer, and a changed Zoho customer (webhook or sweep, in the customer flow)
 * reconciles its persons through `reconcileZohoContact`. Only linked customers are touched:
 * an Account not linked yet gets its persons when its own sync links it.
 */
export function createContactPersonFlow(deps: ContactPersonDeps) {
    /** The persons of the customer a Contact's Account is linked to. */
    async function syncContact(who: Who, contactId: string): Promise<SyncOutcome> {
        const sf = await deps.clients.salesforce(who.connectionId);
        const accountId = await readContactAccount(sf, contactId);
        if (accountId === undefined) return contactGone(who, contactId);
        if (accountId === null) return { status: 'skipped', reason: 'contact_without_account' };
        const link = await findBySalesforceId(deps.db, who.connectionId, 'customer', accountId);
        if (!link) return { status: 'skipped', reason: 'account_not_linked' };
        return reconcileContactPersons(deps, {
            ...who,
            zohoOrganizationId: link.zohoOrganizationId,
            accountId,
            zohoContactId: link.zohoId
        });
    }

    /**
     * A Contact Salesforce no longer shows: when it is deleted and linked, its Zoho person is
     * deleted and the pair tombstoned, so nothing brings either back.
     */
    async function contactGone(who: Who, contactId: string): Promise<SyncOutcome> {
        const link = await readPersonLink(deps.db, who.connectionId, contactId);
        const sf = await deps.clients.salesforce(who.connectionId);
        if (!link || (await deletedContacts(sf, [contactId])).length === 0)
            return { status: 'skipped', reason: 'contact_missing' };
        const zoho = await deps.clients.zoho(who.connectionId, link.zohoOrganizationId);
        const ctx: LifecycleContext = {
            ...who,
            db: deps.db,
            log: deps.log,
            nowMs: deps.clock.now()
        };
        const removed = await removeDeletedContactPerson(ctx, zoho, {
            salesforceId: contactId,
            personId: link.zohoId,
            zohoContactId: link.home
        });
        return removed.ok
            ? { status: 'person_removed', zohoPersonId: link.zohoId }
            : { status: 'person_removal_refused', zohoPersonId: link.zohoId, ...removed };
    }

    /**
     * The sweep's Salesforce half for persons: linked Contacts in the recycle bin (the package
     * announces no deletes) have their Zoho persons deleted. Returns how many were.
     */
    async function settleDeletedContacts(who: Who): Promise<number> {
        const sf = await deps.clients.salesforce(who.connectionId);
        let removed = 0;
        for (const contactId of await recycledContacts(sf)) {
            const outcome = await contactGone(who, contactId);
            if (outcome.status === 'person_removed') removed++;
        }
        return removed;
    }

    /** The persons of one Zoho customer, for the Zoho side's handlers (webhook, sweep). */
    async function reconcileZohoContact(
        who: Who & { zohoOrganizationId: string; zohoContactId: string; zohoContact?: Contact }
    ): Promise<SyncOutcome> {
        const link = await findByZohoId(
            deps.db,
            who.connectionId,
            'customer',
            who.zohoOrganizationId,
            who.zohoContactId
        );
        if (!link) return { status: 'skipped', reason: 'customer_not_linked' };
        return reconcileContactPersons(deps, { ...who, accountId: link.salesforceId });
    }

    async function handle(job: Job, ctx: JobContext): Promise<void> {
        const payload = payloadSchema.safeParse(job.payload);
        if (!payload.success || !job.connectionId || payload.data.event.objectType !== 'Contact')
            throw new ContactPersonJobError(
                'contact_person_job_malformed',
                `job ${job.id} carries no Contact event`
            );
        const contactId = payload.data.event.recordId;
        const outcome = await syncContact(
            {
                connectionId: job.connectionId,
                actor: `job:${job.id}`,
                correlationId: job.correlationId
            },
            contactId
        );
        if (outcome.status === 'person_removal_refused')
            throw new ContactPersonJobError(
                outcome.code,
                `Zoho refused to delete person ${outcome.zohoPersonId}: ${outcome.message}`
            );
        if (outcome.status !== 'reconciled') {
            const reason = outcome.status === 'skipped' ? outcome.reason : outcome.status;
            ctx.log.info({ contactId, reason }, 'contact persons not reconciled');
            return;
        }
        ctx.log.info(
            {
                contactId,
                created: outcome.created,
                zohoUpdates: outcome.zohoUpdates,
                salesforceUpdates: outcome.salesforceUpdates,
                problems: outcome.problems.length,
                conflicts: outcome.conflicts.length
            },
            'contact persons reconciled'
        );
    }

    return {
        handlers: { [CONTACT_PERSON_JOB]: handle },
        syncContact,
        reconcileZohoContact,
        settleDeletedContacts
    };
}
