import type { WritebackRecord } from '../../store/writebacks.ts';
import type { Invoice } from '../../zoho/schemas/sales.ts';
import { invoiceMirrorRecord } from '../invoice-mirror.ts';

/** The Salesforce side of a created invoice: Opportunity fields, the mirror, and a live event. */
export function invoiceWriteback(input: {
    opportunityId: string;
    accountId: string;
    invoice: Invoice;
    invoiceUrl: string;
    drift: number;
    nowIso: string;
}): WritebackRecord[] {
    const { invoice } = input;
    const driftNote =
        input.drift === 0
            ? null
            : `Zoho total differs from Salesforce by ${input.drift.toFixed(2)} ${invoice.currency_code}`;
    return [
        {
            op: 'update',
            sobject: 'Opportunity',
            fields: {
                Id: input.opportunityId,
                Zoho_Invoice_Id__c: invoice.invoice_id,
                Zoho_Invoice_Number__c: invoice.invoice_number,
                Zoho_Invoice_Status__c: invoice.status,
                Zoho_Invoice_URL__c: input.invoiceUrl,
                Zoho_Balance__c: invoice.balance,
                Closebooks_Sync_Status__c: 'Synced',
                Closebooks_Sync_Message__c: driftNote,
                Closebooks_Last_Synced__c: input.nowIso
            }
        },
        invoiceMirrorRecord(invoice, input, {
            Amount_Drift__c: input.drift
        }),
        {
            op: 'create',
            sobject: 'Closebooks_Sync__e',
            fields: {
                Record_Id__c: input.opportunityId,
                Account_Id__c: input.accountId,
                Change_Kind__c: 'invoice',
                Summary__c: `Invoice ${invoice.invoice_number} created: ${invoice.currency_code} ${invoice.total.toFixed(2)}`
            }
        }
    ];
}

/** A deal's sync status and message on the Opportunity, and a live event for open pages. */
function statusWriteback(input: {
    opportunityId: string;
    accountId: string | null;
    status: 'Held' | 'Failed';
    message: string;
    summary: string;
    nowIso: string;
}): WritebackRecord[] {
    const { message } = input;
    return [
        {
            op: 'update',
            sobject: 'Opportunity',
            fields: {
                Id: input.opportunityId,
                Closebooks_Sync_Status__c: input.status,
                Closebooks_Sync_Message__c:
                    message.length > 255 ? `${message.slice(0, 252)}...` : message,
                Closebooks_Last_Synced__c: input.nowIso
            }
        },
        {
            op: 'create',
            sobject: 'Closebooks_Sync__e',
            fields: {
                Record_Id__c: input.opportunityId,
                ...(input.accountId ? { Account_Id__c: input.accountId } : {}),
                Change_Kind__c: 'sync_status',
                Summary__c: input.summary.slice(0, 255)
            }
        }
    ];
}

/** A held deal: every reason, so one fix and a resync are enough. */
export function heldWriteback(input: {
    opportunityId: string;
    accountId: string | null;
    reasons: readonly string[];
    nowIso: string;
}): WritebackRecord[] {
    const message = input.reasons.join(' · ');
    return statusWriteback({
        ...input,
        status: 'Held',
        message,
        summary: `Invoice held: ${message}`
    });
}

/** A deal whose invoice job failed for good: it says so, and where an admin can retry it. */
export function failedWriteback(input: {
    opportunityId: string;
    error: string;
    nowIso: string;
}): WritebackRecord[] {
    const message = `The invoice could not be created: ${input.error}. Retry it from the dead letters in Closebooks setup.`;
    return statusWriteback({
        ...input,
        accountId: null,
        status: 'Failed',
        message,
        summary: message
    });
}
