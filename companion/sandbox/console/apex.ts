import { randomUUID } from 'node:crypto';

import { z } from 'zod';

import { invoiceFlowEnabled } from '../salesforce/package-settings.ts';
import type { SObjectRecord } from '../salesforce/records.ts';
import { AuraHandledError, callout, type ApexContext, type ApexMethod } from './callout.ts';
import { ConsoleError } from './errors.ts';
import { SETUP_PART_METHODS } from './setup-apex.ts';
import {
    ACCOUNT_FIELDS,
    INVOICE_FIELDS,
    OPPORTUNITY_FIELDS,
    PAYMENT_FIELDS
} from './selector-fields.ts';

export type { ApexContext } from './callout.ts';

const label = (ctx: ApexContext, name: string) => ctx.labels.get(name) ?? name;

/** The same record id in 15 or 18 characters. */
const sameId = (a: unknown, b: unknown) =>
    typeof a === 'string' && typeof b === 'string' && a.slice(0, 15) === b.slice(0, 15);

const idParam = (params: Record<string, unknown>, name: string) =>
    z
        .string()
        .min(15)
        .max(18)
        .parse(params[name], { error: () => `${name} must be a record id` });

function pick(record: SObjectRecord, fields: readonly string[]): Record<string, unknown> {
    return Object.fromEntries(fields.filter((f) => f in record).map((f) => [f, record[f]]));
}

function recordById(ctx: ApexContext, object: string, id: string): SObjectRecord {
    const found = ctx.salesforce.records(ctx.orgId, object).find((r) => sameId(r.Id, id));
    if (!found) throw new AuraHandledError(label(ctx, 'Closebooks_Record_Not_Found'));
    return found;
}

/** How many invoices and payments the account panel lists (ZohoAccountPanelController). */
const RECENT_ROWS = 5;

/** `ORDER BY <dateField> DESC NULLS LAST, Name DESC LIMIT n` over an account's child records. */
export function recentForAccount(
    records: SObjectRecord[],
    accountId: string,
    dateField: string,
    limit: number
): SObjectRecord[] {
    const key = (r: SObjectRecord) => String(r[dateField] ?? '');
    return records
        .filter((r) => sameId(r.Account__c, accountId))
        .sort((a, b) => {
            if (key(a) !== key(b)) {
                if (!key(a)) return 1;
                if (!key(b)) return -1;
                return key(a) < key(b) ? 1 : -1;
            }
            return String(b.Name ?? '').localeCompare(String(a.Name ?? ''));
        })
        .slice(0, limit);
}

function userId(ctx: ApexContext): string {
    const user = [...ctx.salesforce.org(ctx.orgId).users.values()].find(
        (u) => u.username === ctx.username
    );
    if (!user) throw new ConsoleError('console_not_found', `no user ${ctx.username}`);
    return user.id;
}

/** InvoiceRequestService.missingDataReason: the label naming what a deal lacks, or undefined. */
function missingDataReason(record: SObjectRecord): string | undefined {
    if (!record.AccountId) return 'Closebooks_Invoice_Held_No_Account';
    if (record.HasOpportunityLineItem !== true) return 'Closebooks_Invoice_Held_No_Products';
    return undefined;
}

/** What `CompanionEventService.send` does for one record: one event call to the companion. */
function sendEvent(
    ctx: ApexContext,
    type: 'invoice.requested' | 'account.sync_requested',
    objectType: 'Opportunity' | 'Account',
    recordId: string
) {
    ctx.salesforce.sendEvents(ctx.orgId, [
        {
            eventId: `console-${randomUUID()}`,
            type,
            objectType,
            recordId,
            occurredAt: new Date(ctx.now()).toISOString(),
            userId: userId(ctx)
        }
    ]);
}

/** `Math.trunc` of a number of days, as `Decimal.intValue()`; no value stays unset. */
const wholeDays = (days: unknown) => (typeof days === 'number' ? Math.trunc(days) : undefined);

/**
 * The org's `Default` settings record as `getSetupInfo` answers it (unset values are left out,
 * as the platform leaves out an Apex answer's nulls).
 */
function setupInfo(ctx: ApexContext) {
    const settings = ctx.salesforce
        .records(ctx.orgId, 'Closebooks_Setting__mdt')
        .find((r) => r.DeveloperName === 'Default');
    // ClosebooksSettings: a flow is on unless set off.
    const on = (field: string) => settings?.[field] !== false;
    return {
        settings: {
            invoiceTrigger: settings?.Invoice_Trigger__c ?? 'Closed_Won',
            collectionsRecord: settings?.Collections_Record__c ?? 'Task',
            followUpOffsets: settings?.Follow_Up_Offsets__c ?? '3,7,14',
            invoiceFlowEnabled: on('Invoice_Flow_Enabled__c'),
            customerSyncEnabled: on('Customer_Sync_Enabled__c'),
            paymentsFlowEnabled: on('Payments_Flow_Enabled__c'),
            collectionsFlowEnabled: on('Collections_Flow_Enabled__c'),
            revenueSummaryEnabled: on('Revenue_Summary_Enabled__c'),
            companionBaseUrl: settings?.Companion_Base_URL__c ?? '',
            pricesIncludeTax: settings?.Prices_Include_Tax__c === true,
            gracePeriodDays: wholeDays(settings?.Grace_Period_Days__c),
            escalationOffsetDays: wholeDays(settings?.Escalation_Offset_Days__c),
            escalationRecord: settings?.Escalation_Record__c ?? undefined
        }
    };
}

/**
 * The Apex methods the package's components call, by `Class.method`, each doing what the Apex
 * does against the simulated org (reads with the selectors' fields, events through the
 * simulator's event calls, callouts to the companion with the org's Named Credential headers).
 */
export const APEX_METHODS: Record<string, ApexMethod> = {
    'ZohoOpportunityInvoiceController.getInvoiceStatus': (params, ctx) =>
        pick(recordById(ctx, 'Opportunity', idParam(params, 'opportunityId')), OPPORTUNITY_FIELDS),
    'ZohoOpportunityInvoiceController.createInvoiceNow': (params, ctx) => {
        const id = idParam(params, 'opportunityId');
        if (!invoiceFlowEnabled(ctx.salesforce.org(ctx.orgId)))
            throw new AuraHandledError(label(ctx, 'Closebooks_Invoice_Flow_Off'));
        const record = recordById(ctx, 'Opportunity', id);
        const reason = missingDataReason(record);
        // InvoiceRequestService.requestInvoices: a deal that cannot be invoiced is held with the
        // reason (and the reason is the answer); otherwise it is pending and the event is sent.
        ctx.salesforce.update(ctx.orgId, 'Opportunity', record.Id, {
            Closebooks_Sync_Status__c: reason ? 'Held' : 'Pending',
            Closebooks_Sync_Message__c: reason ? label(ctx, reason) : null
        });
        if (reason) throw new AuraHandledError(label(ctx, reason));
        sendEvent(ctx, 'invoice.requested', 'Opportunity', record.Id);
        return label(ctx, 'Closebooks_Invoice_Requested');
    },
    'ZohoOpportunityInvoiceController.previewInvoice': (params, ctx) => {
        const record = recordById(ctx, 'Opportunity', idParam(params, 'opportunityId'));
        return callout(ctx, 'POST', '/v1/invoices/preview', { opportunityId: record.Id });
    },
    'ZohoAccountPanelController.getAccountSummary': (params, ctx) => {
        const account = recordById(ctx, 'Account', idParam(params, 'accountId'));
        const id = String(account.Id);
        return {
            account: pick(account, ACCOUNT_FIELDS),
            invoices: recentForAccount(
                ctx.salesforce.records(ctx.orgId, 'Zoho_Invoice__c'),
                id,
                'Invoice_Date__c',
                RECENT_ROWS
            ).map((r) => pick(r, INVOICE_FIELDS)),
            payments: recentForAccount(
                ctx.salesforce.records(ctx.orgId, 'Zoho_Payment__c'),
                id,
                'Payment_Date__c',
                RECENT_ROWS
            ).map((r) => pick(r, PAYMENT_FIELDS))
        };
    },
    'ZohoAccountPanelController.resyncAccount': (params, ctx) => {
        const record = recordById(ctx, 'Account', idParam(params, 'accountId'));
        sendEvent(ctx, 'account.sync_requested', 'Account', String(record.Id));
        return label(ctx, 'Closebooks_Panel_Resync_Requested');
    },
    'ClosebooksSetupController.getSetupInfo': (_params, ctx) => setupInfo(ctx),
    'ClosebooksSetupController.getConnection': async (_params, ctx) => {
        try {
            return { ...(await callout(ctx, 'GET', '/v1/package/connection')), reachable: true };
        } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            return { reachable: false, connected: false, message };
        }
    },
    'ClosebooksSetupController.getDeadLetters': async (_params, ctx) =>
        (await callout(ctx, 'GET', '/v1/package/dead-letters')).items ?? [],
    'ClosebooksSetupController.getApiBudget': (_params, ctx) =>
        callout(ctx, 'GET', '/v1/package/budget'),
    'ClosebooksReconciliationController.getReconciliation': (params, ctx) => {
        const since = z.iso.date().nullish().parse(params.since);
        return callout(ctx, 'GET', `/v1/package/reconciliation${since ? `?since=${since}` : ''}`);
    },
    'ClosebooksCustomerInboxController.getConflicts': (_params, ctx) =>
        callout(ctx, 'GET', '/v1/package/customers/conflicts'),
    'ClosebooksCustomerInboxController.getReviews': (_params, ctx) =>
        callout(ctx, 'GET', '/v1/package/customers/reviews'),
    'ClosebooksZohoOrgController.getZohoOrganizations': (_params, ctx) =>
        callout(ctx, 'GET', '/v1/package/zoho-organizations'),
    ...SETUP_PART_METHODS
};

/** Runs one Apex stand-in; a method the console does not simulate is refused by name. */
export async function runApex(
    name: string,
    params: Record<string, unknown>,
    ctx: ApexContext
): Promise<unknown> {
    const method = APEX_METHODS[name];
    if (!method)
        throw new ConsoleError(
            'console_unknown_apex',
            `${name} is not simulated in the sandbox console.`
        );
    return method(params, ctx);
}
