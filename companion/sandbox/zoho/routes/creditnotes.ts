import { Hono, type Context } from 'hono';
import { z } from 'zod';

import { scope } from '../api.ts';
import { applyToInvoice, unapply } from '../apply.ts';
import { readBody } from '../body.ts';
import type { ApiEnv, SandboxDeps } from '../deps.ts';
import { ZohoError, zohoErrors } from '../errors.ts';
import { modifiedAfter, paginate, textFilters } from '../list.ts';
import { buildDocument, documentInputSchema, totalsOf } from '../sales.ts';
import { creditNoteAmounts, renderCreditNote, renderInvoice } from '../sales-render.ts';
import type { CreditNote } from '../state.ts';
import { orgToday } from '../time.ts';
import { idString, num, ok, omit, queryFlag } from './common.ts';

const creditNoteSchema = documentInputSchema.extend({
    creditnote_number: z.string().max(100).optional()
});
const applySchema = z.looseObject({
    invoices: z.array(z.looseObject({ invoice_id: idString, amount_applied: num })).min(1)
});

function noteFor(c: Context<ApiEnv>): CreditNote {
    const note = c.get('data').creditNotes.get(c.req.param('id') ?? '');
    if (!note) throw zohoErrors.notFound('Credit note');
    return note;
}

/** Credit notes and applying them to invoices (OAS `credit-notes.yml`, scope creditnotes.*). */
export function creditNoteRoutes(deps: SandboxDeps) {
    return new Hono<ApiEnv>()
        .post('/creditnotes', scope('creditnotes', 'CREATE'), async (c) => {
            const data = c.get('data');
            const body = await readBody(c, creditNoteSchema);
            if (!body.customer_id || !body.line_items)
                throw zohoErrors.invalidValue(body.customer_id ? 'line_items' : 'customer_id');
            let number = body.creditnote_number;
            if (!queryFlag(c, 'ignore_auto_number_generation') || !number) {
                data.org.counters.creditnote += 1;
                number = `CN-${String(data.org.counters.creditnote).padStart(5, '0')}`;
            }
            if ([...data.creditNotes.values()].some((n) => n.number === number))
                throw new ZohoError(400, 1001, `Credit note number ${number} already exists.`);
            const doc = buildDocument(data, body, {
                id: deps.state.nextId(),
                number,
                now: deps.clock.now(),
                nextId: deps.state.nextId,
                entity: 'creditnote'
            });
            totalsOf(data, doc);
            const note: CreditNote = { ...doc, status: 'open' };
            data.creditNotes.set(note.id, note);
            deps.webhooks.emit(
                data.org.organization_id,
                'creditnote',
                'created',
                renderCreditNote(data, note)
            );
            return ok(
                c,
                'The credit note has been created.',
                { creditnote: renderCreditNote(data, note) },
                201
            );
        })
        .get('/creditnotes', scope('creditnotes', 'READ'), (c) => {
            const data = c.get('data');
            let rows = textFilters(c, [...data.creditNotes.values()], {
                creditnote_number: (n) => [n.number],
                reference_number: (n) => [n.reference_number],
                customer_id: (n) => [n.customer_id],
                customer_name: (n) => [data.contacts.get(n.customer_id)?.contact_name ?? '']
            });
            rows = modifiedAfter(c, rows);
            const rendered = rows.map((n) =>
                omit(renderCreditNote(data, n), ['line_items', 'taxes'])
            );
            const page = paginate(c, rendered, {
                reportName: 'Credit Notes',
                sortColumns: [
                    'customer_name',
                    'creditnote_number',
                    'date',
                    'total',
                    'balance',
                    'created_time',
                    'last_modified_time'
                ]
            });
            return ok(c, 'success', { creditnotes: page.rows, page_context: page.page_context });
        })
        .get('/creditnotes/:id', scope('creditnotes', 'READ'), (c) =>
            ok(c, 'success', { creditnote: renderCreditNote(c.get('data'), noteFor(c)) })
        )
        .post('/creditnotes/:id/status/void', scope('creditnotes', 'CREATE'), (c) => {
            const data = c.get('data');
            const note = noteFor(c);
            unapply(data, 'creditnote', note.id, deps.clock.now());
            note.status = 'void';
            note.modified = deps.clock.now();
            return ok(c, 'The credit note has been voided.');
        })
        .get('/creditnotes/:id/invoices', scope('creditnotes', 'READ'), (c) => {
            const data = c.get('data');
            const note = noteFor(c);
            const invoices_credited = [...data.invoices.values()].flatMap((inv) =>
                inv.applied
                    .filter((a) => a.source === 'creditnote' && a.sourceId === note.id)
                    .map((a) => ({
                        creditnote_invoice_id: a.id,
                        invoice_id: inv.id,
                        invoice_number: inv.number,
                        date: a.date,
                        amount_applied: a.amount
                    }))
            );
            return ok(c, 'success', { invoices_credited });
        })
        .post('/creditnotes/:id/invoices', scope('creditnotes', 'CREATE'), async (c) => {
            const data = c.get('data');
            const note = noteFor(c);
            if (note.status === 'void') throw zohoErrors.invalidValue('creditnote_id');
            const body = await readBody(c, applySchema);
            const total = body.invoices.reduce((s, i) => s + i.amount_applied, 0);
            if (total > creditNoteAmounts(data, note).balance + 1e-9)
                throw zohoErrors.invalidValue('amount_applied');
            const now = deps.clock.now();
            const date = orgToday(now, data.org.utcOffsetMinutes);
            for (const entry of body.invoices) {
                const inv = data.invoices.get(entry.invoice_id);
                if (
                    !inv ||
                    inv.customer_id !== note.customer_id ||
                    inv.currency_id !== note.currency_id
                )
                    throw zohoErrors.invalidValue('invoice_id');
                applyToInvoice(
                    data,
                    inv,
                    { source: 'creditnote', sourceId: note.id, amount: entry.amount_applied, date },
                    { nextId: deps.state.nextId, now }
                );
                deps.webhooks.emit(
                    data.org.organization_id,
                    'invoice',
                    'edited',
                    renderInvoice(data, inv, now)
                );
            }
            note.modified = now;
            return ok(c, 'Credits have been applied to the invoice(s).', {
                apply_to_invoices: { invoices: body.invoices }
            });
        });
}
