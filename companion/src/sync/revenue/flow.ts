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
import { collect } from '../../zoho/resources/common.ts';
import type { ConnectionClients } from '../clients.ts';
import type { FlowSettingsCache } from '../flow-settings.ts';
import { comparable } from '../payments/map.ts';
import { accountsForCustomers } from '../payments/accounts.ts';
import {
    emptySummary,
    monthsBack,
    summarize,
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
        const invoices = await completeRows(
            await collect(zoho.invoices.listAll({ date_start: first, date_end: last })),
            ['customer_id', 'exchange_rate'],
            (i) => i.invoice_id,
            (id) => zoho.invoices.get(id)
        );
        // Neither list filters by a date range (reference §6.6): read them whole, keep the window.
        const payments = await completeRows(
            (await collect(zoho.payments.listAll())).filter((p) => inWindow(p.date)),
            ['customer_id'],
            (p) => p.payment_id,
            (id) => zoho.payments.get(id)
        );
        const creditNotes = await completeRows(
            (await collect(zoho.creditNotes.listAll())).filter((n) => inWindow(n.date)),
            ['customer_id', 'exchange_rate'],
            (n) => n.creditnote_id,
            (id) => zoho.creditNotes.get(id)
        );
        const accounts = await accountsForCustomers(
            deps.db,
            () => deps.clients.salesforce(connectionId),
            { connectionId, zohoOrganizationId: zoho.organizationId },
            [...invoices, ...payments, ...creditNotes].map((d) => d.customer_id)
        );
        const summaries = summarize({
            invoices,
            payments,
            creditNotes,
            accounts,
            months,
            baseCurrency
        });
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
                    invoices: invoices.length,
                    payments: payments.length,
                    creditNotes: creditNotes.length
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
