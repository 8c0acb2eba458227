import type { EventType, SalesforceEvent } from '../../src/contracts/salesforce-events.ts';

import type { DmlContext } from './dml.ts';
import { bypassesAutomation, type Org } from './org.ts';
import {
    customerSyncEnabled,
    INVOICE_ON_CLOSED_WON,
    INVOICE_ON_QUOTE_ACCEPTED,
    invoiceFlowEnabled,
    invoiceTrigger,
    outboundFields
} from './package-settings.ts';
import type { SObjectRecord } from './records.ts';
import { packageName } from './schema/types.ts';
import { clearSyncStatus, formatLabel, recordSyncStatus, SyncStatus } from './sync-status.ts';

/**
 * The package's trigger handlers, decision for decision (OpportunityTriggerHandler,
 * QuoteTriggerHandler, AccountTriggerHandler, ContactTriggerHandler and the services they call:
 * InvoiceRequestService, CustomerSyncService, CompanionEventService). The scenario table
 * `force-app/main/default/staticresources/Closebooks_Trigger_Scenarios.json` holds both to the
 * same outcomes (trigger-parity.test.ts here, TriggerScenarioParityTest and, for the Quote
 * scenarios, the Closebooks Quotes extension's QuoteTriggerScenarioParityTest in Apex).
 */

type Values = Record<string, unknown>;
type Draft = { type: EventType; changedFields?: string[] };

const HANDLED = new Set(['Opportunity', 'Quote', 'Account', 'Contact']);
const QUOTE_ACCEPTED = 'Accepted';
const STATUS = 'Closebooks_Sync_Status__c';
const MESSAGE = 'Closebooks_Sync_Message__c';
const BILLING_CONTACT = 'Closebooks_Billing_Contact__c';
/** The sync status fields as this org names them (the package's Apex omits the prefix). */
const statusField = (org: Org) => packageName(org.schema, STATUS);
const messageField = (org: Org) => packageName(org.schema, MESSAGE);

const wonStages = (org: Org) =>
    new Set(
        org.store
            .all('OpportunityStage')
            .filter((stage) => stage.IsWon === true && stage.IsActive === true)
            .map((stage) => stage.ApiName)
    );

function justWon(org: Org, record: Values, before: Values | undefined): boolean {
    const won = wonStages(org);
    return won.has(record.StageName) && !(before !== undefined && won.has(before.StageName));
}

const invoicesOn = (org: Org, trigger: string) =>
    invoiceFlowEnabled(org) && invoiceTrigger(org) === trigger;

/** InvoiceRequestService.missingDataReason: the label naming what a deal lacks, or undefined. */
function missingDataLabel(accountId: unknown, hasLines: boolean): string | undefined {
    if (accountId === null || accountId === undefined) return 'Closebooks_Invoice_Held_No_Account';
    if (!hasLines) return 'Closebooks_Invoice_Held_No_Products';
    return undefined;
}

const isBlank = (value: unknown) => typeof value !== 'string' || value.trim() === '';
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * CustomerSyncService.changedFields: the mapped fields that differ from the previous version (on
 * insert, those not empty), sorted.
 */
function changedFields(org: Org, object: string, record: Values, before: Values | undefined) {
    return outboundFields(org, object)
        .filter(({ stored }) =>
            before === undefined
                ? record[stored] !== null && record[stored] !== undefined
                : !same(record[stored], before[stored])
        )
        .map(({ name }) => name)
        .sort();
}

/** Before save, as `markWonForInvoicing` and `holdAccountsMissingData`: changes `next` in place. */
export function beforeSave(
    ctx: DmlContext,
    object: string,
    next: Values,
    before: SObjectRecord | undefined
): void {
    const { org } = ctx;
    if (bypassesAutomation(org, ctx.userId)) return;
    if (object === 'Opportunity' && invoicesOn(org, INVOICE_ON_CLOSED_WON)) {
        if (!justWon(org, next, before)) return;
        const label = missingDataLabel(next.AccountId, next.HasOpportunityLineItem === true);
        next[statusField(org)] = label ? SyncStatus.held : SyncStatus.pending;
        next[messageField(org)] = label ? formatLabel(org, label) : null;
    }
    if (object === 'Account' && customerSyncEnabled(org)) {
        if (changedFields(org, object, next, before).length === 0) return;
        if (isBlank(next.BillingCountry)) {
            next[statusField(org)] = SyncStatus.held;
            next[messageField(org)] = formatLabel(org, 'Closebooks_Account_Held_No_Country');
        } else if (next[statusField(org)] === SyncStatus.held) {
            next[statusField(org)] = SyncStatus.pending;
            next[messageField(org)] = null;
        }
    }
}

/**
 * `announceAcceptedQuotes` for one quote: holds the quote and its deal, or clears the quote's
 * earlier status, marks its deal Pending and raises an event.
 */
function acceptedQuote(ctx: DmlContext, quote: Values, before: Values | undefined) {
    const { org } = ctx;
    if (!invoicesOn(org, INVOICE_ON_QUOTE_ACCEPTED)) return undefined;
    if (quote.Status !== QUOTE_ACCEPTED || before?.Status === QUOTE_ACCEPTED) return undefined;
    const label = missingDataLabel(quote.AccountId, Number(quote.LineItemCount) > 0);
    if (label) {
        const held = new Map([[String(quote.Id), formatLabel(org, label)]]);
        recordSyncStatus(org, ctx, held, SyncStatus.held);
        return undefined;
    }
    clearSyncStatus(org, ctx, [String(quote.Id)]);
    recordSyncStatus(org, ctx, new Map([[String(quote.OpportunityId), null]]), SyncStatus.pending);
    return { type: 'quote.accepted' } as const;
}

function draftFor(
    ctx: DmlContext,
    object: string,
    record: Values,
    before: Values | undefined
): Draft | undefined {
    const { org } = ctx;
    switch (object) {
        case 'Opportunity':
            return invoicesOn(org, INVOICE_ON_CLOSED_WON) &&
                justWon(org, record, before) &&
                record[statusField(org)] === SyncStatus.pending
                ? { type: 'opportunity.won' }
                : undefined;
        case 'Quote':
            return acceptedQuote(ctx, record, before);
        case 'Account': {
            if (!customerSyncEnabled(org)) return undefined;
            const fields = changedFields(org, object, record, before);
            // Added after the sorted mapped fields while an account rule is active, as
            // CustomerSyncService does: the billing contact decides the primary Zoho person.
            const billing = packageName(org.schema, BILLING_CONTACT);
            if (
                outboundFields(org, object).length > 0 &&
                before !== undefined &&
                !same(before[billing], record[billing])
            )
                fields.push(BILLING_CONTACT);
            return fields.length > 0 && record[statusField(org)] !== SyncStatus.held
                ? { type: 'account.changed', changedFields: fields }
                : undefined;
        }
        case 'Contact': {
            if (!customerSyncEnabled(org)) return undefined;
            // Added after the sorted mapped fields, as CustomerSyncService does.
            const fields = changedFields(org, object, record, before);
            if (before !== undefined && !same(before.AccountId, record.AccountId))
                fields.push('AccountId');
            if (!record.AccountId || fields.length === 0) return undefined;
            // A contact sent again drops the Held or Failed status of an earlier change.
            if (record[statusField(org)] != null) clearSyncStatus(org, ctx, [String(record.Id)]);
            return { type: 'contact.changed', changedFields: fields };
        }
        default:
            return undefined;
    }
}

/**
 * After save: an event the record raises goes to the transaction's outbox. A record raises one
 * event of each type per transaction: a repeat (a second save of the record, or a re-run after
 * a rollback) hands over the first event again, same id, as CompanionEventService republishes
 * it; the outbox subscriber drops the double. The event id is the record id, type and epoch
 * milliseconds, as CompanionEvent.cls builds it.
 */
export function afterSave(
    ctx: DmlContext,
    object: string,
    record: SObjectRecord,
    before: SObjectRecord | undefined
): void {
    if (!HANDLED.has(object) || bypassesAutomation(ctx.org, ctx.userId)) return;
    const draft = draftFor(ctx, object, record, before);
    if (!draft) return;
    const key = `${record.Id}:${draft.type}`;
    const event: SalesforceEvent = ctx.tx.raised.get(key) ?? {
        eventId: `${record.Id}:${draft.type}:${ctx.now}`,
        type: draft.type,
        objectType: object as SalesforceEvent['objectType'],
        recordId: record.Id,
        occurredAt: new Date(ctx.now).toISOString(),
        userId: ctx.userId,
        ...(draft.changedFields ? { changedFields: draft.changedFields } : {})
    };
    ctx.tx.raised.set(key, event);
    ctx.tx.events.push(event);
}
