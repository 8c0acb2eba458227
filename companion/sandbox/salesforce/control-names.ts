import type { Org } from './org.ts';
import type { PlatformEventMessage } from './platform-events.ts';
import { findField, findObject, packageName } from './schema/types.ts';

/**
 * The control surface (`/_sandbox/`, the typed helpers) is a test convenience, not an org API:
 * it takes the package's names with or without the namespace (`Zoho_Invoice__c` or
 * `cbks__Zoho_Invoice__c`) and answers with local names, so a test reads the same in a
 * namespaced org and in one without. The REST API under `/services/data` does neither.
 */

/** The org's name for an object named locally or in full (unknown names are returned as given). */
export function orgObjectName(org: Org, name: string): string {
    if (findObject(org.schema, name)) return name;
    const prefixed = packageName(org.schema, name);
    return findObject(org.schema, prefixed) ? prefixed : name;
}

/** A field name as the org knows it on `object`, local or in full (unknown ones as given). */
function orgFieldName(org: Org, object: string, name: string): string {
    const def = findObject(org.schema, object);
    if (!def || findField(def, name)) return name;
    const prefixed = packageName(org.schema, name);
    return findField(def, prefixed) ? prefixed : name;
}

/** Record values keyed by the org's field names. */
export function orgFields<T extends Record<string, unknown>>(
    org: Org,
    object: string,
    fields: T
): T {
    return Object.fromEntries(
        Object.entries(fields).map(([key, value]) => [orgFieldName(org, object, key), value])
    ) as T;
}

/** A name with the namespace taken off (`cbks__Zoho_Invoice__c` → `Zoho_Invoice__c`). */
export function localName(org: Org, name: string): string {
    const prefix = `${org.schema.namespace}__`;
    return org.schema.namespace && name.toLowerCase().startsWith(prefix.toLowerCase())
        ? name.slice(prefix.length)
        : name;
}

/** A record keyed by local names. */
export function localRecord<T extends Record<string, unknown>>(org: Org, record: T): T {
    if (!org.schema.namespace) return record;
    return Object.fromEntries(
        Object.entries(record).map(([key, value]) => [localName(org, key), value])
    ) as T;
}

/** `/event/X__e` as the org names the channel. */
export function orgChannel(org: Org, channel: string): string {
    const match = /^\/event\/(.+)$/.exec(channel);
    return match?.[1] ? `/event/${orgObjectName(org, match[1])}` : channel;
}

/** `/event/cbks__X__e` with the namespace taken off. */
export function localChannel(org: Org, channel: string): string {
    const event = /^\/event\/(.+)$/.exec(channel)?.[1];
    return event ? `/event/${localName(org, event)}` : channel;
}

/** A platform-event message with its channel and payload in local names. */
export function localMessage(org: Org, message: PlatformEventMessage): PlatformEventMessage {
    return {
        ...message,
        channel: localChannel(org, message.channel),
        payload: localRecord(org, message.payload)
    };
}
