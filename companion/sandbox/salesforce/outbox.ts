import {
    type SalesforceEvent,
    salesforceEventSchema
} from '../../src/contracts/salesforce-events.ts';

import { enqueueDelivery, eventBatch } from './delivery-queue.ts';
import type { Org } from './org.ts';
import type { PlatformEventMessage } from './platform-events.ts';
import { packageName } from './schema/types.ts';
import type { SandboxState } from './state.ts';
import { formatDateTime } from './values.ts';

/**
 * The package's outbox, as CompanionEventService, CompanionOutboxTrigger and
 * CompanionOutboxSubscriber run it: a committed transaction publishes one `Closebooks_Outbox__e`
 * message per event (the event's contract JSON in `Payload__c`), and the subscriber, running as
 * the integration user, reads them back in batches of its PlatformEventSubscriberConfig's
 * `batchSize` (200, as the install steps set it) and enqueues one Queueable per batch: one POST.
 * A message repeated in a batch (same event id) is sent once.
 */
const OUTBOX = 'Closebooks_Outbox__e';
const PAYLOAD = 'Payload__c';
/** `batchSize` of the subscriber's PlatformEventSubscriberConfig (README, install steps). */
export const SUBSCRIBER_BATCH_SIZE = 200;

/** Publishes the transaction's events to the outbox, after commit, in the order raised. */
export function publishOutbox(
    org: Org,
    events: readonly SalesforceEvent[],
    now: number
): PlatformEventMessage[] {
    const channel = packageName(org.schema, OUTBOX);
    const payload = packageName(org.schema, PAYLOAD);
    return events.map((event) =>
        org.bus.publish(channel, {
            [payload]: JSON.stringify(event),
            CreatedById: event.userId,
            CreatedDate: formatDateTime(now)
        })
    );
}

/** The event a message carries, parsed as the subscriber's `CompanionEvent.fromOutbox` does. */
function eventOf(org: Org, message: PlatformEventMessage): SalesforceEvent {
    const raw = message.payload[packageName(org.schema, PAYLOAD)];
    return salesforceEventSchema.parse(JSON.parse(String(raw)));
}

/** The subscriber's runs over the messages: one delivery job per batch, repeats dropped by id. */
export function runOutboxSubscriber(
    state: SandboxState,
    org: Org,
    messages: readonly PlatformEventMessage[],
    now: number
): void {
    for (let start = 0; start < messages.length; start += SUBSCRIBER_BATCH_SIZE) {
        const events = new Map<string, SalesforceEvent>();
        for (const message of messages.slice(start, start + SUBSCRIBER_BATCH_SIZE)) {
            const event = eventOf(org, message);
            if (!events.has(event.eventId)) events.set(event.eventId, event);
        }
        if (events.size > 0)
            enqueueDelivery(state, org, eventBatch(org, [...events.values()], now));
    }
}
