import { Hono } from 'hono';
import { z } from 'zod';

import { scope } from '../api.ts';
import { applyToInvoice } from '../apply.ts';
import { readBody } from '../body.ts';
import type { ApiEnv, SandboxDeps } from '../deps.ts';
import { ZohoError, zohoErrors } from '../errors.ts';
import { creditNoteAmounts, renderInvoice } from '../sales-render.ts';
import type { Invoice, OrgData } from '../state.ts';
import { orgToday } from '../time.ts';
import { idString, num, ok } from './common.ts';
import { invoiceFor } from './invoices.ts';

const emailSchema = z.looseObject({
    to_mail_ids: z.array(z.email()).min(1),
    cc_mail_ids: z.array(z.email()).optional(),
    subject: z.string().optional(),
    body: z.string().optional()
});

const creditsSchema = z.looseObject({
    apply_creditnotes: z
        .array(z.looseObject({ creditnote_id: idString, amount_applied: num }))
        .min(1)
});

/** Invoice actions; all need `invoices.CREATE` like Zoho's (reference §2.7). */
export function invoiceActionRoutes(deps: SandboxDeps) {
    const changed = (data: OrgData, invoice: Invoice) => {
        invoice.modified = deps.clock.now();
        deps.webhooks.emit(
            data.org.organization_id,
            'invoice',
            'edited',
            renderInvoice(data, invoice, deps.clock.now())
        );
    };
    return new Hono<ApiEnv>()
        .post('/invoices/:id/status/sent', scope('invoices', 'CREATE'), (c) => {
            const invoice = invoiceFor(c);
            if (invoice.status === 'void')
                throw new ZohoError(400, 2, 'A void invoice cannot be marked as sent.');
            if (invoice.status === 'draft') {
                invoice.status = 'sent';
                changed(c.get('data'), invoice);
            }
            return ok(c, 'Invoice status has been changed to Sent.');
        })
        .post('/invoices/:id/email', scope('invoices', 'CREATE'), async (c) => {
            const invoice = invoiceFor(c);
            await readBody(c, emailSchema);
            if (invoice.status === 'void')
                throw new ZohoError(400, 2, 'A void invoice cannot be emailed.');
            // Nothing is sent: the simulator records the mail and marks the invoice sent.
            invoice.extra = { ...invoice.extra, is_emailed: true };
            if (invoice.status === 'draft') invoice.status = 'sent';
            changed(c.get('data'), invoice);
            return ok(c, 'Your invoice has been sent.');
        })
        .post('/invoices/:id/status/void', scope('invoices', 'CREATE'), (c) => {
            const invoice = invoiceFor(c);
            if (invoice.applied.length > 0)
                throw new ZohoError(
                    400,
                    2,
                    'Invoices with payments or credits applied cannot be voided.'
                );
            invoice.status = 'void';
            changed(c.get('data'), invoice);
            return ok(c, 'Invoice status has been changed to Void.');
        })
        .post('/invoices/:id/status/draft', scope('invoices', 'CREATE'), (c) => {
            const invoice = invoiceFor(c);
            if (invoice.status !== 'void')
                throw new ZohoError(400, 2, 'Only a void invoice can be converted to draft.');
            invoice.status = 'draft';
            changed(c.get('data'), invoice);
            return ok(c, 'Status of invoice changed from void to draft');
        })
        .get('/invoices/:id/payments', scope('invoices', 'READ'), (c) => {
            const data = c.get('data');
            const invoice = invoiceFor(c);
            const payments = invoice.applied
                .filter((a) => a.source === 'payment')
                .map((a) => {
                    const p = data.payments.get(a.sourceId);
                    return {
                        payment_id: a.sourceId,
                        invoice_payment_id: a.id,
                        payment_number: p?.payment_number ?? '',
                        payment_mode: p?.payment_mode ?? '',
                        amount: a.amount,
                        date: a.date,
                        reference_number: p?.reference_number ?? '',
                        invoice_id: invoice.id
                    };
                });
            return ok(c, 'success', { payments });
        })
        .get('/invoices/:id/creditsapplied', scope('invoices', 'READ'), (c) => {
            const data = c.get('data');
            const credits = invoiceFor(c)
                .applied.filter((a) => a.source === 'creditnote')
                .map((a) => ({
                    creditnote_id: a.sourceId,
                    creditnote_invoice_id: a.id,
                    creditnotes_number: data.creditNotes.get(a.sourceId)?.number ?? '',
                    credited_date: a.date,
                    amount_applied: a.amount
                }));
            return ok(c, 'success', { credits });
        })
        .post('/invoices/:id/credits', scope('invoices', 'CREATE'), async (c) => {
            const data = c.get('data');
            const invoice = invoiceFor(c);
            const body = await readBody(c, creditsSchema);
            const date = orgToday(deps.clock.now(), data.org.utcOffsetMinutes);
            for (const credit of body.apply_creditnotes) {
                const note = data.creditNotes.get(credit.creditnote_id);
                if (!note) throw zohoErrors.invalidValue('creditnote_id');
                if (
                    note.customer_id !== invoice.customer_id ||
                    note.currency_id !== invoice.currency_id
                )
                    throw zohoErrors.invalidValue('creditnote_id');
                if (credit.amount_applied > creditNoteAmounts(data, note).balance)
                    throw zohoErrors.invalidValue('amount_applied');
                applyToInvoice(
                    data,
                    invoice,
                    {
                        source: 'creditnote',
                        sourceId: note.id,
                        amount: credit.amount_applied,
                        date
                    },
                    { nextId: deps.state.nextId, now: deps.clock.now() }
                );
            }
            changed(data, invoice);
            return ok(c, 'Credits have been applied to the invoice(s).');
        });
}
