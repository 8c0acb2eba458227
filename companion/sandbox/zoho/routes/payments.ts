import { Hono, type Context } from 'hono';
import { z } from 'zod';

import { scope } from '../api.ts';
import { applyToInvoice, unapply } from '../apply.ts';
import { readBody } from '../body.ts';
import { applyCustomFields, customFieldInputSchema, renderCustomFields } from '../custom-fields.ts';
import type { ApiEnv, SandboxDeps } from '../deps.ts';
import { zohoErrors } from '../errors.ts';
import { modifiedAfter, paginate, textFilters } from '../list.ts';
import { roundTo } from '../money.ts';
import { currencyOf } from '../sales.ts';
import { invoiceAmounts, renderInvoice } from '../sales-render.ts';
import type { OrgData, Payment } from '../state.ts';
import { formatZohoTime } from '../time.ts';
import { dateString, idString, num, ok, omit } from './common.ts';

const paymentSchema = z.looseObject({
    customer_id: idString,
    payment_mode: z.string().min(1).max(100),
    amount: num.refine((a) => a > 0),
    date: dateString,
    reference_number: z.string().max(100).optional(),
    description: z.string().optional(),
    exchange_rate: num.refine((r) => r > 0).optional(),
    invoices: z.array(z.looseObject({ invoice_id: idString, amount_applied: num })).default([]),
    custom_fields: z.array(customFieldInputSchema).optional()
});

export function renderPayment(data: OrgData, p: Payment) {
    const customer = data.contacts.get(p.customer_id);
    const currency = currencyOf(data, customer?.currency_id ?? data.org.currency_id);
    const applied = p.invoices.reduce((s, i) => s + i.amount_applied, 0);
    const unused = roundTo(p.amount - applied, currency.price_precision);
    return {
        payment_id: p.payment_id,
        payment_number: p.payment_number,
        payment_mode: p.payment_mode,
        amount: p.amount,
        bcy_amount: roundTo(
            p.amount * p.exchange_rate,
            currencyOf(data, data.org.currency_id).price_precision
        ),
        unused_amount: unused,
        amount_refunded: 0,
        bank_charges: 0,
        date: p.date,
        status: 'success',
        reference_number: p.reference_number,
        description: p.description,
        customer_id: p.customer_id,
        customer_name: customer?.contact_name ?? '',
        email: customer?.contact_persons.find((x) => x.is_primary_contact)?.email ?? '',
        exchange_rate: p.exchange_rate,
        currency_id: currency.currency_id,
        currency_code: currency.currency_code,
        currency_symbol: currency.currency_symbol,
        invoice_numbers: p.invoices
            .map((i) => data.invoices.get(i.invoice_id)?.number ?? '')
            .join(','),
        invoices: p.invoices.map((i) => {
            const inv = data.invoices.get(i.invoice_id);
            const amounts = inv ? invoiceAmounts(data, inv) : { total: 0, balance: 0 };
            return {
                invoice_id: i.invoice_id,
                invoice_payment_id: i.invoice_payment_id,
                invoice_number: inv?.number ?? '',
                date: inv?.date ?? '',
                due_date: inv?.due_date ?? '',
                total: amounts.total,
                balance: amounts.balance,
                amount_applied: i.amount_applied
            };
        }),
        ...renderCustomFields(data, p.custom_fields),
        created_time: formatZohoTime(p.created, data.org.utcOffsetMinutes),
        last_modified_time: formatZohoTime(p.modified, data.org.utcOffsetMinutes)
    };
}

/** 1 for the base currency, else the latest rate effective on the payment date (or 1). */
function defaultRate(data: OrgData, currencyId: string, date: string): number {
    if (currencyOf(data, currencyId).is_base_currency) return 1;
    const rates = [...data.exchangeRates.values()]
        .filter((r) => r.currency_id === currencyId && r.effective_date <= date)
        .sort((a, b) => a.effective_date.localeCompare(b.effective_date));
    return rates.at(-1)?.rate ?? 1;
}

function paymentFor(c: Context<ApiEnv>): Payment {
    const p = c.get('data').payments.get(c.req.param('id') ?? '');
    if (!p) throw zohoErrors.notFound('Payment');
    return p;
}

/** Customer payments (reference §6.6); the list key is `customerpayments` as live. */
export function paymentRoutes(deps: SandboxDeps) {
    const emitInvoices = (data: OrgData, ids: string[]) => {
        for (const id of ids) {
            const inv = data.invoices.get(id);
            if (inv)
                deps.webhooks.emit(
                    data.org.organization_id,
                    'invoice',
                    'edited',
                    renderInvoice(data, inv, deps.clock.now())
                );
        }
    };
    return new Hono<ApiEnv>()
        .post('/customerpayments', scope('customerpayments', 'CREATE'), async (c) => {
            const data = c.get('data');
            const body = await readBody(c, paymentSchema);
            const customer = data.contacts.get(body.customer_id);
            if (!customer || customer.contact_type !== 'customer')
                throw zohoErrors.invalidValue('customer_id');
            const applied = body.invoices.reduce((s, i) => s + i.amount_applied, 0);
            if (applied > body.amount + 1e-9) throw zohoErrors.invalidValue('amount_applied');
            for (const i of body.invoices) {
                const inv = data.invoices.get(i.invoice_id);
                if (!inv || inv.customer_id !== customer.contact_id)
                    throw zohoErrors.invalidValue('invoice_id');
                if (i.amount_applied > invoiceAmounts(data, inv).balance)
                    throw zohoErrors.invalidValue('amount_applied');
            }
            const now = deps.clock.now();
            data.org.counters.payment += 1;
            const payment: Payment = {
                payment_id: deps.state.nextId(),
                payment_number: String(data.org.counters.payment),
                customer_id: customer.contact_id,
                payment_mode: body.payment_mode,
                amount: body.amount,
                date: body.date,
                reference_number: body.reference_number ?? '',
                description: body.description ?? '',
                exchange_rate:
                    body.exchange_rate ?? defaultRate(data, customer.currency_id, body.date),
                invoices: [],
                custom_fields: applyCustomFields(data, 'customer_payment', [], body.custom_fields),
                created: now,
                modified: now
            };
            for (const i of body.invoices) {
                const inv = data.invoices.get(i.invoice_id);
                if (!inv) continue;
                const invoicePaymentId = applyToInvoice(
                    data,
                    inv,
                    {
                        source: 'payment',
                        sourceId: payment.payment_id,
                        amount: i.amount_applied,
                        date: body.date
                    },
                    { nextId: deps.state.nextId, now }
                );
                payment.invoices.push({
                    invoice_id: inv.id,
                    invoice_payment_id: invoicePaymentId,
                    amount_applied: i.amount_applied
                });
            }
            data.payments.set(payment.payment_id, payment);
            deps.webhooks.emit(
                data.org.organization_id,
                'customerpayment',
                'created',
                renderPayment(data, payment)
            );
            emitInvoices(
                data,
                payment.invoices.map((i) => i.invoice_id)
            );
            return ok(
                c,
                'The payment has been created.',
                { payment: renderPayment(data, payment) },
                201
            );
        })
        .get('/customerpayments', scope('customerpayments', 'READ'), (c) => {
            const data = c.get('data');
            let rows = [...data.payments.values()];
            rows = textFilters(c, rows, {
                customer_name: (p) => [data.contacts.get(p.customer_id)?.contact_name ?? ''],
                customer_id: (p) => [p.customer_id],
                reference_number: (p) => [p.reference_number],
                payment_mode: (p) => [p.payment_mode],
                notes: (p) => [p.description],
                date: (p) => [p.date],
                search_text: (p) => [
                    p.payment_number,
                    p.reference_number,
                    data.contacts.get(p.customer_id)?.contact_name ?? ''
                ]
            });
            rows = modifiedAfter(c, rows);
            const rendered = rows.map((p) =>
                omit(renderPayment(data, p), ['invoices', 'custom_fields', 'custom_field_hash'])
            );
            const page = paginate(c, rendered, {
                reportName: 'Customer Payments',
                sortColumns: [
                    'customer_name',
                    'payment_number',
                    'payment_mode',
                    'date',
                    'reference_number',
                    'amount',
                    'created_time',
                    'last_modified_time'
                ],
                appliedFilter: 'PaymentMode.All'
            });
            return ok(c, 'success', {
                customerpayments: page.rows,
                page_context: page.page_context
            });
        })
        .get('/customerpayments/:id', scope('customerpayments', 'READ'), (c) =>
            ok(c, 'success', { payment: renderPayment(c.get('data'), paymentFor(c)) })
        )
        .delete('/customerpayments/:id', scope('customerpayments', 'DELETE'), (c) => {
            const data = c.get('data');
            const payment = paymentFor(c);
            const touched = unapply(data, 'payment', payment.payment_id, deps.clock.now());
            data.payments.delete(payment.payment_id);
            emitInvoices(
                data,
                touched.map((i) => i.id)
            );
            return ok(c, 'The payment has been deleted.');
        });
}
