import type { SalesforceEvent, SalesforceEventBatch } from '../contracts/salesforce-events.ts';
import { listZohoOrganizations } from '../store/connections.ts';
import type { Db } from '../store/db.ts';
import { acceptEvent } from '../store/inbox.ts';
import { enqueue, type NewJob } from '../store/jobs.ts';

/** The job kinds that Salesforce events start; each flow registers a handler for its kinds. */
export const JOB_KIND_BY_EVENT = {
    'opportunity.won': 'zoho.invoice.create',
    'quote.accepted': 'zoho.invoice.create',
    'invoice.requested': 'zoho.invoice.create',
    'account.changed': 'zoho.customer.sync',
    'account.sync_requested': 'zoho.customer.sync',
    'contact.changed': 'zoho.contact_person.sync'
} as const satisfies Record<SalesforceEvent['type'], string>;

/**
 * One event, one job (DESIGN §2). Jobs of one Zoho organization share a partition, so they run
 * one after another under that organization's rate limit; a connection with no Zoho
 * organization yet gets its own partition and waits there until one is joined.
 */
export function jobForEvent(
    event: SalesforceEvent,
    context: {
        connectionId: string;
        zohoOrganizationId: string | undefined;
        inboxId: string;
        correlationId: string;
    }
): NewJob {
    return {
        kind: JOB_KIND_BY_EVENT[event.type],
        partitionKey: context.zohoOrganizationId
            ? `zoho:${context.zohoOrganizationId}`
            : `connection:${context.connectionId}`,
        connectionId: context.connectionId,
        payload: { inboxId: context.inboxId, event },
        dedupeKey: `salesforce:${context.connectionId}:${event.eventId}`,
        correlationId: context.correlationId
    };
}

/**
 * Stores a batch of Salesforce events in the inbox, with one job per event, in one transaction:
 * an event whose id the inbox already holds is a duplicate and gets no second job. The events
 * door calls it for each POST; the won-deal catch-up for the deals whose announcement was lost.
 */
export async function storeSalesforceBatch(
    db: Db,
    connectionId: string,
    batch: SalesforceEventBatch,
    correlationId: string
): Promise<{ accepted: number; duplicates: number }> {
    const zohoOrganizationId = (await listZohoOrganizations(db, connectionId)).find(
        (o) => o.isDefault
    )?.organizationId;
    return db.transaction(async (tx) => {
        let accepted = 0;
        for (const event of batch.events) {
            const inbox = await acceptEvent(tx, {
                connectionId,
                source: 'salesforce',
                sourceEventId: event.eventId,
                type: event.type,
                payload: { ...event, orgId: batch.orgId, batchId: batch.batchId },
                correlationId
            });
            if (inbox.duplicate) continue;
            await enqueue(
                tx,
                jobForEvent(event, {
                    connectionId,
                    zohoOrganizationId,
                    inboxId: inbox.id,
                    correlationId
                })
            );
            accepted++;
        }
        return { accepted, duplicates: batch.events.length - accepted };
    });
}
