import { z } from 'zod';

/**
 * The event contract between the package and the companion (DESIGN §7): what the package's
 * Queueable POSTs to `/v1/salesforce/events`, and what the Salesforce simulator sends in its
 * place. It is exported as JSON Schema to `config/contracts/` (`npm run contracts`); a test fails
 * when the committed schema, the fixtures or this file drift apart.
 *
 * Versioning: add optional fields freely; anything else is a new `contractVersion` that the
 * companion accepts alongside the old one until every subscriber has upgraded the package.
 */
export const CONTRACT_VERSION = 1;

/** Where the package POSTs event batches on the companion. */
export const EVENTS_PATH = '/v1/salesforce/events';

/**
 * Headers the package's Named Credential (through its External Credential) adds to every POST:
 * which connection is calling, and that connection's shared secret (compared in constant time).
 */
export const EVENT_HEADERS = {
    connection: 'x-closebooks-connection',
    secret: 'x-closebooks-secret'
} as const;

/** An 18-character, case-safe Salesforce record id, as Apex serialises an `Id`. */
export const salesforceIdSchema = z
    .string()
    .regex(/^[a-zA-Z0-9]{18}$/, 'must be an 18-character Salesforce id');

export const eventTypes = [
    /** An opportunity entered a Closed Won stage (F1). */
    'opportunity.won',
    /** A quote's status became Accepted (F1, F5), when the org invoices on accepted quotes. */
    'quote.accepted',
    /** Someone asked for the invoice now: the action, the Apex API, a Flow, or Resync (F1). */
    'invoice.requested',
    /** An account was created or one of its mapped fields changed (F2). */
    'account.changed',
    /** A contact was created or one of its mapped fields changed (F2). */
    'contact.changed',
    /** Someone asked for an account to be synced now (F2, F3). */
    'account.sync_requested'
] as const;

export const eventTypeSchema = z.enum(eventTypes);
export type EventType = z.infer<typeof eventTypeSchema>;

export const objectTypes = ['Opportunity', 'Quote', 'Account', 'Contact'] as const;

export const salesforceEventSchema = z.strictObject({
    /** Unique per change at the source; the companion's inbox ignores a second delivery. */
    eventId: z
        .string()
        .min(1)
        .max(120)
        .regex(/^[A-Za-z0-9:._-]+$/, 'letters, digits and : . _ - only'),
    type: eventTypeSchema,
    objectType: z.enum(objectTypes),
    recordId: salesforceIdSchema,
    /** When the change was committed in Salesforce (ISO 8601, UTC). */
    occurredAt: z.iso.datetime(),
    /** The user whose change raised the event. */
    userId: salesforceIdSchema,
    /** API names of the fields that changed, for `*.changed` events. */
    changedFields: z.array(z.string().min(1).max(80)).max(500).optional()
});
export type SalesforceEvent = z.infer<typeof salesforceEventSchema>;

/** One POST: every event of one Salesforce transaction (one Queueable), at most 200. */
export const salesforceEventBatchSchema = z.strictObject({
    contractVersion: z.literal(CONTRACT_VERSION),
    /** The sending org's 18-character organization id. */
    orgId: salesforceIdSchema,
    /** Unique per POST; the same batch retried by the Finalizer keeps its id. */
    batchId: z
        .string()
        .min(1)
        .max(64)
        .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only'),
    sentAt: z.iso.datetime(),
    events: z.array(salesforceEventSchema).min(1).max(200)
});
export type SalesforceEventBatch = z.infer<typeof salesforceEventBatchSchema>;

/** The JSON Schema document written to `config/contracts/`. */
export function salesforceEventBatchJsonSchema(): Record<string, unknown> {
    return {
        ...z.toJSONSchema(salesforceEventBatchSchema, { target: 'draft-2020-12' }),
        $id: 'https://closebooks.dev/contracts/salesforce-events.v1.schema.json',
        title: 'Closebooks Salesforce event batch, contract version 1'
    };
}
