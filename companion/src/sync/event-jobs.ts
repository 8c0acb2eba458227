import type { SalesforceEvent } from '../contracts/salesforce-events.ts';
import type { NewJob } from '../store/jobs.ts';

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
