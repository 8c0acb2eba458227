import type { Clock } from '../../clock.ts';
import type { Logger } from '../../log.ts';
import type { Db } from '../../store/db.ts';
import { digestRequest, recordWrite } from '../../store/journal.ts';
import { findByZohoId } from '../../store/links.ts';
import {
    getMirrorStates,
    markMirrorVersion,
    putMirrorState,
    type MirrorState
} from '../../store/mirror-state.ts';
import { enqueue, type NewJob } from '../../store/jobs.ts';
import { enqueueWriteback, type WritebackRecord } from '../../store/writebacks.ts';
import { ZohoNotFoundError } from '../../zoho/errors.ts';
import { invoiceWebUrl } from '../../zoho/regions.ts';
import type { InvoiceRow, Payment } from '../../zoho/schemas/sales.ts';
import type { ConnectionClients, RegionalZohoClient } from '../clients.ts';
import { collectionJobs } from '../collections/jobs.ts';
import { overdueForCollections } from '../collections/overdue.ts';
import type { FlowSettingsCache } from '../flow-settings.ts';
import type { OrgDates } from '../org-dates.ts';
import { accountsForCustomers } from './accounts.ts';
import { customerBalances } from './balances.ts';
import { reportUnlinked } from './unlinked.ts';
import { invoiceChange } from './change.ts';
import { accountBalances, comparable, paymentMirror, syncEvent } from './map.ts';
import { invoiceVersion } from './version.ts';

export type SyncDeps = {
    db: Db;
    clock: Clock;
    log: Logger;
    clients: ConnectionClients;
    /** The grace period of collections (`gracePeriodDays`). */
    settings: FlowSettingsCache;
    /** Today in each Zoho organization's time zone. */
    orgDates: OrgDates;
    /** Called after write-backs were queued, so the sender looks sooner. */
    onWriteback?: (connectionId: string) => void;
    /** Called after jobs were queued (collections), so the worker looks sooner. */
    onJobsQueued?: () => void;
};

export type SyncRequest = {
    connectionId: string;
    organizationId: string;
    invoices: readonly (string | InvoiceRow)[];
    /** Payments already read (a payment webhook's own), so they are not read twice. */
    payments?: readonly Payment[];
    /** Customers whose balances changed even with no invoice to show for it (unused credits). */
    customers?: readonly string[];
    actor: string;
    correlationId: string | null;
};

export type SyncOutcome = {
    /** Subjects whose new state was queued for Salesforce (unchanged ones are left alone). */
    written: string[];
    /** Zoho customers with no Salesforce account: their invoices and payments are not shown. */
    unlinkedCustomers: string[];
};

export const invoiceSubject = (invoiceId: string) => `invoice-payments:${invoiceId}`;
const balanceSubject = (accountId: string) => `balance:${accountId}`;

/**
 * Brings Salesforce up to date with Zoho's money for some invoices and their customers: each
 * invoice's mirror, payments and allocations and its deal's payment status as one change, and
 * each customer's balances as another, queued for the write-back sender. A change equal to
 * what was last written is not queued again, so repeated hints and sweeps write nothing.
 */
export function createPaymentSync(deps: SyncDeps) {
    const nowIso = () => new Date(deps.clock.now()).toISOString();

    async function readInvoice(
        zoho: RegionalZohoClient,
        ref: string | InvoiceRow
    ): Promise<(InvoiceRow & { customer_id: string }) | undefined> {
        // A row (or a record already read) with its customer is used as it is; one that leaves
        // the customer out is read in full, as `completeRows` does.
        if (typeof ref !== 'string' && ref.customer_id !== undefined)
            return { ...ref, customer_id: ref.customer_id };
        try {
            return await zoho.invoices.get(typeof ref === 'string' ? ref : ref.invoice_id);
        } catch (error) {
            if (error instanceof ZohoNotFoundError) return undefined;
            throw error;
        }
    }

    async function queue(
        req: SyncRequest,
        subject: string,
        records: WritebackRecord[],
        state: Omit<MirrorState, 'dataHash'>,
        previous: MirrorState | undefined,
        options: {
            /** Jobs that follow from the change (collections), queued with it or not at all. */
            jobs?: readonly NewJob[];
            /** What to send when it is less than what the change is compared by. */
            send?: WritebackRecord[];
        } = {}
    ): Promise<{ written: boolean; dataHash: string }> {
        const jobs = options.jobs ?? [];
        const dataHash = digestRequest(comparable(records));
        if (previous?.dataHash === dataHash && previous.overdue === state.overdue)
            return { written: false, dataHash };
        await deps.db.transaction(async (tx) => {
            await recordWrite(tx, {
                connectionId: req.connectionId,
                correlationId: req.correlationId,
                actor: req.actor,
                target: 'salesforce',
                operation: 'payments.mirror',
                subject,
                requestDigest: dataHash,
                outcome: 'ok',
                detail: { records: records.map((r) => `${r.op} ${r.sobject}`) }
            });
            await enqueueWriteback(tx, {
                connectionId: req.connectionId,
                subject,
                records: options.send ?? records,
                correlationId: req.correlationId ?? undefined,
                nowMs: deps.clock.now()
            });
            await putMirrorState(tx, {
                connectionId: req.connectionId,
                subject,
                state: { ...state, dataHash },
                nowMs: deps.clock.now()
            });
            for (const job of jobs) await enqueue(tx, job);
        });
        if (jobs.length > 0) deps.onJobsQueued?.();
        return { written: true, dataHash };
    }

    /**
     * Whether an invoice as read is exactly the version whose sync last finished (its mirror,
     * payments and customer balances): then an invoice webhook has nothing left to do.
     */
    async function alreadyMirrored(
        req: { connectionId: string; organizationId: string },
        invoice: InvoiceRow
    ): Promise<boolean> {
        const today = await deps.orgDates.today(req.connectionId, req.organizationId);
        const version = invoiceVersion(invoice, today);
        if (version === undefined) return false;
        const subject = invoiceSubject(invoice.invoice_id);
        const states = await getMirrorStates(deps.db, req.connectionId, [subject]);
        return states.get(subject)?.version === version;
    }

    async function sync(req: SyncRequest): Promise<SyncOutcome> {
        const zoho = await deps.clients.zoho(req.connectionId, req.organizationId);
        const today = await deps.orgDates.today(req.connectionId, req.organizationId);
        const { gracePeriodDays } = await deps.settings.get(req.connectionId);
        const payments = new Map((req.payments ?? []).map((p) => [p.payment_id, p]));
        const invoices = (await Promise.all(req.invoices.map((r) => readInvoice(zoho, r)))).filter(
            (i): i is InvoiceRow & { customer_id: string } => i !== undefined
        );
        const customers = [
            ...new Set([
                ...invoices.map((i) => i.customer_id),
                ...(req.payments ?? []).map((p) => p.customer_id),
                ...(req.customers ?? [])
            ])
        ];
        const accounts = await accountsForCustomers(
            deps.db,
            () => deps.clients.salesforce(req.connectionId),
            { connectionId: req.connectionId, zohoOrganizationId: req.organizationId },
            customers
        );
        const states = await getMirrorStates(deps.db, req.connectionId, [
            ...invoices.map((i) => invoiceSubject(i.invoice_id)),
            ...[...accounts.values()].map(balanceSubject)
        ]);
        const outcome: SyncOutcome = { written: [], unlinkedCustomers: [] };
        for (const customerId of customers.filter((c) => !accounts.has(c))) {
            outcome.unlinkedCustomers.push(customerId);
            await reportUnlinked(deps, req, customerId, [
                ...invoices
                    .filter((i) => i.customer_id === customerId)
                    .map((i) => `invoice ${i.invoice_number} (${i.invoice_id})`),
                ...(req.payments ?? [])
                    .filter((p) => p.customer_id === customerId)
                    .map((p) => `payment ${p.payment_id}`)
            ]);
        }

        const paymentOf = async (paymentId: string) => {
            const known = payments.get(paymentId);
            if (known) return known;
            const read = await zoho.payments.get(paymentId);
            payments.set(paymentId, read);
            return read;
        };

        const sent = new Set<string>();
        /** Each invoice with a version, and the state its sync wrote or found. */
        const synced: { subject: string; dataHash: string; version: string }[] = [];
        for (const invoice of invoices) {
            const accountId = accounts.get(invoice.customer_id);
            if (!accountId) continue;
            const subject = invoiceSubject(invoice.invoice_id);
            const previous = states.get(subject);
            const link = await findByZohoId(
                deps.db,
                req.connectionId,
                'invoice',
                req.organizationId,
                invoice.invoice_id
            );
            const opportunityId = link?.salesforceId ?? null;
            const previousKeys = previous?.childKeys ?? [];
            const paid = (invoice.payment_made ?? 0) > 0 || previousKeys.length > 0;
            const applied = paid ? await zoho.invoices.payments(invoice.invoice_id) : [];
            for (const paymentId of new Set(applied.map((a) => a.payment_id)))
                await paymentOf(paymentId);
            const { records, keys } = invoiceChange({
                invoice,
                accountId,
                opportunityId,
                invoiceUrl: invoiceWebUrl(zoho.region, req.organizationId, invoice.invoice_id),
                applied,
                payments,
                previousKeys,
                today,
                nowIso: nowIso()
            });
            const overdue = overdueForCollections(invoice, today, gracePeriodDays);
            const jobs = collectionJobs(req.connectionId, {
                invoice,
                accountId,
                opportunityId,
                url: invoiceWebUrl(zoho.region, req.organizationId, invoice.invoice_id),
                overdue,
                wasOverdue: previous?.overdue ?? false
            });
            const state = { childKeys: keys, overdue };
            // A payment of several invoices goes once per sync: one upsert of a key per request.
            const isRepeat = (r: WritebackRecord) =>
                r.sobject === 'Zoho_Payment__c' && sent.has(String(r.fields.Zoho_Payment_Id__c));
            const send = records.filter((r) => !isRepeat(r));
            const queued = await queue(req, subject, records, state, previous, { jobs, send });
            const version = invoiceVersion(invoice, today);
            if (version) synced.push({ subject, dataHash: queued.dataHash, version });
            if (queued.written) {
                outcome.written.push(subject);
                for (const r of send)
                    if (r.sobject === 'Zoho_Payment__c')
                        sent.add(String(r.fields.Zoho_Payment_Id__c));
            }
        }

        // A payment applied to no invoice (an advance) still belongs on its customer's account.
        for (const payment of (req.payments ?? []).filter((p) => p.invoices.length === 0)) {
            const accountId = accounts.get(payment.customer_id);
            if (!accountId) continue;
            const subject = `payment:${payment.payment_id}`;
            const records = [paymentMirror({ payment, accountId, nowIso: nowIso() })];
            const previous = (await getMirrorStates(deps.db, req.connectionId, [subject])).get(
                subject
            );
            const state = { childKeys: [], overdue: false };
            if ((await queue(req, subject, records, state, previous)).written)
                outcome.written.push(subject);
        }

        for (const customerId of customers) {
            const accountId = accounts.get(customerId);
            if (!accountId) continue;
            const balances = await customerBalances(zoho, customerId, today);
            const subject = balanceSubject(accountId);
            const records = [
                accountBalances({ accountId, balances, nowIso: nowIso() }),
                syncEvent({
                    recordId: accountId,
                    accountId,
                    kind: 'balance',
                    summary: `Outstanding ${balances.outstanding.toFixed(2)}, overdue ${balances.overdue.toFixed(2)}, unused credits ${balances.unusedCredits.toFixed(2)}`
                })
            ];
            const state = { childKeys: [], overdue: balances.overdue > 0 };
            if ((await queue(req, subject, records, state, states.get(subject))).written)
                outcome.written.push(subject);
        }
        // Only now, with the customers' balances done too, is each invoice's version mirrored.
        for (const s of synced)
            await markMirrorVersion(deps.db, { connectionId: req.connectionId, ...s });
        if (outcome.written.length > 0) deps.onWriteback?.(req.connectionId);
        deps.log.info(
            {
                connectionId: req.connectionId,
                invoices: invoices.length,
                customers: customers.length,
                written: outcome.written.length,
                unlinked: outcome.unlinkedCustomers.length
            },
            'payments synced'
        );
        return outcome;
    }

    return { sync, alreadyMirrored, today: deps.orgDates.today };
}
export type PaymentSync = ReturnType<typeof createPaymentSync>;
