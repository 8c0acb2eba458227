import type { WritebackRecord } from '../store/writebacks.ts';
import type { InvoiceRow } from '../zoho/schemas/sales.ts';

/** Zoho leaves an unset date blank; Salesforce takes null. */
export const orNull = (value: string | undefined) => (value ? value : null);

/**
 * The `Zoho_Invoice__c` mirror upserted by the Zoho invoice id: the fields every flow writes
 * (the invoice flow after a create, the payments flow after a change), with each flow's own
 * figures (`extra`) before the link and the sync time.
 */
type MirroredInvoice = Pick<
    InvoiceRow,
    | 'invoice_id'
    | 'invoice_number'
    | 'status'
    | 'currency_code'
    | 'date'
    | 'due_date'
    | 'sub_total'
    | 'tax_total'
    | 'total'
    | 'balance'
>;

export function invoiceMirrorRecord(
    invoice: MirroredInvoice,
    input: {
        accountId: string;
        opportunityId?: string | null | undefined;
        invoiceUrl: string;
        nowIso: string;
    },
    extra: Record<string, unknown>
): WritebackRecord {
    return {
        op: 'upsert',
        sobject: 'Zoho_Invoice__c',
        externalIdField: 'Zoho_Invoice_Id__c',
        fields: {
            Zoho_Invoice_Id__c: invoice.invoice_id,
            Name: invoice.invoice_number,
            Invoice_Number__c: invoice.invoice_number,
            Account__c: input.accountId,
            ...(input.opportunityId ? { Opportunity__c: input.opportunityId } : {}),
            Status__c: invoice.status,
            Currency_Code__c: invoice.currency_code,
            Invoice_Date__c: orNull(invoice.date),
            Due_Date__c: orNull(invoice.due_date),
            Sub_Total__c: invoice.sub_total ?? null,
            Tax_Total__c: invoice.tax_total ?? null,
            Total__c: invoice.total,
            Balance__c: invoice.balance,
            ...extra,
            Invoice_URL__c: input.invoiceUrl,
            Last_Synced__c: input.nowIso
        }
    };
}
