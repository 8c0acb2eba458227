import type { WritebackRecord } from '../../store/writebacks.ts';
import type { Payment } from '../../zoho/schemas/sales.ts';
import type { InvoiceRow } from '../../zoho/schemas/sales.ts';
import { invoiceMirrorRecord, orNull } from '../invoice-mirror.ts';
import { round } from '../invoice/totals.ts';

/**
 * Pure mapping of Zoho money into Salesforce fields (flow F3): an invoice's payment status and
 * amounts on its Opportunity and its `Zoho_Invoice__c` mirror, each payment as a
 * `Zoho_Payment__c` with one `Zoho_Payment_Allocation__c` per invoice it pays, and the
 * customer's balances on the Account. No I/O, no clock: `today` is the organization's date.
 */

/** API values of the `Opportunity.Zoho_Payment_Status__c` picklist. */
type PaymentStatus = 'Unpaid' | 'Partially_Paid' | 'Paid' | 'Overdue' | 'Void';

/** The invoice fields the mapping reads: a list row has them all (no line items needed). */
export type InvoiceMoney = Pick<
    InvoiceRow,
    | 'invoice_id'
    | 'invoice_number'
    | 'status'
    | 'date'
    | 'due_date'
    | 'currency_code'
    | 'total'
    | 'balance'
    | 'sub_total'
    | 'tax_total'
    | 'payment_made'
    | 'credits_applied'
    | 'last_payment_date'
>;

const OPEN = new Set(['sent', 'viewed', 'overdue', 'partially_paid', 'unpaid', 'approved']);

/**
 * Past due with money still owed. Zoho says `overdue` only for an untouched invoice; a partly
 * paid one past its due date stays `partially_paid` there, yet it is overdue all the same.
 */
export function isOverdue(
    invoice: Pick<InvoiceMoney, 'status' | 'balance' | 'due_date'>,
    today: string
): boolean {
    if (invoice.status === 'overdue') return invoice.balance > 0;
    if (!OPEN.has(invoice.status) || invoice.balance <= 0) return false;
    return !!invoice.due_date && invoice.due_date < today;
}

/** Void, then settled, then late, then partly paid: the most useful word for the rep first. */
export function paymentStatus(invoice: InvoiceMoney, today: string): PaymentStatus {
    if (invoice.status === 'void') return 'Void';
    if (invoice.status !== 'draft' && invoice.balance <= 0) return 'Paid';
    if (isOverdue(invoice, today)) return 'Overdue';
    return invoice.balance < invoice.total ? 'Partially_Paid' : 'Unpaid';
}

/** Money received against the invoice: Zoho's `payment_made` (credits are counted apart). */
export function amountPaid(invoice: InvoiceMoney): number {
    if (invoice.payment_made !== undefined) return invoice.payment_made;
    return round(invoice.total - invoice.balance - (invoice.credits_applied ?? 0), 2);
}

/** The `Zoho_Invoice__c` mirror, upserted by the Zoho invoice id. */
export function invoiceMirror(input: {
    invoice: InvoiceMoney;
    accountId: string;
    opportunityId: string | null;
    invoiceUrl: string;
    today: string;
    nowIso: string;
}): WritebackRecord {
    const { invoice } = input;
    return invoiceMirrorRecord(invoice, input, {
        Amount_Paid__c: amountPaid(invoice),
        Credits_Applied__c: invoice.credits_applied ?? 0,
        Is_Overdue__c: isOverdue(invoice, input.today),
        Last_Payment_Date__c: orNull(invoice.last_payment_date)
    });
}

/** What the deal shows of its invoice's money. */
export function opportunityPayment(input: {
    invoice: InvoiceMoney;
    opportunityId: string;
    today: string;
    nowIso: string;
}): WritebackRecord {
    const { invoice } = input;
    return {
        op: 'update',
        sobject: 'Opportunity',
        fields: {
            Id: input.opportunityId,
            Zoho_Invoice_Status__c: invoice.status,
            Zoho_Payment_Status__c: paymentStatus(invoice, input.today),
            Zoho_Amount_Paid__c: amountPaid(invoice),
            Zoho_Balance__c: invoice.balance,
            Closebooks_Last_Synced__c: input.nowIso
        }
    };
}

/** The payment fields the mirror needs (a full `GET /customerpayments/{id}` has them). */
export type PaymentMoney = Pick<
    Payment,
    | 'payment_id'
    | 'payment_number'
    | 'payment_mode'
    | 'amount'
    | 'unused_amount'
    | 'amount_refunded'
    | 'date'
    | 'reference_number'
    | 'currency_code'
>;

export function paymentMirror(input: {
    payment: PaymentMoney;
    accountId: string;
    nowIso: string;
}): WritebackRecord {
    const { payment } = input;
    return {
        op: 'upsert',
        sobject: 'Zoho_Payment__c',
        externalIdField: 'Zoho_Payment_Id__c',
        fields: {
            Zoho_Payment_Id__c: payment.payment_id,
            Name: `Payment ${payment.payment_number ?? payment.payment_id}`,
            Payment_Number__c: payment.payment_number ?? null,
            Account__c: input.accountId,
            Amount__c: payment.amount,
            Unused_Amount__c: payment.unused_amount ?? 0,
            Amount_Refunded__c: payment.amount_refunded ?? 0,
            Payment_Date__c: orNull(payment.date),
            Payment_Mode__c: payment.payment_mode,
            Reference_Number__c: orNull(payment.reference_number),
            Currency_Code__c: payment.currency_code ?? null,
            Last_Synced__c: input.nowIso
        }
    };
}

/** The key of one payment's allocation to one invoice (`Zoho_Allocation_Id__c`). */
export const allocationKey = (paymentId: string, invoiceId: string) => `${paymentId}:${invoiceId}`;

/**
 * One payment's allocation to one invoice. A new one names both parents by their external ids
 * (master-detail, set once); a known one is updated without them, because a master-detail
 * that cannot be reparented may not be written again.
 */
export function allocation(input: {
    paymentId: string;
    invoiceId: string;
    amount: number;
    date: string | null;
    known: boolean;
}): WritebackRecord {
    return {
        op: 'upsert',
        sobject: 'Zoho_Payment_Allocation__c',
        externalIdField: 'Zoho_Allocation_Id__c',
        fields: {
            Zoho_Allocation_Id__c: allocationKey(input.paymentId, input.invoiceId),
            Amount_Applied__c: input.amount,
            Applied_Date__c: input.date,
            ...(input.known
                ? {}
                : {
                      Zoho_Payment__r: { Zoho_Payment_Id__c: input.paymentId },
                      Zoho_Invoice__r: { Zoho_Invoice_Id__c: input.invoiceId }
                  })
        }
    };
}

/** Money the customer owes past due: the balances of its overdue invoices. */
export function overdueBalance(
    invoices: readonly Pick<InvoiceMoney, 'status' | 'balance' | 'due_date'>[],
    today: string
): number {
    return round(
        invoices.filter((i) => isOverdue(i, today)).reduce((sum, i) => sum + i.balance, 0),
        2
    );
}

type CustomerBalances = { outstanding: number; overdue: number; unusedCredits: number };

/** The Account's balance fields. */
export function accountBalances(input: {
    accountId: string;
    balances: CustomerBalances;
    nowIso: string;
}): WritebackRecord {
    return {
        op: 'update',
        sobject: 'Account',
        fields: {
            Id: input.accountId,
            Zoho_Outstanding_Balance__c: input.balances.outstanding,
            Zoho_Overdue_Balance__c: input.balances.overdue,
            Zoho_Unused_Credits__c: input.balances.unusedCredits,
            Zoho_Last_Synced__c: input.nowIso
        }
    };
}

/** A live event so open account and deal pages refresh. */
export function syncEvent(input: {
    recordId: string;
    accountId: string;
    kind: 'payment' | 'balance';
    summary: string;
}): WritebackRecord {
    return {
        op: 'create',
        sobject: 'Closebooks_Sync__e',
        fields: {
            Record_Id__c: input.recordId,
            Account_Id__c: input.accountId,
            Change_Kind__c: input.kind,
            Summary__c: input.summary.slice(0, 255)
        }
    };
}

/** Sync times, and the set-once parents of an allocation (its key already names them). */
const VOLATILE = new Set([
    'Last_Synced__c',
    'Zoho_Last_Synced__c',
    'Closebooks_Last_Synced__c',
    'Zoho_Payment__r',
    'Zoho_Invoice__r'
]);

/** The records without their sync times and events: equal content gives an equal value. */
export function comparable(records: readonly WritebackRecord[]): unknown {
    return records
        .filter((r) => r.sobject !== 'Closebooks_Sync__e')
        .map((r) => ({
            ...r,
            fields: Object.fromEntries(Object.entries(r.fields).filter(([k]) => !VOLATILE.has(k)))
        }));
}

/** The organization's calendar date; invoices fall due by it (UTC: the companion's clock). */
export const todayOf = (nowMs: number) => new Date(nowMs).toISOString().slice(0, 10);
