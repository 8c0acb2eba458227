import { randomUUID } from 'node:crypto';

import { EVENT_HEADERS, EVENTS_PATH } from '../../src/contracts/salesforce-events.ts';

export type EventAuth = { connectionId: string; eventSecret: string; orgId: string };

/** Seconds precision, as the package writes its timestamps. */
export const contractNow = (ms = Date.now()) =>
    new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** POSTs one contract-v1 batch to a companion, as the package's Queueable does. */
export function postEvents(baseUrl: string, auth: EventAuth, events: unknown[], sentAtMs?: number) {
    return fetch(`${baseUrl}${EVENTS_PATH}`, {
        method: 'POST',
        headers: {
            'content-type': 'application/json',
            [EVENT_HEADERS.connection]: auth.connectionId,
            [EVENT_HEADERS.secret]: auth.eventSecret
        },
        body: JSON.stringify({
            contractVersion: 1,
            orgId: auth.orgId,
            batchId: `test-${randomUUID()}`,
            sentAt: contractNow(sentAtMs),
            events
        })
    });
}

/** One Opportunity event of `type`, with a fresh event id. */
export function opportunityEvent(
    type: 'invoice.requested' | 'opportunity.won',
    recordId: string,
    userId: string,
    atMs?: number
) {
    return {
        eventId: `${type}:${recordId}:${randomUUID()}`,
        type,
        objectType: 'Opportunity',
        recordId,
        occurredAt: contractNow(atMs),
        userId
    };
}
