import { z } from 'zod';

import { AppError } from '../../errors.ts';
import type { JobContext } from '../../jobs/worker.ts';
import type { Job } from '../../store/jobs.ts';
import { ZohoNotFoundError } from '../../zoho/errors.ts';
import type { ConnectionClients } from '../clients.ts';
import type { FlowSettingsCache } from '../flow-settings.ts';
import type { PaymentSync, SyncOutcome } from './sync.ts';

/** The jobs Zoho webhooks start (see `http/zoho-webhooks.ts`); each re-reads its record. */
export const INVOICE_SYNC_JOB = 'salesforce.invoice.sync';
export const PAYMENT_SYNC_JOB = 'salesforce.payment.sync';
export const CREDIT_NOTE_SYNC_JOB = 'salesforce.credit_note.sync';

const payloadSchema = z.looseObject({
    organizationId: z.string().regex(/^\d+$/),
    recordId: z.string().regex(/^\d+$/)
});

export class PaymentJobError extends AppError {
    constructor(code: string, message: string) {
        super(code, message, { retryable: false });
    }
}

/**
 * The handlers of the Zoho hint jobs (flow F3). A webhook only says which record changed: the
 * record is read afresh from Zoho and everything it touches is brought up to date, so a late,
 * repeated or out-of-order hint leaves the same state as a timely one.
 */
export function createPaymentFlow(deps: {
    clients: ConnectionClients;
    sync: PaymentSync;
    settings: FlowSettingsCache;
}) {
    /** With the flow switched off in the package settings, hints are acknowledged and left. */
    async function enabled(connectionId: string, ctx: JobContext): Promise<boolean> {
        const on = (await deps.settings.get(connectionId)).paymentsEnabled;
        if (!on) ctx.log.info('payments flow is switched off: hint ignored');
        return on;
    }

    function parse(job: Job) {
        const payload = payloadSchema.safeParse(job.payload);
        if (!payload.success || !job.connectionId)
            throw new PaymentJobError(
                'payment_job_malformed',
                `job ${job.id} names no Zoho record`
            );
        return {
            connectionId: job.connectionId,
            organizationId: payload.data.organizationId,
            recordId: payload.data.recordId,
            actor: `job:${job.id}`,
            correlationId: job.correlationId
        };
    }

    function report(ctx: JobContext, outcome: SyncOutcome) {
        if (outcome.unlinkedCustomers.length > 0)
            ctx.log.warn(
                { customers: outcome.unlinkedCustomers },
                'money of customers with no Salesforce account was not mirrored'
            );
    }

    /**
     * Zoho sends an invoice's webhook for a payment too, after the payment's own: the invoice is
     * read, and when it is the very version already mirrored, that one read is all it costs.
     */
    async function invoice(job: Job, ctx: JobContext): Promise<void> {
        const { recordId, ...req } = parse(job);
        if (!(await enabled(req.connectionId, ctx))) return;
        const zoho = await deps.clients.zoho(req.connectionId, req.organizationId);
        let read;
        try {
            read = await zoho.invoices.get(recordId);
        } catch (error) {
            if (error instanceof ZohoNotFoundError) {
                ctx.log.info({ invoiceId: recordId }, 'invoice no longer exists in Zoho');
                return;
            }
            throw error;
        }
        if (await deps.sync.alreadyMirrored(req, read)) {
            ctx.log.info({ invoiceId: recordId }, 'invoice unchanged since it was mirrored');
            return;
        }
        report(ctx, await deps.sync.sync({ ...req, invoices: [read] }));
    }

    async function payment(job: Job, ctx: JobContext): Promise<void> {
        const { recordId, ...req } = parse(job);
        if (!(await enabled(req.connectionId, ctx))) return;
        const zoho = await deps.clients.zoho(req.connectionId, req.organizationId);
        let read;
        try {
            read = await zoho.payments.get(recordId);
        } catch (error) {
            // Deleted since: the invoices it paid changed too, and their own hints follow.
            if (error instanceof ZohoNotFoundError) {
                ctx.log.info({ paymentId: recordId }, 'payment no longer exists in Zoho');
                return;
            }
            throw error;
        }
        report(
            ctx,
            await deps.sync.sync({
                ...req,
                invoices: [...new Set(read.invoices.map((i) => i.invoice_id))],
                payments: [read]
            })
        );
    }

    async function creditNote(job: Job, ctx: JobContext): Promise<void> {
        const { recordId, ...req } = parse(job);
        if (!(await enabled(req.connectionId, ctx))) return;
        const zoho = await deps.clients.zoho(req.connectionId, req.organizationId);
        let note;
        try {
            note = await zoho.creditNotes.get(recordId);
        } catch (error) {
            if (error instanceof ZohoNotFoundError) {
                ctx.log.info({ creditNoteId: recordId }, 'credit note no longer exists in Zoho');
                return;
            }
            throw error;
        }
        const credited = await zoho.creditNotes.invoicesCredited(recordId);
        report(
            ctx,
            await deps.sync.sync({
                ...req,
                invoices: [...new Set(credited.map((c) => c.invoice_id))],
                customers: [note.customer_id]
            })
        );
    }

    return {
        handlers: {
            [INVOICE_SYNC_JOB]: invoice,
            [PAYMENT_SYNC_JOB]: payment,
            [CREDIT_NOTE_SYNC_JOB]: creditNote
        }
    };
}
