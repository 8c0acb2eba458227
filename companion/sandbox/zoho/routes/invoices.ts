import { Hono, type Context } from 'hono';
import { z } from 'zod';

import { scope } from '../api.ts';
import { readBody } from '../body.ts';
import { assertUnique } from '../custom-fields.ts';
import type { ApiEnv, SandboxDeps } from '../deps.ts';
import { ZohoError, zohoErrors } from '../errors.ts';
import { modifiedAfter, paginate, textFilters } from '../list.ts';
import { buildDocument, documentInputSchema, totalsOf } from '../sales.ts';
import { invoiceAmounts, invoiceRow, invoiceStatus, renderInvoice } from '../sales-render.ts';
import type { Invoice, OrgData } from '../state.ts';
import { resolveUpsert } from '../upsert.ts';
import { ok, queryFlag } from './common.ts';

const invoiceSchema = documentInputSchema.extend({
    invoice_number: z.string().max(100).optional()
});
type InvoiceInput = z.infer<typeof invoiceSchema>;

const STATUS_FILTERS: Record<string, (status: string) => boolean> = {
    all: () => true,
    sent: (s) => s === 'sent',
    draft: (s) => s === 'draft',
    overdue: (s) => s === 'overdue',
    paid: (s) => s === 'paid',
    void: (s) => s === 'void',
    unpaid: (s) => ['sent', 'overdue', 'partially_paid'].includes(s),
    partially_paid: (s) => s === 'partially_paid',
    viewed: () => false
};
const FILTER_BY: Record<string, string> = {
    'Status.All': 'all',
    'Status.Sent': 'sent',
    'Status.Draft': 'draft',
    'Status.OverDue': 'overdue',
    'Status.Paid': 'paid',
    'Status.Void': 'void',
    'Status.Unpaid': 'unpaid',
    'Status.PartiallyPaid': 'partially_paid',
    'Status.Viewed': 'viewed'
};

export function invoiceFor(c: Context<ApiEnv>): Invoice {
    const invoice = c.get('data').invoices.get(c.req.param('id') ?? '');
    if (!invoice) throw zohoErrors.notFound('Invoice');
    return invoice;
}

function nextNumber(data: OrgData): string {
    let number: string;
    do {
        data.org.counters.invoice += 1;
        number = `${data.org.invoicePrefix}${String(data.org.counters.invoice).padStart(6, '0')}`;
    } while ([...data.invoices.values()].some((i) => i.number === number));
    return number;
}

function dateFilters(c: Context, rows: Invoice[], field: 'date' | 'due_date'): Invoice[] {
    const q = (suffix: string) => c.req.query(`${field}${suffix}`);
    const eq = q('');
    const start = q('_start');
    const end = q('_end');
    const before = q('_before');
    const after = q('_after');
    return rows.filter((r) => {
        const v = r[field];
        return (
            (!eq || v === eq) &&
            (!start || v >= start) &&
            (!end || v <= end) &&
            (!before || v < before) &&
            (!after || v > after)
        );
    });
}

/**
 * An invoice's value in a list sort column, as its rendered row shows it; the common columns
 * are read without rendering the whole row, so a page of a long list costs one sort.
 */
function listValue(data: OrgData, invoice: Invoice, column: string, now: number): unknown {
    // A rendered time names whole seconds and sorts as the instant it names.
    if (column === 'created_time') return Math.floor(invoice.created / 1000) * 1000;
    if (column === 'last_modified_time') return Math.floor(invoice.modified / 1000) * 1000;
    if (column === 'invoice_number') return invoice.number;
    if (column === 'date' || column === 'due_date') return invoice[column];
    if (column === 'customer_name')
        return data.contacts.get(invoice.customer_id)?.contact_name ?? '';
    return (invoiceRow(data, invoice, now) as Record<string, unknown>)[column];
}

/** Invoices: create, list/search, get, update, upsert, delete (reference §6.5, §3.4). */
export function invoiceRoutes(deps: SandboxDeps) {
    const save = (c: Context<ApiEnv>, input: InvoiceInput, previous?: Invoice): Invoice => {
        const data = c.get('data');
        const now = deps.clock.now();
        let number = previous?.number;
        if (!previous) {
            if (queryFlag(c, 'ignore_auto_number_generation')) {
                number = input.invoice_number;
                if (!number) throw zohoErrors.invalidValue('invoice_number');
                if ([...data.invoices.values()].some((i) => i.number === number))
                    throw new ZohoError(400, 1001, `Invoice number ${number} already exists.`);
            } else number = nextNumber(data);
        }
        const doc = buildDocument(
            data,
            input,
            {
                id: previous?.id ?? deps.state.nextId(),
                number: number as string,
                now,
                nextId: deps.state.nextId,
                entity: 'invoice'
            },
            previous
        );
        totalsOf(data, doc);
        assertUnique(data, 'invoice', doc.custom_fields, [...data.invoices.values()], doc.id);
        const invoice: Invoice = {
            ...doc,
            status: previous?.status ?? (queryFlag(c, 'send') ? 'sent' : 'draft'),
            applied: previous?.applied ?? []
        };
        if (previous && invoiceAmounts(data, invoice).balance < 0)
            throw zohoErrors.invalidValue('total');
        data.invoices.set(invoice.id, invoice);
        deps.webhooks.emit(
            data.org.organization_id,
            'invoice',
            previous ? 'edited' : 'created',
            renderInvoice(data, invoice, now)
        );
        return invoice;
    };
    const render = (c: Context<ApiEnv>, invoice: Invoice) =>
        renderInvoice(c.get('data'), invoice, deps.clock.now());
    return new Hono<ApiEnv>()
        .post('/invoices', scope('invoices', 'CREATE'), async (c) => {
            const body = await readBody(c, invoiceSchema);
            if (!body.customer_id) throw zohoErrors.invalidValue('customer_id');
            if (!body.line_items) throw zohoErrors.invalidValue('line_items');
            return ok(
                c,
                'The invoice has been created.',
                { invoice: render(c, save(c, body)) },
                201
            );
        })
        .put('/invoices', scope('invoices', 'UPDATE'), async (c) => {
            const data = c.get('data');
            const target = resolveUpsert(c, 'invoice', data.invoices.values());
            if (target.kind === 'missing') throw zohoErrors.notFound('Invoice');
            const body = await readBody(c, invoiceSchema);
            if (target.kind === 'update') {
                const previous = data.invoices.get(target.id) as Invoice;
                if (previous.status === 'void') throw zohoErrors.invalidValue('invoice_id');
                return ok(c, 'Invoice information has been updated.', {
                    invoice: render(c, save(c, body, previous))
                });
            }
            if (!body.customer_id || !body.line_items)
                throw zohoErrors.invalidValue(body.customer_id ? 'line_items' : 'customer_id');
            const invoice = save(c, body);
            return ok(c, 'The invoice has been created.', { invoice: render(c, invoice) }, 201);
        })
        .get('/invoices', scope('invoices', 'READ'), (c) => {
            const data = c.get('data');
            const now = deps.clock.now();
            const filterBy = c.req.query('filter_by') ?? 'Status.All';
            const fromFilterBy = FILTER_BY[filterBy];
            if (!fromFilterBy) throw zohoErrors.invalidValue('filter_by');
            const status = STATUS_FILTERS[c.req.query('status') ?? fromFilterBy];
            if (!status) throw zohoErrors.invalidValue('status');
            let rows = [...data.invoices.values()];
            if (status !== STATUS_FILTERS.all)
                rows = rows.filter((i) => status(invoiceStatus(data, i, now)));
            const customer = (i: Invoice) => data.contacts.get(i.customer_id);
            rows = textFilters(c, rows, {
                invoice_number: (i) => [i.number],
                reference_number: (i) => [i.reference_number],
                customer_name: (i) => [customer(i)?.contact_name ?? ''],
                customer_id: (i) => [i.customer_id],
                email: (i) => [
                    customer(i)?.contact_persons.find((p) => p.is_primary_contact)?.email ?? ''
                ],
                item_name: (i) => i.line_items.map((l) => l.name),
                item_id: (i) => i.line_items.map((l) => l.item_id),
                item_description: (i) => i.line_items.map((l) => l.description),
                custom_field: (i) => i.custom_fields.map((f) => String(f.value)),
                search_text: (i) => [i.number, i.reference_number, customer(i)?.contact_name ?? '']
            });
            rows = modifiedAfter(c, dateFilters(c, dateFilters(c, rows, 'date'), 'due_date'));
            for (const field of ['total', 'balance'] as const) {
                const want = c.req.query(field);
                if (want !== undefined)
                    rows = rows.filter((i) => invoiceAmounts(data, i)[field] === Number(want));
            }
            const page = paginate(
                c,
                rows,
                {
                    reportName: 'Invoices',
                    sortColumns: [
                        'customer_name',
                        'invoice_number',
                        'date',
                        'due_date',
                        'total',
                        'balance',
                        'created_time',
                        'last_modified_time'
                    ],
                    appliedFilter: filterBy
                },
                (i, column) => listValue(data, i, column, now)
            );
            return ok(c, 'success', {
                invoices: page.rows.map((i) => invoiceRow(data, i, now)),
                page_context: page.page_context
            });
        })
        .get('/invoices/:id{\\d+}', scope('invoices', 'READ'), (c) =>
            ok(c, 'success', { invoice: render(c, invoiceFor(c)) })
        )
        .put('/invoices/:id{\\d+}', scope('invoices', 'UPDATE'), async (c) => {
            const previous = invoiceFor(c);
            if (previous.status === 'void')
                throw new ZohoError(400, 2, 'A void invoice cannot be edited.');
            const body = await readBody(c, invoiceSchema);
            return ok(c, 'Invoice information has been updated.', {
                invoice: render(c, save(c, body, previous))
            });
        })
        .delete('/invoices/:id{\\d+}', scope('invoices', 'DELETE'), (c) => {
            const data = c.get('data');
            const invoice = invoiceFor(c);
            if (invoice.applied.length > 0)
                throw new ZohoError(
                    400,
                    2,
                    'Invoices with payments or credits applied cannot be deleted.'
                );
            const rendered = render(c, invoice);
            data.invoices.delete(invoice.id);
            deps.webhooks.emit(data.org.organization_id, 'invoice', 'deleted', rendered);
            return ok(c, 'The invoice has been deleted.');
        });
}
