import type { WritebackRecord } from '../../store/writebacks.ts';
import type { AppliedPayment } from '../../zoho/schemas/sales.ts';
import {
    allocation,
    allocationKey,
    invoiceMirror,
    opportunityPayment,
    paymentMirror,
    paymentStatus,
    syncEvent,
    type InvoiceMoney,
    type PaymentMoney
} from './map.ts';

/** One payment's applications to the invoice, added up (Zoho may list several). */
export function appliedByPayment(
    applied: readonly Pick<AppliedPayment, 'payment_id' | 'amount' | 'date'>[]
): Map<string, { amount: number; date: string }> {
    const perPayment = new Map<string, { amount: number; date: string }>();
    for (const a of applied) {
        const sum = perPayment.get(a.payment_id);
        perPayment.set(a.payment_id, {
            amount: Math.round(((sum?.amount ?? 0) + a.amount) * 100) / 100,
            date: sum && sum.date > a.date ? sum.date : a.date
        });
    }
    return perPayment;
}

/**
 * Everything Salesforce shows of one invoice's money, as one change in the order the records
 * depend on each other: the invoice mirror and its payments before the allocations that name
 * them, then the deal and its live event. Allocations written before and gone from Zoho (a
 * deleted payment) are set to zero. Pure: the payments are read beforehand.
 */
export function invoiceChange(input: {
    invoice: InvoiceMoney;
    accountId: string;
    opportunityId: string | null;
    invoiceUrl: string;
    applied: readonly Pick<AppliedPayment, 'payment_id' | 'amount' | 'date'>[];
    payments: ReadonlyMap<string, PaymentMoney>;
    /** Allocation keys written before for this invoice. */
    previousKeys: readonly string[];
    today: string;
    nowIso: string;
}): { records: WritebackRecord[]; keys: string[] } {
    const { invoice, accountId, opportunityId, today, nowIso } = input;
    const perPayment = appliedByPayment(input.applied);
    const records: WritebackRecord[] = [
        invoiceMirror({
            invoice,
            accountId,
            opportunityId,
            invoiceUrl: input.invoiceUrl,
            today,
            nowIso
        })
    ];
    for (const paymentId of perPayment.keys()) {
        const payment = input.payments.get(paymentId);
        if (payment) records.push(paymentMirror({ payment, accountId, nowIso }));
    }
    const keys: string[] = [];
    for (const [paymentId, { amount, date }] of perPayment) {
        const key = allocationKey(paymentId, invoice.invoice_id);
        keys.push(key);
        records.push(
            allocation({
                paymentId,
                invoiceId: invoice.invoice_id,
                amount,
                date: date || null,
                known: input.previousKeys.includes(key)
            })
        );
    }
    for (const gone of input.previousKeys.filter((k) => !keys.includes(k))) {
        const [paymentId = '', invoiceId = ''] = gone.split(':');
        records.push(allocation({ paymentId, invoiceId, amount: 0, date: null, known: true }));
    }
    if (opportunityId) {
        const status = paymentStatus(invoice, today).replace('_', ' ');
        records.push(
            opportunityPayment({ invoice, opportunityId, today, nowIso }),
            syncEvent({
                recordId: opportunityId,
                accountId,
                kind: 'payment',
                summary: `Invoice ${invoice.invoice_number}: ${status}, balance ${invoice.currency_code} ${invoice.balance.toFixed(2)}`
            })
        );
    }
    return { records, keys };
}
