import { z } from 'zod';
import { keyScopeOf } from '../../store/zoho-organizations.ts';
import { recordIdOfKey } from '../../zoho/unique-key.ts';

import type { JobContext } from '../../jobs/worker.ts';
import type { Logger } from '../../log.ts';
import { getBaseline } from '../../store/customer-sync.ts';
import type { Job } from '../../store/jobs.ts';
import { findBySalesforceId, findByZohoId, saveLink, type Link } from '../../store/links.ts';
import { ZohoNotFoundError } from '../../zoho/errors.ts';
import type { Contact } from '../../zoho/schemas/contacts.ts';
import { valuesHash, zohoValues } from './fields.ts';
import { CustomerJobError } from './outbound.ts';
import type { CustomerSync, CustomerSyncDeps, Meta } from './sync.ts';

export const CUSTOMER_IN_JOB = 'salesforce.customer.sync';

const payloadSchema = z.looseObject({
    organizationId: z.string().regex(/^\d+$/),
    recordId: z.string().regex(/^\d+$/)
});

/**
 * Zoho → Salesforce (F2): a contact webhook (a hint: the contact is read afresh) or a contact
 * the sweep found modified. A contact whose mapped values still hash to the agreed ones is our
 * own write coming back, or a change of nothing we map: no Salesforce call. An unknown contact
 * is linked only when it carries the Account id in the unique custom field (the first-link
 * matcher decides the rest); a contact Zoho no longer has leaves a tombstone.
 */
export function createCustomerInbound(deps: CustomerSyncDeps, sync: CustomerSync) {
    /** A contact not linked yet: linked when its key field names an unlinked Account. */
    async function adopt(
        connectionId: string,
        organizationId: string,
        contact: Contact,
        keyField: string | null
    ): Promise<Link | undefined> {
        const accountId = recordIdOfKey(
            await keyScopeOf(deps.db, connectionId),
            contact.custom_fields?.find((f) => f.api_name === keyField)?.value
        );
        if (!accountId) return undefined;
        if (await findBySalesforceId(deps.db, connectionId, 'customer', accountId))
            return undefined;
        return saveLink(deps.db, {
            connectionId,
            kind: 'customer',
            salesforceId: accountId,
            zohoOrganizationId: organizationId,
            zohoId: contact.contact_id,
            dataHash: null
        });
    }

    /** Brings one Zoho contact's changes over, read afresh from Zoho. */
    async function syncContact(
        connectionId: string,
        organizationId: string,
        contactId: string,
        ctx: { log: Logger },
        meta: Meta
    ): Promise<void> {
        let link = await findByZohoId(deps.db, connectionId, 'customer', organizationId, contactId);
        if (
            await sync.buried(connectionId, {
                contactId,
                ...(link ? { accountId: link.salesforceId } : {})
            })
        ) {
            ctx.log.info({ contactId }, 'contact has a tombstone: not synced');
            return;
        }
        const pair = await sync.pairContext(connectionId, organizationId);
        let contact: Contact;
        try {
            contact = await pair.zoho.contacts.get(contactId);
        } catch (error) {
            if (!(error instanceof ZohoNotFoundError)) throw error;
            if (link)
                await sync.bury(
                    connectionId,
                    'zoho',
                    contactId,
                    { accountId: link.salesforceId, contactId },
                    'the Zoho contact is gone',
                    meta
                );
            return;
        }
        if (!link) {
            const facts = await deps.facts.get(pair.zoho);
            link = await adopt(connectionId, organizationId, contact, facts.contactKey);
            if (!link) {
                ctx.log.info({ contactId }, 'contact not linked: left to the first-link review');
                return;
            }
        }
        // A person's change leaves the contact's own fields as they were: persons go first.
        await deps.persons?.({
            connectionId,
            zohoOrganizationId: organizationId,
            zohoContactId: contactId,
            zohoContact: contact,
            ...meta
        });
        const agreed = await getBaseline(deps.db, connectionId, link.salesforceId);
        const hash = valuesHash(pair.policies, zohoValues(pair.policies, contact));
        if (agreed?.contactId === contactId && agreed.dataHash === hash) {
            ctx.log.debug({ contactId }, 'mapped values unchanged: nothing to bring over');
            return;
        }
        const row = await sync.account(connectionId, pair, link.salesforceId);
        if (!row || row.IsDeleted) {
            if (row) await sync.accountGone(connectionId, row, link, meta);
            return;
        }
        const outcome = await sync.reconcile(connectionId, pair, row, contact, meta);
        ctx.log.info({ accountId: row.Id, contactId, ...outcome }, 'customer reconciled');
    }

    async function handle(job: Job, ctx: JobContext): Promise<void> {
        const payload = payloadSchema.safeParse(job.payload);
        if (!payload.success || !job.connectionId)
            throw new CustomerJobError(
                'customer_job_malformed',
                `job ${job.id} names no Zoho contact`
            );
        const settings = await deps.settings.get(job.connectionId);
        if (!settings.customerSyncEnabled) {
            ctx.log.info('customer sync is switched off: hint ignored');
            return;
        }
        await syncContact(
            job.connectionId,
            payload.data.organizationId,
            payload.data.recordId,
            ctx,
            {
                actor: `job:${job.id}`,
                correlationId: job.correlationId
            }
        );
    }

    return { handle, syncContact };
}
