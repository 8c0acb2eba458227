import { z } from 'zod';

import { completeRows } from '../zoho-rows.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import type { JobContext } from '../../jobs/worker.ts';
import type { Logger } from '../../log.ts';
import type { Db } from '../../store/db.ts';
import type { Job } from '../../store/jobs.ts';
import { digestRequest, recordWrite } from '../../store/journal.ts';
import { listMirrorStates, putMirrorState } from '../../store/mirror-state.ts';
import { enqueueWriteback } from '../../store/writebacks.ts';
import { pagesOf } from '../../zoho/resources/common.ts';
import type { ConnectionClients } from '../clients.ts';
import type { FlowSettingsCache } from '../flow-settings.ts';
import { comparable } from '../payments/map.ts';
import { accountsForCustomers } from '../payments/accounts.ts';
import {
    emptySummary,
    monthsBack,
    createRevenueTally,
    summaryRecord,
    type RevenueSummary
} from './summarize.ts';

export const REVENUE_JOB = 'salesforce.revenue.summarize';

/** How many months a run covers, ending with `through` (default: the clock's month). */
const revenueRunSchema = z.strictObject({
    months: z.number().int().min(1).max(60).default(2),
    through: z
        .string()
        .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
        .optional()
});
export type RevenueRun = z.input<typeof revenueRunSchema>;

const subjectOf = (accountId: string, month: string) => `revenue:${accountId}:${month}`;

/** A filter that keeps each id's first row only, and remembers the ids it kept in `ids`. */
function firstSeen<T>(ids: Set<string>, idOf: (row: T) => string) {
    return (row: T) => {
        const id = idOf(row);
        if (ids.has(id)) return false;
        ids.add(id);
        return true;
    };
}

const lastDay = (month: string) => {
    const [y, m] = month.split('-').map(Number) as [number, number];
    return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};

/**
 * The revenue summary (flow F7): for a connection's default Zoho organization, reads the
 * invoices, customer payments and credit notes of the months asked (a nightly run takes this
 * month and the last; a backfill any number back), adds them up per linked account and month,
 * and upserts `Zoho_Revenue_Summary__c` by its key through the write-back queue, one change per
 * account and month. A month equal to what was last written is not written again, and a month
 * written before that has no documents now is written as zero.
 */
export function createRevenueFlow(deps: {
    db: Db;
    clock: Clock;
    log: Logger;
    clients: ConnectionClients;
    settings: FlowSettingsCache;
    onWriteback?: (connectionId: string) => void;
}) {
    /**
     * The account of each customer of a page of documents, asked once per customer in a run:
     * it keeps one entry per customer, however many documents they have.
     */
    function customerAccounts(connectionId: string, zohoOrganizationId: string) {
        const known = new Map<string, string | undefined>();
        return async (documents: readonly { customer_id: string }[]) => {
            const unknown = [...new Set(documents.map((d) => d.customer_id))].filter(
                (id) => !known.has(id)
            );
            if (unknown.length > 0) {
                const found = await accountsForCustomers(
                    deps.db,
                    () => deps.clients.salesforce(connectionId),
                    { connectionId, zohoOrganizationId },
                    unknown
                );
                for (const id of unknown) known.set(id, found.get(id));
            }
            return known;
        };
    }

    async function run(
        connectionId: string,
        input: RevenueRun,
        meta: { actor: string; correlationId: string | null }
    ) {
        const { months: count, through } = revenueRunSchema.parse(input);
        const months = monthsBack(
            through ?? new Date(deps.clock.now()).toISOString().slice(0, 7),
            count
        );
        const first = `${months[0]!}-01`;
        const last = lastDay(months.at(-1)!);
        const inWindow = (date: string) => date >= first && date <= last;
        const zoho = await deps.clients.zoho(connectionId);
        const baseCurrency = (await zoho.organizations.get()).currency_code;
        const tally = createRevenueTally({ months, baseCurrency });
        const accountsOf = customerAccounts(connectionId, zoho.organizationId);
        // Each list is read and added up a page at a time; only ids are kept, so a document a
        // moving list shows twice is counted once.
        const seen = {
            invoices: new Set<string>(),
            payments: new Set<string>(),
            creditNotes: new Set<string>()
        };
        /** Adds up a list a page at a time: the rows `keep` keeps, completed, at their account. */
        const addUp = async <R, D extends { customer_id: string }>(
            pages: AsyncIterable<R[]>,
            keep: (row: R) => boolean,
            complete: (rows: R[]) => Promise<D[]>,
            add: (document: D, accountId: string | undefined) => void
        ) => {
            for await (const rows of pages) {
                const page = await complete(rows.filter(keep));
                const accounts = await accountsOf(page);
                for (const document of page) add(document, accounts.get(document.customer_id));
            }
        };
        await addUp(
            pagesOf((n) => zoho.invoices.list({ date_start: first, date_end: last }, n)),
            firstSeen(seen.invoices, (i) => i.invoice_id),
            (rows) =>
                completeRows(
                    rows,
                    ['customer_id', 'exchange_rate'],
                    (i) => i.invoice_id,
                    (id) => zoho.invoices.get(id)
                ),
            tally.invoice
        );
        // Neither list filters by a date range (reference §6.6): read newest first, and stop at
        // the first page that reaches back before the window.
        const back = (rows: readonly { date: string }[]) => rows.every((r) => r.date >= first);
        const newSeen = firstSeen(seen.payments, (p: { payment_id: string }) => p.payment_id);
        await addUp(
            pagesOf((n) => zoho.payments.list({ sort_column: 'date', sort_order: 'D' }, n), back),
            (p) => inWindow(p.date) && newSeen(p),
            (rows) =>
                completeRows(
                    rows,
                    ['customer_id'],
                    (p) => p.payment_id,
                    (id) => zoho.payments.get(id)
                ),
            tally.payment
        );
        const newCredit = firstSeen(
            seen.creditNotes,
            (c: { creditnote_id: string }) => c.creditnote_id
        );
        await addUp(
            pagesOf(
                (n) => zoho.creditNotes.list({ sort_column: 'date', sort_order: 'D' }, n),
                back
            ),
            (c) => inWindow(c.date) && newCredit(c),
            (rows) =>
                completeRows(
                    rows,
                    ['customer_id', 'exchange_rate'],
                    (c) => c.creditnote_id,
                    (id) => zoho.creditNotes.get(id)
                ),
            tally.creditNote
        );
        const summaries = tally.summaries();
        const previous = await listMirrorStates(deps.db, connectionId, 'revenue:');
        const fresh = new Set(summaries.map((s) => subjectOf(s.accountId, s.month)));
        for (const subject of previous.keys()) {
            const [, accountId = '', month = ''] = subject.split(':');
            if (months.includes(month) && !fresh.has(subject))
                summaries.push(emptySummary(accountId, month, baseCurrency));
        }

        let written = 0;
        for (const [n, month] of months.entries()) {
            const ofMonth = summaries.filter((s) => s.month === month);
            written += await writeMonth(connectionId, ofMonth, previous, meta.correlationId);
            deps.log.info(
                { connectionId, month, accounts: ofMonth.length, done: n + 1, of: months.length },
                'revenue summary progress'
            );
        }
        await recordWrite(deps.db, {
            connectionId,
            correlationId: meta.correlationId,
            actor: meta.actor,
            target: 'salesforce',
            operation: 'revenue.summarize',
            subject: `${months[0]!}..${months.at(-1)!}`,
            requestDigest: digestRequest({ months, summaries: summaries.length }),
            outcome: 'ok',
            detail: {
                months: months.length,
                summaries: summaries.length,
                written,
                documents: {
                    invoices: seen.invoices.size,
                    payments: seen.payments.size,
                    creditNotes: seen.creditNotes.size
                }
            }
        });
        if (written > 0) deps.onWriteback?.(connectionId);
        return { months, summaries: summaries.length, written };
    }

    async function writeMonth(
        connectionId: string,
        summaries: readonly RevenueSummary[],
        previous: ReadonlyMap<string, { dataHash: string }>,
        correlationId: string | null
    ): Promise<number> {
        const nowIso = new Date(deps.clock.now()).toISOString();
        let written = 0;
        await deps.db.transaction(async (tx) => {
            for (const summary of summaries) {
                const subject = subjectOf(summary.accountId, summary.month);
                const records = [summaryRecord(summary, nowIso)];
                const dataHash = digestRequest(comparable(records));
                if (previous.get(subject)?.dataHash === dataHash) continue;
                await enqueueWriteback(tx, {
                    connectionId,
                    subject,
                    records,
                    correlationId: correlationId ?? undefined,
                    nowMs: deps.clock.now()
                });
                await putMirrorState(tx, {
                    connectionId,
                    subject,
                    state: { dataHash, childKeys: [], overdue: false },
                    nowMs: deps.clock.now()
                });
                written++;
            }
        });
        return written;
    }

    async function handle(job: Job, ctx: JobContext): Promise<void> {
        if (!job.connectionId) return;
        if (!(await deps.settings.get(job.connectionId)).revenueEnabled) {
            ctx.log.info('revenue summaries are switched off');
            return;
        }
        const parsed = revenueRunSchema.safeParse(
            (job.payload as { run?: unknown } | null)?.run ?? {}
        );
        if (!parsed.success)
            throw new AppError('revenue_job_malformed', `job ${job.id} asks for no valid months`, {
                retryable: false
            });
        const result = await run(job.connectionId, parsed.data, {
            actor: `job:${job.id}`,
            correlationId: job.correlationId
        });
        ctx.log.info(result, 'revenue summary done');
    }

    return { run, handle };
}
